-- 议事协商: topics residents deliberate and decide on, their opinions, and votes.
-- A change to a topic, its follow-ups or its votes bumps the topic's version; a change
-- to an opinion or its supporters bumps the opinion's.
--
-- Secret ballots (无记名投票): who has voted (deliberation_voters) is kept apart from
-- what was voted (deliberation_choices). A secret choice has a random id, no voter, no
-- time and no version, and nothing joins a choice back to a voter. (SQLite keeps the
-- rows in the order of their random ids; no endpoint reads PostgreSQL's physical order.)

CREATE TABLE deliberation_topics (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    title        TEXT NOT NULL,
    background   TEXT NOT NULL,
    raised_by    TEXT NOT NULL,
    -- The 说事 case it grew from.
    case_id      TEXT REFERENCES reports (id),
    -- JSON: the audience, the planned stages, the vote (NULL: no vote).
    audience     TEXT NOT NULL,
    stages       TEXT NOT NULL,
    vote         TEXT,
    stage        TEXT NOT NULL CHECK (stage IN ('consult', 'vote', 'result', 'follow_up')),
    -- JSON: the tally, computed when the vote closed.
    result       TEXT,
    -- The 居务公开 notice of the result.
    notice_id    TEXT REFERENCES notices (id),
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    closed_at    BIGINT,
    version      BIGINT NOT NULL
);

CREATE INDEX deliberation_topics_sync ON deliberation_topics (community_id, version);
CREATE INDEX deliberation_topics_case ON deliberation_topics (case_id);

CREATE TABLE deliberation_follow_ups (
    id         TEXT PRIMARY KEY,
    topic_id   TEXT NOT NULL REFERENCES deliberation_topics (id),
    body       TEXT NOT NULL,
    by_user_id TEXT NOT NULL REFERENCES users (id),
    at         BIGINT NOT NULL
);

CREATE INDEX deliberation_follow_ups_topic ON deliberation_follow_ups (topic_id, at);

CREATE TABLE deliberation_opinions (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    topic_id      TEXT NOT NULL REFERENCES deliberation_topics (id),
    author_id     TEXT NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    reply         TEXT,
    reply_by      TEXT REFERENCES users (id),
    -- Hidden by staff, with the reason everyone sees; never deleted.
    hidden_reason TEXT,
    hidden_by     TEXT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL
);

CREATE INDEX deliberation_opinions_sync ON deliberation_opinions (community_id, version);

CREATE TABLE deliberation_supports (
    opinion_id TEXT NOT NULL REFERENCES deliberation_opinions (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    at         BIGINT NOT NULL,
    PRIMARY KEY (opinion_id, user_id)
);

-- Who has voted, never what: one row per voter, a person or a household (flat). The
-- key holds under retries, replays, two phones of a household and concurrent requests.
CREATE TABLE deliberation_voters (
    topic_id    TEXT NOT NULL REFERENCES deliberation_topics (id),
    -- 'person:<user id>' or 'flat:<building id>/<unit>/<room>'.
    voter_key   TEXT NOT NULL,
    -- Whose vote it is (for 代投, the resident's).
    user_id     TEXT NOT NULL REFERENCES users (id),
    building_id TEXT REFERENCES buildings (id),
    channel     TEXT NOT NULL CHECK (channel IN ('app', 'paper', 'spoken')),
    -- The staff member who recorded a paper or spoken vote.
    recorded_by TEXT REFERENCES users (id),
    -- By the device's clock (bounded by the server's when it arrived).
    cast_at     BIGINT NOT NULL,
    PRIMARY KEY (topic_id, voter_key)
);

-- What was voted. An open ballot's choice names its voter (it may be changed until the
-- vote closes); a secret one's does not (voter_key NULL), and is never changed.
CREATE TABLE deliberation_choices (
    id        TEXT NOT NULL PRIMARY KEY,
    topic_id  TEXT NOT NULL REFERENCES deliberation_topics (id),
    voter_key TEXT,
    -- JSON array of option ids.
    choice    TEXT NOT NULL,
    UNIQUE (topic_id, voter_key)
);
