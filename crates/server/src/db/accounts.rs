use linli_core::account::{Address, ResidentCard, Role, UserProfile};
use sqlx::SqlitePool;

use super::{new_id, now_ms};

/// A new account, with its password already hashed.
pub struct NewUser<'a> {
    pub community_id: &'a str,
    pub phone: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub address: &'a Address,
    pub created_by: Option<&'a str>,
}

/// Inserts the account and returns its id. A taken phone number surfaces as a
/// unique violation (see [`super::is_unique_violation`]).
pub async fn insert(pool: &SqlitePool, user: &NewUser<'_>) -> sqlx::Result<String> {
    let id = new_id();
    let mut tx = super::begin_write(pool).await?;
    let version = super::sync::next_version(&mut tx).await?;
    sqlx::query(
        "INSERT INTO users (id, community_id, phone, display_name, password_hash, role,
                            building_id, unit, room, created_by, created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(user.community_id)
    .bind(user.phone)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(&user.address.building_id)
    .bind(&user.address.unit)
    .bind(&user.address.room)
    .bind(user.created_by)
    .bind(now_ms())
    .bind(version)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct CardRow {
    version: i64,
    id: String,
    display_name: String,
    role: String,
    phone: String,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
}

/// Accounts of a community changed in the window, oldest change first.
pub async fn changed(
    db: &mut sqlx::SqliteConnection,
    community_id: &str,
    since: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, ResidentCard)>> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT u.version, u.id, u.display_name, u.role, u.phone, u.building_id,
                b.name AS building_name, u.unit, u.room
         FROM users u LEFT JOIN buildings b ON b.id = u.building_id
         WHERE u.community_id = ? AND u.version > ? AND u.version <= ?
         ORDER BY u.version LIMIT ?",
    )
    .bind(community_id)
    .bind(since)
    .bind(until)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.version,
                ResidentCard {
                    id: r.id,
                    display_name: r.display_name,
                    role: Role::parse(&r.role).unwrap_or(Role::Resident),
                    phone: r.phone,
                    address: Address {
                        building_id: r.building_id,
                        unit: r.unit,
                        room: r.room,
                    },
                    building_name: r.building_name,
                },
            )
        })
        .collect())
}
