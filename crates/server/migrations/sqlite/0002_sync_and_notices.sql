-- Sync: a global version stamped on every change of a synced row (the pull cursor),
-- each device's progress, and the outcome of every mutation ever processed, so a
-- retried push is answered again without being applied twice.

CREATE TABLE sync_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO sync_version (id, value) VALUES (1, 0);

CREATE TABLE sync_clients (
    client_id    TEXT PRIMARY KEY,
    last_seq     BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE sync_mutations (
    mutation_id  TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    -- JSON of the protocol's Outcome: applied (with any decision) or rejected (with the reason).
    outcome      TEXT NOT NULL,
    -- When the person did it, by the device's clock; and when the server processed it.
    created_at   BIGINT NOT NULL,
    processed_at BIGINT NOT NULL
);

CREATE INDEX sync_mutations_client ON sync_mutations (client_id, seq);

CREATE TABLE notices (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    category     TEXT NOT NULL,
    importance   TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    -- JSON array of building ids, or NULL for the whole community.
    audience     TEXT,
    author_id    TEXT NOT NULL REFERENCES users (id),
    published_at BIGINT NOT NULL,
    expires_at   BIGINT,
    -- A withdrawn notice stays as a tombstone so devices learn to delete it.
    withdrawn_at BIGINT,
    version      BIGINT NOT NULL
);

CREATE INDEX notices_sync ON notices (community_id, version);

CREATE TABLE notice_acks (
    notice_id       TEXT NOT NULL REFERENCES notices (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    community_id    TEXT NOT NULL REFERENCES communities (id),
    acknowledged_at BIGINT NOT NULL,
    version         BIGINT NOT NULL,
    PRIMARY KEY (notice_id, user_id)
);

CREATE INDEX notice_acks_sync ON notice_acks (community_id, version);
