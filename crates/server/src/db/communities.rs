use linli_core::community::{Building, Community};
use sqlx::{SqliteExecutor, SqlitePool};

use super::{new_id, now_ms};

pub async fn list(pool: &SqlitePool) -> sqlx::Result<Vec<Community>> {
    let communities: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, street_office FROM communities ORDER BY name")
            .fetch_all(pool)
            .await?;
    let buildings: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT community_id, id, name FROM buildings ORDER BY community_id, position, name",
    )
    .fetch_all(pool)
    .await?;
    Ok(communities
        .into_iter()
        .map(|(id, name, street_office)| Community {
            buildings: buildings
                .iter()
                .filter(|(c, _, _)| *c == id)
                .map(|(_, id, name)| Building {
                    id: id.clone(),
                    name: name.clone(),
                })
                .collect(),
            id,
            name,
            street_office,
        })
        .collect())
}

pub async fn exists(pool: &SqlitePool, community_id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM communities WHERE id = ?")
        .bind(community_id)
        .fetch_one(pool)
        .await
        .map(|n| n > 0)
}

pub async fn building_in_community(
    pool: &SqlitePool,
    building_id: &str,
    community_id: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM buildings WHERE id = ? AND community_id = ?")
        .bind(building_id)
        .bind(community_id)
        .fetch_one(pool)
        .await
        .map(|n| n > 0)
}

/// Finds a community by name, creating it (with its report categories) if it
/// does not exist. Returns its id.
pub async fn ensure(pool: &SqlitePool, name: &str, street_office: &str) -> sqlx::Result<String> {
    let created = sqlx::query(
        "INSERT INTO communities (id, name, street_office, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(new_id())
    .bind(name)
    .bind(street_office)
    .bind(now_ms())
    .execute(pool)
    .await?
    .rows_affected();
    if created == 1 {
        super::reports::ensure_categories(pool).await?;
    }
    sqlx::query_scalar("SELECT id FROM communities WHERE name = ?")
        .bind(name)
        .fetch_one(pool)
        .await
}

/// Adds a building unless one of that name exists. Returns its id.
pub async fn ensure_building(
    db: impl SqliteExecutor<'_> + Copy,
    community_id: &str,
    name: &str,
    position: i64,
) -> sqlx::Result<String> {
    sqlx::query(
        "INSERT INTO buildings (id, community_id, name, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (community_id, name) DO NOTHING",
    )
    .bind(new_id())
    .bind(community_id)
    .bind(name)
    .bind(position)
    .execute(db)
    .await?;
    sqlx::query_scalar("SELECT id FROM buildings WHERE community_id = ? AND name = ?")
        .bind(community_id)
        .bind(name)
        .fetch_one(db)
        .await
}

/// The names of a building and its community, if the building is in it.
pub async fn building_label(
    pool: &SqlitePool,
    community_id: &str,
    building_id: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "SELECT b.name, c.name FROM buildings b JOIN communities c ON c.id = b.community_id
         WHERE b.id = ? AND b.community_id = ?",
    )
    .bind(building_id)
    .bind(community_id)
    .fetch_optional(pool)
    .await
}

/// The id of a building of the community by name.
pub async fn building_id(
    db: &mut sqlx::SqliteConnection,
    community_id: &str,
    name: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT id FROM buildings WHERE community_id = ? AND name = ?")
        .bind(community_id)
        .bind(name)
        .fetch_one(db)
        .await
}
