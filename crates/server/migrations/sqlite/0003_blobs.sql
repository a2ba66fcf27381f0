-- Photos and other files that mutations refer to, uploaded by id before the
-- mutation is pushed. The content of an id never changes.
CREATE TABLE blobs (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    owner_id     TEXT NOT NULL REFERENCES users (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   BIGINT NOT NULL
);
