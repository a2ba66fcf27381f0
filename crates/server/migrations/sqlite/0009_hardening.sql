-- Hardening against hostile clients.

-- Attempts counted per key (a phone number, a client address) as a leaky bucket: each
-- attempt adds one, and the level drains at a steady rate, so counts decay over time.
-- Kept in the database so that every server instance on it counts the same attempts.
CREATE TABLE rate_buckets (
    key        TEXT PRIMARY KEY,
    level      DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX rate_buckets_updated ON rate_buckets (updated_at);

-- When a phone's failures were last counted: they are forgotten a day later.
ALTER TABLE login_failures ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX login_failures_updated ON login_failures (updated_at);

CREATE INDEX sessions_expires ON sessions (expires_at);

-- Wrong check-in codes tried for a sign-up; at the limit check-in is locked until staff
-- unlock it (which sets it back to 0).
ALTER TABLE signups ADD COLUMN wrong_codes INTEGER NOT NULL DEFAULT 0;

-- When a mutation first named the blob (a case's photo). Blobs never named are removed
-- after a grace period. Every blob stored before this migration counts as named.
ALTER TABLE blobs ADD COLUMN referenced_at BIGINT;
UPDATE blobs SET referenced_at = created_at;
CREATE INDEX blobs_owner_created ON blobs (owner_id, created_at);
CREATE INDEX blobs_unreferenced ON blobs (created_at) WHERE referenced_at IS NULL;
