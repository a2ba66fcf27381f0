-- The schema of 邻里 on PostgreSQL: the same tables, columns, keys and indexes as
-- migrations/sqlite/0001–0010 produce, in PostgreSQL's dialect (BIGINT for every
-- integer, BYTEA for bytes). A later change of the schema is a new file here and its
-- counterpart in migrations/sqlite, with the same number.

-- SQLite's instr(), which the people search uses, for the one layer of SQL.
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE STRICT
    AS 'SELECT strpos(haystack, needle)';

CREATE TABLE communities (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    street_office TEXT NOT NULL,
    created_at    BIGINT NOT NULL
, address TEXT NOT NULL DEFAULT '', office_hours TEXT NOT NULL DEFAULT '', duty_phone TEXT NOT NULL DEFAULT '', property_name TEXT NOT NULL DEFAULT '', property_phone TEXT NOT NULL DEFAULT '', contacts_version BIGINT NOT NULL DEFAULT 0);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    -- NULL only for a street admin (街道管理员), who belongs to no community.
    community_id    TEXT REFERENCES communities (id),
    street_office   TEXT NOT NULL,
    phone           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    -- Empty while no password was ever set (see password_set_at).
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL
        CHECK (role IN ('resident', 'building_head', 'property', 'grid_worker',
                        'community_worker', 'admin', 'street_admin')),
    building_id     TEXT,
    unit            TEXT,
    room            TEXT,
    -- The staff member who registered this person on their behalf (代办), if any.
    created_by      TEXT REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0,
    -- 居民代表.
    representative  BOOLEAN NOT NULL DEFAULT FALSE,
    -- NULL: 待核实, a self-registered resident not yet confirmed by staff or their 楼栋长.
    verified_at     BIGINT,
    verified_by     TEXT REFERENCES users (id),
    -- Set: the account may not log in, and its sessions have ended.
    disabled_at     BIGINT,
    -- What the 联系社区 page shows of a staff member: their duty, and a phone only if
    -- they chose to publish one.
    duty            TEXT NOT NULL DEFAULT '',
    published_phone TEXT,
    -- When a password was last set; NULL for an account that never had one.
    password_set_at BIGINT,
    -- The sync version at which what the account may see last changed (verified, a new
    -- role, building or grid): its devices pull afresh after it.
    scope_version   BIGINT NOT NULL DEFAULT 0,
    CHECK ((role = 'street_admin') = (community_id IS NULL))
);
CREATE INDEX users_community ON users (community_id);
CREATE INDEX users_sync ON users (community_id, version);
CREATE INDEX users_building ON users (building_id);

CREATE TABLE buildings (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    -- Sort key so that "2栋" comes before "10栋".
    position     BIGINT NOT NULL, units BIGINT, floors BIGINT, retired_at BIGINT, grid_id TEXT,
    UNIQUE (community_id, name)
);
CREATE INDEX buildings_grid ON buildings (grid_id);

