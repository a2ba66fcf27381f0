-- Community administration: a community runs itself from an empty database. Roles for
-- 楼栋长, 物业 and 街道管理员; verification of self-registered residents; disabled
-- accounts; accounts without a password (imported, or created at the desk) and one-time
-- reset codes; grids with a 网格员 each; buildings with units and floors that can be
-- retired; what 联系社区 shows; where each session logs in from; an audit log.

-- SQLite cannot change a CHECK, so `users` is built anew. Its rows are copied aside,
-- the table dropped and created again, and the rows put back: with foreign keys
-- deferred, putting each row back answers the references the drop left open.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE users_before AS SELECT * FROM users;
DROP TABLE users;

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
    building_id     TEXT REFERENCES buildings (id),
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

INSERT INTO users (id, community_id, street_office, phone, display_name, password_hash, role,
                   building_id, unit, room, created_by, created_at, version, verified_at,
                   password_set_at)
SELECT u.id, u.community_id, c.street_office, u.phone, u.display_name, u.password_hash, u.role,
       u.building_id, u.unit, u.room, u.created_by, u.created_at, u.version, u.created_at,
       u.created_at
FROM users_before u JOIN communities c ON c.id = u.community_id;

DROP TABLE users_before;

CREATE INDEX users_community ON users (community_id);
CREATE INDEX users_sync ON users (community_id, version);
CREATE INDEX users_building ON users (building_id);

-- Grids (网格) of 200–300 households, each with its 网格员; a building is in at most
-- one. They replace the buildings each grid worker covered (grid_areas).
CREATE TABLE grids (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    worker_id    TEXT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    UNIQUE (community_id, name)
);

CREATE INDEX grids_worker ON grids (worker_id);

ALTER TABLE buildings ADD COLUMN units INTEGER;
ALTER TABLE buildings ADD COLUMN floors INTEGER;
-- A retired building is no longer offered; its id (and its QR poster) stays valid.
ALTER TABLE buildings ADD COLUMN retired_at BIGINT;
ALTER TABLE buildings ADD COLUMN grid_id TEXT REFERENCES grids (id);

CREATE INDEX buildings_grid ON buildings (grid_id);

-- Each grid worker's buildings become one grid named after them; a building that two
-- of them covered goes to the first by id.
INSERT INTO grids (id, community_id, name, worker_id, created_at)
SELECT 'grid-' || u.id, u.community_id, u.display_name || '的网格', u.id, u.created_at
FROM users u
WHERE u.id IN (SELECT user_id FROM grid_areas);

UPDATE buildings SET grid_id = (
    SELECT 'grid-' || MIN(a.user_id) FROM grid_areas a WHERE a.building_id = buildings.id
)
WHERE id IN (SELECT building_id FROM grid_areas);

DROP TABLE grid_areas;

-- What 联系社区 shows of the office and the property company, and the sync version of
-- the last change to anything the page shows (office, staff, grids, building heads).
ALTER TABLE communities ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN duty_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN property_name TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN property_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN contacts_version BIGINT NOT NULL DEFAULT 0;

-- Where each session logged in from ("iPhone · 微信"), and when it was last used.
ALTER TABLE sessions ADD COLUMN device_label TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;

-- One-time codes handed out at the desk to set a new password: only a hash is kept,
-- at most one per account, until it is used or expires.
CREATE TABLE reset_codes (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- 说事 categories no longer offered; the cases filed under them keep their name.
ALTER TABLE report_categories ADD COLUMN retired_at BIGINT;

-- Every change to accounts, roles, buildings, grids, categories and time-bank balances:
-- who, when, what, and the changed parts before and after as JSON.
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
