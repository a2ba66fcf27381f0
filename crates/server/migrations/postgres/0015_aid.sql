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
-- (no user).
ALTER TABLE ledger ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE ledger DROP CONSTRAINT ledger_reason_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_reason_check
    CHECK (reason IN ('served', 'adjustment', 'transfer_out', 'transfer_in', 'help_given',
                      'help_received'));