CREATE TABLE grids (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    worker_id    TEXT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    UNIQUE (community_id, name)
);
ALTER TABLE users ADD FOREIGN KEY (building_id) REFERENCES buildings (id);
ALTER TABLE buildings ADD FOREIGN KEY (grid_id) REFERENCES grids (id);
CREATE INDEX grids_worker ON grids (worker_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
, device_label TEXT NOT NULL DEFAULT '', last_seen_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
    phone        TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
, updated_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX login_failures_updated ON login_failures (updated_at);

CREATE TABLE sync_version (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
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

CREATE TABLE blobs (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    owner_id     TEXT NOT NULL REFERENCES users (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
, referenced_at BIGINT);
CREATE INDEX blobs_owner_created ON blobs (owner_id, created_at);
CREATE INDEX blobs_unreferenced ON blobs (created_at) WHERE referenced_at IS NULL;

CREATE TABLE services (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    category     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content      TEXT NOT NULL,
    search_keys  TEXT NOT NULL,
    updated_by   TEXT REFERENCES users (id),
    updated_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    UNIQUE (community_id, name)
);
CREATE INDEX services_sync ON services (community_id, version);

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

CREATE TABLE shifts (
    id            TEXT PRIMARY KEY,
    activity_id   TEXT NOT NULL REFERENCES activities (id),
    community_id  TEXT NOT NULL REFERENCES communities (id),
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    capacity      BIGINT NOT NULL CHECK (capacity >= 0),
    check_in_code TEXT NOT NULL,
    cancelled_at  BIGINT,
    cancel_reason TEXT,
    version       BIGINT NOT NULL
);
CREATE INDEX shifts_sync ON shifts (community_id, version);
CREATE INDEX shifts_activity ON shifts (activity_id);

CREATE TABLE signups (
    id               TEXT PRIMARY KEY,
    shift_id         TEXT NOT NULL REFERENCES shifts (id),
    community_id     TEXT NOT NULL REFERENCES communities (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    status           TEXT NOT NULL
        CHECK (status IN ('confirmed', 'waitlisted', 'withdrawn', 'shift_cancelled', 'no_show')),
    queue_no         BIGINT NOT NULL,
    -- By the device's clock; `decided_at` by the server's.
    signed_up_at     BIGINT NOT NULL,
    decided_at       BIGINT NOT NULL,
    checked_in_at    BIGINT,
    checked_out_at   BIGINT,
    credited_minutes BIGINT,
    version          BIGINT NOT NULL, wrong_codes BIGINT NOT NULL DEFAULT 0,
    UNIQUE (shift_id, queue_no)
);
CREATE INDEX signups_sync ON signups (community_id, version);
CREATE INDEX signups_shift ON signups (shift_id, status, queue_no);
CREATE INDEX signups_user ON signups (user_id, status);
CREATE UNIQUE INDEX signups_active ON signups (shift_id, user_id)
    WHERE status IN ('confirmed', 'waitlisted');

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
CREATE UNIQUE INDEX ledger_signup ON ledger (signup_id) WHERE signup_id IS NOT NULL;

CREATE TABLE report_categories (
    community_id  TEXT NOT NULL REFERENCES communities (id),
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    respond_hours BIGINT NOT NULL,
    resolve_hours BIGINT NOT NULL,
    position      BIGINT NOT NULL,
    version       BIGINT NOT NULL, retired_at BIGINT,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX report_categories_sync ON report_categories (community_id, version);

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
    rating_stars     BIGINT CHECK (rating_stars BETWEEN 1 AND 5),
    rating_comment   TEXT,
    version          BIGINT NOT NULL,
    FOREIGN KEY (community_id, category_id) REFERENCES report_categories (community_id, id)
);
CREATE INDEX reports_sync ON reports (community_id, version);

CREATE TABLE report_events (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    position   BIGINT NOT NULL,
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

CREATE TABLE inbox (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    shift_id     TEXT REFERENCES shifts (id),
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL
, report_id TEXT REFERENCES reports (id));
CREATE INDEX inbox_sync ON inbox (community_id, version);
CREATE INDEX inbox_user ON inbox (user_id, version);

CREATE TABLE rate_buckets (
    key        TEXT PRIMARY KEY,
    level      DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX rate_buckets_updated ON rate_buckets (updated_at);

CREATE TABLE reset_codes (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id            TEXT PRIMARY KEY,
    -- NULL for a change of the street office itself.
    community_id  TEXT REFERENCES communities (id),
    street_office TEXT NOT NULL,
    actor_id      TEXT NOT NULL REFERENCES users (id),
    actor_name    TEXT NOT NULL,
    at            BIGINT NOT NULL,
    action        TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    target_label  TEXT NOT NULL,
    before        TEXT,
    after         TEXT
);
CREATE INDEX audit_log_community ON audit_log (community_id, at);
CREATE INDEX audit_log_street ON audit_log (street_office, at);
