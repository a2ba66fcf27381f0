-- Volunteering (志愿服务): volunteer profiles, activities and their shifts, sign-ups
-- with an ordered waitlist, the time-bank ledger and each person's inbox. Every row
-- carries its community and the sync version of its last change.

CREATE TABLE volunteers (
    user_id         TEXT PRIMARY KEY REFERENCES users (id),
    community_id    TEXT NOT NULL REFERENCES communities (id),
    -- JSON array of skill names.
    skills          TEXT NOT NULL,
    availability    TEXT NOT NULL,
    emergency_name  TEXT NOT NULL,
    emergency_phone TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    version         BIGINT NOT NULL
);

CREATE INDEX volunteers_sync ON volunteers (community_id, version);

CREATE TABLE activities (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    place         TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    -- JSON array of skill names.
    skills        TEXT NOT NULL,
    created_by    TEXT REFERENCES users (id),
    version       BIGINT NOT NULL
);

CREATE INDEX activities_sync ON activities (community_id, version);

-- Places taken and people waiting are counted from `signups`; a change of either
-- bumps the shift's version so devices see the new counts.
CREATE TABLE shifts (
    id            TEXT PRIMARY KEY,
    activity_id   TEXT NOT NULL REFERENCES activities (id),
    community_id  TEXT NOT NULL REFERENCES communities (id),
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 0),
    check_in_code TEXT NOT NULL,
    cancelled_at  BIGINT,
    cancel_reason TEXT,
    version       BIGINT NOT NULL
);

CREATE INDEX shifts_sync ON shifts (community_id, version);
CREATE INDEX shifts_activity ON shifts (activity_id);

-- A sign-up is decided by the server when it arrives, so it is never pending here.
-- `queue_no` is the server's first-come order within the shift; a waitlisted
-- sign-up's position is its rank among the waitlisted by `queue_no`, and a change
-- of position bumps its version.
CREATE TABLE signups (
    id               TEXT PRIMARY KEY,
    shift_id         TEXT NOT NULL REFERENCES shifts (id),
    community_id     TEXT NOT NULL REFERENCES communities (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    status           TEXT NOT NULL
        CHECK (status IN ('confirmed', 'waitlisted', 'withdrawn', 'shift_cancelled', 'no_show')),
    queue_no         INTEGER NOT NULL,
    -- By the device's clock; `decided_at` by the server's.
    signed_up_at     BIGINT NOT NULL,
    decided_at       BIGINT NOT NULL,
    checked_in_at    BIGINT,
    checked_out_at   BIGINT,
    credited_minutes BIGINT,
    version          BIGINT NOT NULL,
    UNIQUE (shift_id, queue_no)
);

CREATE INDEX signups_sync ON signups (community_id, version);
CREATE INDEX signups_shift ON signups (shift_id, status, queue_no);
CREATE INDEX signups_user ON signups (user_id, status);
-- A person holds at most one place or waitlist position per shift.
CREATE UNIQUE INDEX signups_active ON signups (shift_id, user_id)
    WHERE status IN ('confirmed', 'waitlisted');

-- The time bank. Append-only: a correction is a new entry, never an update.
CREATE TABLE ledger (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    minutes      BIGINT NOT NULL,
    reason       TEXT NOT NULL
        CHECK (reason IN ('served', 'adjustment', 'transfer_out', 'transfer_in')),
    note         TEXT NOT NULL,
    by_user_id   TEXT NOT NULL REFERENCES users (id),
    signup_id    TEXT REFERENCES signups (id),
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL
);

CREATE INDEX ledger_sync ON ledger (community_id, version);
CREATE INDEX ledger_user ON ledger (user_id, version);
-- A shift is credited once.
CREATE UNIQUE INDEX ledger_signup ON ledger (signup_id) WHERE signup_id IS NOT NULL;

CREATE TABLE inbox (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    shift_id     TEXT REFERENCES shifts (id),
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL
);

CREATE INDEX inbox_sync ON inbox (community_id, version);
CREATE INDEX inbox_user ON inbox (user_id, version);
