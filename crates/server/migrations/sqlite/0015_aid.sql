-- 互助: help requests between neighbours, paid in time-bank hours. One taker per request
-- (the server decides who was first); the hours move once, when the help is confirmed,
-- as two ledger entries that sum to zero: from the requester, or from the community's
-- 互助池 (a ledger entry with no user), to the volunteer. Each community's floors.

CREATE TABLE aid_requests (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    kind          TEXT NOT NULL
        CHECK (kind IN ('escort', 'errand', 'company', 'haircut', 'appliance', 'other')),
    at            BIGINT NOT NULL,
    place         TEXT NOT NULL,
    note          TEXT NOT NULL,
    requester_id  TEXT NOT NULL REFERENCES users (id),
    channel       TEXT NOT NULL CHECK (channel IN ('app', 'phone', 'visit')),
    -- Staff who wrote it down for the requester (代办).
    filed_by_id   TEXT REFERENCES users (id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'taken', 'done', 'cancelled')),
    taker_id      TEXT REFERENCES users (id),
    cancel_reason TEXT,
    minutes       BIGINT,
    from_pool     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    -- A taken or done request names its one volunteer.
    CHECK (status NOT IN ('taken', 'done') OR taker_id IS NOT NULL)
);
CREATE INDEX aid_requests_version ON aid_requests (community_id, version);

CREATE TABLE aid_settings (
    community_id         TEXT PRIMARY KEY REFERENCES communities (id),
    person_floor_minutes BIGINT NOT NULL,
    pool_floor_minutes   BIGINT NOT NULL,
    version              BIGINT NOT NULL
);
CREATE INDEX aid_settings_version ON aid_settings (community_id, version);

-- The ledger gains the reasons of help given and received, and entries of the 互助池
-- (no user). SQLite changes a CHECK and a NOT NULL only by building the table anew.
CREATE TABLE ledger_new (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    -- NULL: the community's 互助池.
    user_id      TEXT REFERENCES users (id),
    minutes      BIGINT NOT NULL,
    reason       TEXT NOT NULL
        CHECK (reason IN ('served', 'adjustment', 'transfer_out', 'transfer_in', 'help_given',
                          'help_received')),
    note         TEXT NOT NULL,
    by_user_id   TEXT NOT NULL REFERENCES users (id),
    signup_id    TEXT REFERENCES signups (id),
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL
);
INSERT INTO ledger_new (id, community_id, user_id, minutes, reason, note, by_user_id, signup_id,
                        created_at, version)
    SELECT id, community_id, user_id, minutes, reason, note, by_user_id, signup_id, created_at,
           version
    FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_sync ON ledger (community_id, version);
CREATE INDEX ledger_user ON ledger (user_id, version);
CREATE UNIQUE INDEX ledger_signup ON ledger (signup_id) WHERE signup_id IS NOT NULL;
