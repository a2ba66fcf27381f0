//! Grids (网格): their names, 网格员 and buildings.

use linli_core::Millis;
use linli_core::admin::{GridInfo, PersonRef};
use linli_core::community::Building;

use crate::db::{Conn, new_id};

/// How many households (flats residents gave) live in a grid: counted over its buildings.
const HOUSEHOLDS: &str = "(SELECT COUNT(*) FROM (SELECT DISTINCT u.building_id, u.unit, u.room
    FROM users u JOIN buildings hb ON hb.id = u.building_id
    WHERE hb.grid_id = g.id AND u.unit IS NOT NULL AND u.room IS NOT NULL
      AND u.disabled_at IS NULL) AS flats)";

#[derive(sqlx::FromRow)]
struct GridRow {
    id: String,
    name: String,
    worker_id: Option<String>,
    worker_name: Option<String>,
    #[sqlx(try_from = "i64")]
    households: u32,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    grid_id: String,
    id: String,
    name: String,
}

/// Every grid of the community with its 网格员, buildings and households, by name.
pub async fn list(db: &mut Conn, community_id: &str) -> sqlx::Result<Vec<GridInfo>> {
    let grids: Vec<GridRow> = crate::db::run!(&mut *db, |ex| sqlx::query_as(&format!(
        "SELECT g.id, g.name, g.worker_id, w.display_name AS worker_name, {HOUSEHOLDS} AS households
         FROM grids g LEFT JOIN users w ON w.id = g.worker_id
         WHERE g.community_id = $1 ORDER BY g.name"
    ))
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    let members: Vec<MemberRow> = crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT b.grid_id, b.id, b.name FROM buildings b
         WHERE b.community_id = $1 AND b.grid_id IS NOT NULL ORDER BY b.position, b.name",
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    Ok(grids
        .into_iter()
        .map(|g| GridInfo {
            buildings: members
                .iter()
                .filter(|m| m.grid_id == g.id)
                .map(|m| Building {
                    id: m.id.clone(),
                    name: m.name.clone(),
                })
                .collect(),
            worker: g
                .worker_id
                .zip(g.worker_name)
                .map(|(id, name)| PersonRef { id, name }),
            id: g.id,
            name: g.name,
            households: g.households,
        })
        .collect())
}

/// A grid as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Grid {
    pub id: String,
    pub name: String,
    pub worker_id: Option<String>,
}

pub async fn grid(db: &mut Conn, community_id: &str, id: &str) -> sqlx::Result<Option<Grid>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT id, name, worker_id FROM grids WHERE community_id = $1 AND id = $2"
    )
    .bind(community_id)
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// The buildings of a grid, by id.
pub async fn buildings(db: &mut Conn, grid_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM buildings WHERE grid_id = $1 ORDER BY position"
    )
    .bind(grid_id)
    .fetch_all(ex)
    .await)
}

/// A building and the other grid it is already in.
#[derive(Debug, sqlx::FromRow)]
pub struct Taken {
    pub building: String,
    pub grid: String,
}

/// The first of `building_ids` that is in another grid than `grid_id`.
pub async fn taken(
    db: &mut Conn,
    grid_id: &str,
    building_ids: &[String],
) -> sqlx::Result<Option<Taken>> {
    for id in building_ids {
        let found: Option<Taken> = crate::db::run!(&mut *db, |ex| sqlx::query_as(
            "SELECT b.name AS building, g.name AS grid FROM buildings b
             JOIN grids g ON g.id = b.grid_id WHERE b.id = $1 AND g.id <> $2",
        )
        .bind(id)
        .bind(grid_id)
        .fetch_optional(ex)
        .await)?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

pub async fn insert(db: &mut Conn, community_id: &str, g: &Grid, at: Millis) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "INSERT INTO grids (id, community_id, name, worker_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&g.id)
    .bind(community_id)
    .bind(&g.name)
    .bind(&g.worker_id)
    .bind(at)
    .execute(ex).await)
    .map(|_| ())
}

pub async fn update(db: &mut Conn, g: &Grid) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE grids SET name = $1, worker_id = $2 WHERE id = $3"
    )
    .bind(&g.name)
    .bind(&g.worker_id)
    .bind(&g.id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Makes `building_ids` the grid's buildings (and no others).
pub async fn set_buildings(
    db: &mut Conn,
    grid_id: &str,
    building_ids: &[String],
) -> sqlx::Result<()> {
    crate::db::exec!(&mut *db, |ex| sqlx::query(
        "UPDATE buildings SET grid_id = NULL WHERE grid_id = $1"
    )
    .bind(grid_id)
    .execute(ex)
    .await)?;
    for id in building_ids {
        crate::db::exec!(&mut *db, |ex| sqlx::query(
            "UPDATE buildings SET grid_id = $1 WHERE id = $2"
        )
        .bind(grid_id)
        .bind(id)
        .execute(ex)
        .await)?;
    }
    Ok(())
}

/// Deletes a grid; its buildings are left in none.
pub async fn delete(db: &mut Conn, grid_id: &str) -> sqlx::Result<()> {
    set_buildings(db, grid_id, &[]).await?;
    crate::db::exec!(db, |ex| sqlx::query("DELETE FROM grids WHERE id = $1")
        .bind(grid_id)
        .execute(ex)
        .await)
    .map(|_| ())
}

/// A new id for a grid.
pub fn new_grid_id() -> String {
    new_id()
}

/// Takes the grids of someone who is no longer a 网格员 away from them; their ids.
pub async fn unassign(db: &mut Conn, worker_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "UPDATE grids SET worker_id = NULL WHERE worker_id = $1 RETURNING id"
    )
    .bind(worker_id)
    .fetch_all(ex)
    .await)
}
