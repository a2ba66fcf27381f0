//! Communities and their buildings.

use linli_core::community::{Building, Community};

use super::{Conn, Pool, new_id, now_ms};

#[derive(sqlx::FromRow)]
struct CommunityRow {
    id: String,
    name: String,
    street_office: String,
}

#[derive(sqlx::FromRow)]
struct BuildingRow {
    community_id: String,
    id: String,
    name: String,
}

pub async fn list(pool: &Pool) -> sqlx::Result<Vec<Community>> {
    let communities: Vec<CommunityRow> = crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT id, name, street_office FROM communities ORDER BY name"
    )
    .fetch_all(ex)
    .await)?;
    let buildings: Vec<BuildingRow> = crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT community_id, id, name FROM buildings WHERE retired_at IS NULL
         ORDER BY community_id, position, name",
    )
    .fetch_all(ex)
    .await)?;
    Ok(communities
        .into_iter()
        .map(|c| Community {
            buildings: buildings
                .iter()
                .filter(|b| b.community_id == c.id)
                .map(|b| Building {
                    id: b.id.clone(),
                    name: b.name.clone(),
                })
                .collect(),
            id: c.id,
            name: c.name,
            street_office: c.street_office,
        })
        .collect())
}

pub async fn exists(pool: &Pool, community_id: &str) -> sqlx::Result<bool> {
    crate::db::run!(pool, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM communities WHERE id = $1"
    )
    .bind(community_id)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// Whether the building is one of the community's, not retired.
pub async fn building_in_use(
    db: &mut Conn,
    building_id: &str,
    community_id: &str,
) -> sqlx::Result<bool> {
    crate::db::run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM buildings
         WHERE id = $1 AND community_id = $2 AND retired_at IS NULL",
    )
    .bind(building_id)
    .bind(community_id)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// Someone named by id and name.
#[derive(Debug, sqlx::FromRow)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// The active 楼栋长 of a building.
pub async fn building_head(db: &mut Conn, building_id: &str) -> sqlx::Result<Option<Named>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT id, display_name AS name FROM users
         WHERE building_id = $1 AND role = 'building_head' AND disabled_at IS NULL",
    )
    .bind(building_id)
    .fetch_optional(ex)
    .await)
}

/// Something the 联系社区 page shows changed (the office, staff, grids, building heads):
/// every device of the community pulls its row again.
pub async fn touch_contacts(tx: &mut Conn, community_id: &str) -> sqlx::Result<()> {
    let version = super::sync::next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE communities SET contacts_version = $1 WHERE id = $2"
    )
    .bind(version)
    .bind(community_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Whether every id is a building of the community.
pub async fn buildings_exist(
    db: &mut Conn,
    community_id: &str,
    ids: &[String],
) -> sqlx::Result<bool> {
    for id in ids {
        let found: Option<String> = crate::db::run!(&mut *db, |ex| sqlx::query_scalar(
            "SELECT id FROM buildings WHERE id = $1 AND community_id = $2"
        )
        .bind(id)
        .bind(community_id)
        .fetch_optional(ex)
        .await)?;
        if found.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Finds a community by name, creating it if it does not exist. Returns its id.
/// A new community still lacks what the features set up (`features::setup`).
pub async fn ensure(pool: &Pool, name: &str, street_office: &str) -> sqlx::Result<String> {
    crate::db::exec!(pool, |ex| sqlx::query(
        "INSERT INTO communities (id, name, street_office, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(new_id())
    .bind(name)
    .bind(street_office)
    .bind(now_ms())
    .execute(ex)
    .await)?;
    crate::db::run!(pool, |ex| sqlx::query_scalar(
        "SELECT id FROM communities WHERE name = $1"
    )
    .bind(name)
    .fetch_one(ex)
    .await)
}

/// Adds a building unless one of that name exists. Returns its id.
pub async fn ensure_building(
    pool: &Pool,
    community_id: &str,
    name: &str,
    position: i64,
) -> sqlx::Result<String> {
    crate::db::exec!(pool, |ex| sqlx::query(
        "INSERT INTO buildings (id, community_id, name, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id, name) DO NOTHING",
    )
    .bind(new_id())
    .bind(community_id)
    .bind(name)
    .bind(position)
    .execute(ex)
    .await)?;
    crate::db::run!(pool, |ex| sqlx::query_scalar(
        "SELECT id FROM buildings WHERE community_id = $1 AND name = $2"
    )
    .bind(community_id)
    .bind(name)
    .fetch_one(ex)
    .await)
}

/// The names of a building and of its community.
#[derive(sqlx::FromRow)]
pub struct BuildingLabel {
    pub building: String,
    pub community: String,
}

/// The names of a building and its community, if the building is in it.
pub async fn building_label(
    pool: &Pool,
    community_id: &str,
    building_id: &str,
) -> sqlx::Result<Option<BuildingLabel>> {
    crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT b.name AS building, c.name AS community
         FROM buildings b JOIN communities c ON c.id = b.community_id
         WHERE b.id = $1 AND b.community_id = $2",
    )
    .bind(building_id)
    .bind(community_id)
    .fetch_optional(ex)
    .await)
}

/// The id of a building of the community by name.
pub async fn building_id(db: &mut Conn, community_id: &str, name: &str) -> sqlx::Result<String> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM buildings WHERE community_id = $1 AND name = $2"
    )
    .bind(community_id)
    .bind(name)
    .fetch_one(ex)
    .await)
}
