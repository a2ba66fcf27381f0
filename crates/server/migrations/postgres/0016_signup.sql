-- 报名 / 预约: sign-ups opened on an 活动 notice or a bookable directory item, their
-- sessions (capacity, optionally one batch of buildings) and each sign-up in the order it
-- reached the server: confirmed or waiting (the waitlist by queue_no), or cancelled.

CREATE TABLE signup_openings (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('notice', 'service')),
    subject_id    TEXT NOT NULL,
    title         TEXT NOT NULL,
    note          TEXT NOT NULL,
    -- Who may sign up, as the wire has it: {"kind": "aged", "from_age": 65}.
    who           TEXT NOT NULL,
    per_household BIGINT,
    closes_at     BIGINT,
    created_by    TEXT NOT NULL REFERENCES users (id),
    version       BIGINT NOT NULL
);
CREATE INDEX signup_openings_version ON signup_openings (community_id, version);
CREATE INDEX signup_openings_subject ON signup_openings (subject_kind, subject_id);

CREATE TABLE signup_sessions (
    id           TEXT PRIMARY KEY,
    opening_id   TEXT NOT NULL REFERENCES signup_openings (id),
    community_id TEXT NOT NULL REFERENCES communities (id),
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    place        TEXT NOT NULL,
    capacity     BIGINT NOT NULL CHECK (capacity > 0),
    -- The batch's building ids as a JSON array; NULL: not by building.
    buildings    TEXT,
    version      BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX signup_sessions_version ON signup_sessions (community_id, version);
CREATE INDEX signup_sessions_opening ON signup_sessions (opening_id);

CREATE TABLE signup_entries (
    id              TEXT PRIMARY KEY,
    session_id      TEXT NOT NULL REFERENCES signup_sessions (id),
    opening_id      TEXT NOT NULL REFERENCES signup_openings (id),
    community_id    TEXT NOT NULL REFERENCES communities (id),
    -- The account: whose household it counts for.
    user_id         TEXT NOT NULL REFERENCES users (id),
    -- Who comes, when a family member rather than the account holder.
    family_name     TEXT,
    family_relation TEXT,
    born            BIGINT,
    status          TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    -- Arrival order within the session: the waitlist's order.
    queue_no        BIGINT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('app', 'phone', 'visit')),
    -- Staff who wrote it down for the resident (代办).
    filed_by_id     TEXT REFERENCES users (id),
    signed_up_at    BIGINT NOT NULL,
    decided_at      BIGINT NOT NULL,
    attended        BOOLEAN,
    version         BIGINT NOT NULL,
    UNIQUE (session_id, queue_no),
    CHECK ((family_name IS NULL) = (family_relation IS NULL))
);
CREATE INDEX signup_entries_version ON signup_entries (community_id, version);
CREATE INDEX signup_entries_session ON signup_entries (session_id, status, queue_no);
CREATE INDEX signup_entries_opening ON signup_entries (opening_id, status);
