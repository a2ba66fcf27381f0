//! People as every feature needs them: who someone is and where they live, and
//! which account a session or a phone number belongs to.

use linli_core::Millis;
use linli_core::account::Role;

use super::{Conn, Pool, stored_enum};

stored_enum! {
    /// A role as `users.role` stores it.
    RoleText for Role { Resident, GridWorker, CommunityWorker, Admin }
}

/// An account with its rights: who it is, its role, community and building.
#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    #[sqlx(try_from = "RoleText")]
    pub role: Role,
    pub community_id: String,
    pub building_id: Option<String>,
}

const ACCOUNT_SELECT: &str = "SELECT u.id, u.role, u.community_id, u.building_id FROM users u";

/// The account with this phone.
pub async fn account_by_phone(pool: &Pool, phone: &str) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!("{ACCOUNT_SELECT} WHERE u.phone = ?"))
        .bind(phone)
        .fetch_optional(pool)
        .await
}

/// Who a live (not revoked, not expired at `now`) session belongs to.
pub async fn session_account(
    pool: &Pool,
    token_hash: &str,
    now: Millis,
) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!(
        "{ACCOUNT_SELECT} JOIN sessions s ON s.user_id = u.id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
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

const PERSON_SELECT: &str =
    "SELECT id, community_id, display_name, building_id, unit, room FROM users";

/// The person with this id.
pub async fn person(db: &mut Conn, id: &str) -> sqlx::Result<Option<Person>> {
    sqlx::query_as(&format!("{PERSON_SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The person with this phone number.
pub async fn person_by_phone(db: &mut Conn, phone: &str) -> sqlx::Result<Option<Person>> {
    sqlx::query_as(&format!("{PERSON_SELECT} WHERE phone = ?"))
        .bind(phone)
        .fetch_optional(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn roles_are_stored_as_their_wire_names() {
        super::super::assert_stored_as_wire_names::<RoleText, Role>(RoleText::ALL).await;
    }
}
