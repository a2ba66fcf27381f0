-- Staff devices keep their community's residents (for the welfare check of urgent
-- notices, offline), so accounts carry a sync version like every synced row.
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Existing accounts get fresh versions above the current counter.
UPDATE users SET version = (SELECT value FROM sync_version WHERE id = 1) + rowid;
UPDATE sync_version SET value = value + COALESCE((SELECT MAX(rowid) FROM users), 0) WHERE id = 1;

CREATE INDEX users_sync ON users (community_id, version);
