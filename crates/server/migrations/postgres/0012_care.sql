-- 一户一表 and household visits: one record per flat with its members, emergency contact
-- and care tags (JSON, as the core's types serialise them); every call and visit logged
-- at the door, once (its id is the device's); the community's rules of how often each
-- kind of household is called and visited.

CREATE TABLE care_households (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities (id),
    building_id     TEXT NOT NULL REFERENCES buildings (id),
    unit            TEXT NOT NULL,
    room            TEXT NOT NULL,
    -- JSON array of members; JSON of the emergency contact, NULL when there is none.
    members         TEXT NOT NULL,
    emergency       TEXT,
    -- JSON array of the tags staff gave (高龄 is derived from birth years, never stored).
    tags            TEXT NOT NULL,
    note            TEXT NOT NULL,
    registered_at   BIGINT NOT NULL,
    last_visit_at   BIGINT,
    last_reached_at BIGINT,
    last_try_at     BIGINT,
    missed_in_row   BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL,
    UNIQUE (community_id, building_id, unit, room)
);
CREATE INDEX care_households_version ON care_households (community_id, version);

CREATE TABLE care_visits (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    household_id TEXT NOT NULL REFERENCES care_households (id),
    kind         TEXT NOT NULL CHECK (kind IN ('visit', 'call')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('normal', 'needs_help', 'not_seen')),
    note         TEXT NOT NULL,
    at           BIGINT NOT NULL,
    by_id        TEXT NOT NULL REFERENCES users (id),
    -- The 说事 case filed for 需要帮助 (代办).
    case_id      TEXT REFERENCES reports (id),
    version      BIGINT NOT NULL
);
CREATE INDEX care_visits_household ON care_visits (household_id, at);
CREATE INDEX care_visits_version ON care_visits (community_id, version);

CREATE TABLE care_rhythms (
    community_id TEXT NOT NULL REFERENCES communities (id),
    id           TEXT NOT NULL,
    -- The rule as JSON (tags, call, visit, position).
    rule         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX care_rhythms_version ON care_rhythms (community_id, version);
