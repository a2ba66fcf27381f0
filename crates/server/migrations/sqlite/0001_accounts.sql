-- Communities, buildings, accounts and login sessions.
-- Timestamps are milliseconds since the Unix epoch (BIGINT), ids are UUID text:
-- both portable to PostgreSQL as they are.

CREATE TABLE communities (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    street_office TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE buildings (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    -- Sort key so that "2栋" comes before "10栋".
    position     INTEGER NOT NULL,
    UNIQUE (community_id, name)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    phone         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL
        CHECK (role IN ('resident', 'grid_worker', 'community_worker', 'admin')),
    building_id   TEXT REFERENCES buildings (id),
    unit          TEXT,
    room          TEXT,
    -- The staff member who registered this person on their behalf (代办), if any.
    created_by    TEXT REFERENCES users (id),
    created_at    BIGINT NOT NULL
);

CREATE INDEX users_community ON users (community_id);

-- Only a hash of each bearer token is stored, so a leaked database grants no logins.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Failed log-ins per phone number (registered or not), to slow down guessing.
CREATE TABLE login_failures (
    phone        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until BIGINT NOT NULL
);
