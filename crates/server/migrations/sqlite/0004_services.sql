-- The one-stop service directory. `content` is the item as staff wrote it and
-- `search_keys` its pinyin, both JSON, computed once on save.
CREATE TABLE services (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    category     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content      TEXT NOT NULL,
    search_keys  TEXT NOT NULL,
    updated_by   TEXT REFERENCES users (id),
    updated_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    UNIQUE (community_id, name)
);

CREATE INDEX services_sync ON services (community_id, version);
