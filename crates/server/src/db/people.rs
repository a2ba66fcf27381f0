//! People as every feature needs them: who someone is and where they live, which account a
//! session or a phone number belongs to, and the buildings of a 网格员's grids.

use linli_core::Millis;
use linli_core::account::Role;

use super::{Conn, Pool, stored_enum};

stored_enum! {
    /// A role as `users.role` stores it.
    RoleText for Role {
        Resident, BuildingHead, Property, GridWorker, CommunityWorker, Admin, StreetAdmin,
    }
}

/// An account with what its rights depend on: its role, community (none for a street
/// admin), street office, building, and whether it is verified and not disabled.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    #[sqlx(try_from = "RoleText")]
    pub role: Role,
    pub community_id: Option<String>,
    pub street_office: String,
    pub building_id: Option<String>,
    pub verified: bool,
    pub disabled: bool,
}

const ACCOUNT_COLUMNS: &str = "u.id, u.role, u.community_id, u.street_office, u.building_id,
    u.verified_at IS NOT NULL AS verified, u.disabled_at IS NOT NULL AS disabled";

/// The account with this phone.
pub async fn account_by_phone(pool: &Pool, phone: &str) -> sqlx::Result<Option<Account>> {
    crate::db::run!(pool, |ex| sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.phone = $1"
    ))
    .bind(phone)
    .fetch_optional(ex)
    .await)
}

/// The id of the account with this phone.
pub async fn id_by_phone(db: &mut Conn, phone: &str) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM users WHERE phone = $1"
    )
    .bind(phone)
    .fetch_optional(ex)
    .await)
}

/// A session as a request presents it: its account, and whether it is still live.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionAccount {
    #[sqlx(flatten)]
    pub account: Account,
    /// Not revoked, and not expired at the time asked.
    pub live: bool,
    pub last_seen_at: Millis,
}

/// The account of a session, live or not (a session ended because its account was
/// disabled is answered with that reason).
pub async fn session_account(
    pool: &Pool,
    token_hash: &str,
    now: Millis,
) -> sqlx::Result<Option<SessionAccount>> {
    crate::db::run!(pool, |ex| sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS}, (s.revoked_at IS NULL AND s.expires_at > $2) AS live,
                s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await)
}

/// Notes that a session was used at `now`, if it was last noted before `stale_before`
/// (so a busy device writes at most every few minutes).
pub async fn touch_session(
    pool: &Pool,
    token_hash: &str,
    now: Millis,
    stale_before: Millis,
) -> sqlx::Result<()> {
    crate::db::exec!(pool, |ex| sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3"
    )
    .bind(now)
    .bind(token_hash)
    .bind(stale_before)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The buildings of the grids `user_id` works, by id.
pub async fn grid_buildings(db: &mut Conn, user_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT b.id FROM buildings b JOIN grids g ON g.id = b.grid_id
         WHERE g.worker_id = $1 ORDER BY b.position",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await)
}

/// The accounts of a community living in one of `buildings`.
pub async fn living_in(
    db: &mut Conn,
    community_id: &str,
    buildings: &[String],
) -> sqlx::Result<Vec<String>> {
    if buildings.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..buildings.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "SELECT id FROM users WHERE community_id = $1 AND building_id IN ({})",
        placeholders.join(", ")
    );
    crate::db::run!(db, |ex| {
        let mut query = sqlx::query_scalar(&sql).bind(community_id);
        for building in buildings {
            query = query.bind(building);
        }
        query.fetch_all(ex).await
    })
}

/// Each account's scope version as last read (committed values only: one kept from a
/// transaction that rolled back would send its devices to pull afresh over and over).
static SCOPES: super::sync::Growing = super::sync::Growing::new();

/// The sync version at which what `user_id` may see last changed (`users.scope_version`).
pub async fn scope_version(db: &mut Conn, user_id: &str) -> sqlx::Result<i64> {
    let scope = crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT scope_version FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_optional(ex)
    .await)?
    .unwrap_or_default();
    SCOPES.remember(user_id, scope);
    Ok(scope)
}

/// The account's scope version if it is known without asking the database. A change of
/// scope takes a new sync version, so a pull at or above the high-water mark comes after
/// the value last read.
pub fn cached_scope_version(user_id: &str) -> Option<i64> {
    SCOPES.get(user_id)
}

/// What `user_id` may see changed (verified, a new role, building or grid): a new scope
/// version, so their devices pull afresh; and a new row version for the devices that
/// list them.
pub async fn rescope(tx: &mut Conn, user_id: &str) -> sqlx::Result<()> {
    let version = super::sync::next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET scope_version = $1, version = $1 WHERE id = $2"
    )
    .bind(version)
    .bind(user_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The account changed in what others see of it: a new row version.
pub async fn touch(tx: &mut Conn, user_id: &str) -> sqlx::Result<()> {
    let version = super::sync::next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET version = $1 WHERE id = $2"
    )
    .bind(version)
    .bind(user_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// An account as the features that act between neighbours need it: who, and where
/// they live.
#[derive(Debug, sqlx::FromRow)]
pub struct Person {
    pub id: String,
    pub community_id: String,
    pub display_name: String,
    pub building_id: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
}

impl Person {
    /// Building, unit and room, when all three are known.
    pub fn household(&self) -> Option<(&str, &str, &str)> {
        fn part(p: &Option<String>) -> Option<&str> {
            p.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        Some((
            part(&self.building_id)?,
            part(&self.unit)?,
            part(&self.room)?,
        ))
    }
}

/// Street admins belong to no community, and are nobody's neighbour.
const PERSON_SELECT: &str = "SELECT id, community_id, display_name, building_id, unit, room
    FROM users WHERE community_id IS NOT NULL";

/// The person with this id.
pub async fn person(db: &mut Conn, id: &str) -> sqlx::Result<Option<Person>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{PERSON_SELECT} AND id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// The person with this phone number.
pub async fn person_by_phone(db: &mut Conn, phone: &str) -> sqlx::Result<Option<Person>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{PERSON_SELECT} AND phone = $1"
    ))
    .bind(phone)
    .fetch_optional(ex)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn roles_are_stored_as_their_wire_names() {
        super::super::assert_stored_as_wire_names::<RoleText, Role>(RoleText::ALL).await;
    }
}
