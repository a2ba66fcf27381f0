-- 居民说事: matters residents raise (cases), each followed by staff to a result.
-- Every community has its categories with the times it promises; a case keeps the
-- deadlines stamped when it arrived, a timeline, and the people who said "我也遇到".
-- A change to any part of a case bumps the case's version.

CREATE TABLE report_categories (
    community_id  TEXT NOT NULL REFERENCES communities (id),
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    respond_hours INTEGER NOT NULL,
    resolve_hours INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    version       BIGINT NOT NULL,
    PRIMARY KEY (community_id, id)
);

CREATE INDEX report_categories_sync ON report_categories (community_id, version);

-- The buildings a grid worker (网格员) covers.
CREATE TABLE grid_areas (
    user_id     TEXT NOT NULL REFERENCES users (id),
    building_id TEXT NOT NULL REFERENCES buildings (id),
    PRIMARY KEY (user_id, building_id)
);

CREATE TABLE reports (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities (id),
    category_id      TEXT NOT NULL,
    description      TEXT NOT NULL,
    building_id      TEXT REFERENCES buildings (id),
    unit             TEXT,
    room             TEXT,
    place            TEXT,
    geo_lat          DOUBLE PRECISION,
    geo_lng          DOUBLE PRECISION,
    -- JSON array of blob ids.
    photos           TEXT NOT NULL,
    anonymous        BOOLEAN NOT NULL,
    -- NULL when staff filed it for someone without an account (代办).
    reporter_id      TEXT REFERENCES users (id),
    reporter_name    TEXT NOT NULL,
    contact_phone    TEXT,
    channel          TEXT NOT NULL CHECK (channel IN ('app', 'phone', 'visit')),
    -- The staff member who filed it for the resident (代办).
    filed_by         TEXT REFERENCES users (id),
    state            TEXT NOT NULL
        CHECK (state IN ('submitted', 'accepted', 'in_progress', 'resolved', 'closed_unresolved', 'duplicate')),
    assignee_kind    TEXT CHECK (assignee_kind IN ('grid_worker', 'property')),
    assignee_user_id TEXT REFERENCES users (id),
    duplicate_of     TEXT REFERENCES reports (id),
    -- By the server's clock; the deadlines from the category's hours at arrival.
    created_at       BIGINT NOT NULL,
    respond_by       BIGINT NOT NULL,
    resolve_by       BIGINT NOT NULL,
    accepted_at      BIGINT,
    resolved_at      BIGINT,
    closed_at        BIGINT,
    rating_stars     INTEGER CHECK (rating_stars BETWEEN 1 AND 5),
    rating_comment   TEXT,
    version          BIGINT NOT NULL,
    FOREIGN KEY (community_id, category_id) REFERENCES report_categories (community_id, id)
);

CREATE INDEX reports_sync ON reports (community_id, version);

-- A case's timeline, in `position` order.
CREATE TABLE report_events (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    position   INTEGER NOT NULL,
    at         BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    note       TEXT NOT NULL,
    by_user_id TEXT REFERENCES users (id),
    by_name    TEXT NOT NULL,
    UNIQUE (report_id, position)
);

CREATE TABLE report_supporters (
    report_id  TEXT NOT NULL REFERENCES reports (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, user_id)
);

CREATE INDEX report_supporters_user ON report_supporters (user_id);

-- The inbox tells people about their cases too.
ALTER TABLE inbox ADD COLUMN report_id TEXT REFERENCES reports (id);
