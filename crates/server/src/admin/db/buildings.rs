//! Buildings as administrators change them.

use std::collections::HashMap;

use linli_core::Millis;
use linli_core::admin::import::buildings::KnownBuilding;
use linli_core::admin::{BuildingInfo, PersonRef};

use crate::db::{Conn, new_id, small, stored};

#[derive(sqlx::FromRow)]
struct InfoRow {
    id: String,
    name: String,
    units: Option<i64>,
    floors: Option<i64>,
    retired: bool,
    grid_id: Option<String>,
    grid_name: Option<String>,
    residents: i64,
    head_id: Option<String>,
    head_name: Option<String>,
}

fn named(id: Option<String>, name: Option<String>) -> Option<PersonRef> {
    Some(PersonRef {
        id: id?,
        name: name?,
    })
}

/// Every building of the community, retired ones too, in number order.
pub async fn list(db: &mut Conn, community_id: &str) -> sqlx::Result<Vec<BuildingInfo>> {
    let rows: Vec<InfoRow> = crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT b.id, b.name, b.units, b.floors, b.retired_at IS NOT NULL AS retired,
                g.id AS grid_id, g.name AS grid_name,
                (SELECT COUNT(*) FROM users u
                 WHERE u.building_id = b.id AND u.disabled_at IS NULL) AS residents,
                h.id AS head_id, h.display_name AS head_name
         FROM buildings b
         LEFT JOIN grids g ON g.id = b.grid_id
         LEFT JOIN users h ON h.building_id = b.id AND h.role = 'building_head'
                           AND h.disabled_at IS NULL
         WHERE b.community_id = $1
         ORDER BY b.position, b.name",
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| BuildingInfo {
            grid: named(r.grid_id, r.grid_name),
            building_head: named(r.head_id, r.head_name),
            id: r.id,
            name: r.name,
            units: r.units.map(small),
            floors: r.floors.map(small),
            residents: small(r.residents),
            retired: r.retired,
        })
        .collect())
}

/// A building as stored.
#[derive(Debug, Clone)]
pub struct Building {
    pub id: String,
    pub name: String,
    pub units: Option<u32>,
    pub floors: Option<u32>,
    pub retired: bool,
}

#[derive(sqlx::FromRow)]
struct BuildingRow {
    id: String,
    name: String,
    units: Option<i64>,
    floors: Option<i64>,
    retired: bool,
}

impl From<BuildingRow> for Building {
    fn from(b: BuildingRow) -> Self {
        Self {
            id: b.id,
            name: b.name,
            units: b.units.map(small),
            floors: b.floors.map(small),
            retired: b.retired,
        }
    }
}

const BUILDING_SELECT: &str = "SELECT id, name, units, floors, retired_at IS NOT NULL AS retired
    FROM buildings";

pub async fn building(
    db: &mut Conn,
    community_id: &str,
    id: &str,
) -> sqlx::Result<Option<Building>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{BUILDING_SELECT} WHERE community_id = $1 AND id = $2"
    ))
    .bind(community_id)
    .bind(id)
    .fetch_optional(ex)
    .await)
    .map(|row: Option<BuildingRow>| row.map(Building::from))
}

/// The community's buildings by name, retired ones too.
pub async fn by_name(
    db: &mut Conn,
    community_id: &str,
) -> sqlx::Result<HashMap<String, KnownBuilding>> {
    let rows: Vec<BuildingRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{BUILDING_SELECT} WHERE community_id = $1"
    ))
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let b = Building::from(b);
            let known = KnownBuilding {
                id: b.id,
                units: b.units,
                floors: b.floors,
                retired: b.retired,
            };
            (b.name, known)
        })
        .collect())
}

/// Where a building sorts: "12栋" by its number, other names after the numbered ones.
fn position(name: &str) -> i64 {
    name.strip_suffix('栋')
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// Adds a building; returns its id.
pub async fn insert(
    db: &mut Conn,
    community_id: &str,
    name: &str,
    units: Option<u32>,
    floors: Option<u32>,
) -> sqlx::Result<String> {
    let id = new_id();
    crate::db::exec!(db, |ex| sqlx::query(
        "INSERT INTO buildings (id, community_id, name, position, units, floors)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(community_id)
    .bind(name)
    .bind(position(name))
    .bind(stored(units))
    .bind(stored(floors))
    .execute(ex)
    .await)?;
    Ok(id)
}

/// Stores a building's name and sizes, and brings it back if it was retired.
pub async fn update(db: &mut Conn, b: &Building) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE buildings SET name = $1, position = $2, units = $3, floors = $4, retired_at = NULL
         WHERE id = $5",
    )
    .bind(&b.name)
    .bind(position(&b.name))
    .bind(stored(b.units))
    .bind(stored(b.floors))
    .bind(&b.id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Gives the community's buildings whose sizes are unknown these (demo data).
pub async fn size_unknown(
    db: &mut Conn,
    community_id: &str,
    units: u32,
    floors: u32,
) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE buildings SET units = $1, floors = $2
         WHERE community_id = $3 AND units IS NULL AND floors IS NULL",
    )
    .bind(i64::from(units))
    .bind(i64::from(floors))
    .bind(community_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Retires a building: no longer offered, out of its grid; its id stays valid.
pub async fn retire(db: &mut Conn, id: &str, at: Millis) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE buildings SET retired_at = $1, grid_id = NULL WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The active accounts living in a building.
pub async fn residents(db: &mut Conn, building_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM users WHERE building_id = $1 AND disabled_at IS NULL"
    )
    .bind(building_id)
    .fetch_all(ex)
    .await)
}
