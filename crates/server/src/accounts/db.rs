//! Accounts, sessions and failed log-ins.

use linli_core::Millis;
use linli_core::account::{Address, ResidentCard, Role, UserProfile};

use crate::db::people::RoleText;
use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, begin_write, new_id, now_ms};

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
/// unique violation (see [`crate::db::is_unique_violation`]).
pub async fn insert(pool: &Pool, user: &NewUser<'_>) -> sqlx::Result<String> {
    let id = new_id();
    let mut tx = begin_write(pool).await?;
    let version = next_version(&mut tx).await?;
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
    .bind(RoleText::from(user.role))
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
    #[sqlx(try_from = "RoleText")]
    role: Role,
    phone: String,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
}

/// Accounts of a community changed in the window, oldest change first.
pub async fn changed(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<ResidentCard>>> {
    let rows: Vec<CardRow> = changed_rows(
        db,
        "SELECT u.version, u.id, u.display_name, u.role, u.phone, u.building_id,
                b.name AS building_name, u.unit, u.room
         FROM users u LEFT JOIN buildings b ON b.id = u.building_id",
        "u",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: ResidentCard {
                id: r.id,
                display_name: r.display_name,
                role: r.role,
                phone: r.phone,
                address: Address {
                    building_id: r.building_id,
                    unit: r.unit,
                    room: r.room,
                },
                building_name: r.building_name,
            },
        })
        .collect())
}

pub async fn phone_taken(pool: &Pool, phone: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE phone = ?")
        .bind(phone)
        .fetch_one(pool)
        .await
        .map(|n| n > 0)
}

/// What logging in checks a password against.
#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
}

/// The id and password hash of the account with this phone, for logging in.
pub async fn credentials(pool: &Pool, phone: &str) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as("SELECT id, password_hash FROM users WHERE phone = ?")
        .bind(phone)
        .fetch_optional(pool)
        .await
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: String,
    phone: String,
    display_name: String,
    #[sqlx(try_from = "RoleText")]
    role: Role,
    community_id: String,
    community_name: String,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
}

impl ProfileRow {
    fn into_profile(self) -> UserProfile {
        UserProfile {
            id: self.id,
            phone: self.phone,
            display_name: self.display_name,
            role: self.role,
            community_id: self.community_id,
            community_name: self.community_name,
            address: Address {
                building_id: self.building_id,
                unit: self.unit,
                room: self.room,
            },
            building_name: self.building_name,
        }
    }
}

const PROFILE_SELECT: &str = "
    SELECT u.id, u.phone, u.display_name, u.role, u.community_id, c.name AS community_name,
           u.building_id, b.name AS building_name, u.unit, u.room
    FROM users u
    JOIN communities c ON c.id = u.community_id
    LEFT JOIN buildings b ON b.id = u.building_id";

pub async fn profile(pool: &Pool, user_id: &str) -> sqlx::Result<Option<UserProfile>> {
    sqlx::query_as::<_, ProfileRow>(&format!("{PROFILE_SELECT} WHERE u.id = ?"))
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map(|row| row.map(ProfileRow::into_profile))
}

pub async fn insert_session(
    pool: &Pool,
    token_hash: &str,
    user_id: &str,
    expires_at: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now_ms())
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn revoke_session(pool: &Pool, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(token_hash)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Counts a log-in attempt for `phone` as a failure before its password is checked
/// (a success clears it), unless the phone is locked: then nothing is counted and the
/// answer is until when. Failures last counted before `forget_before` are forgotten.
/// Call inside a write transaction, which makes the check and the count one step.
pub async fn count_login_attempt(
    tx: &mut Conn,
    phone: &str,
    now: Millis,
    forget_before: Millis,
    lock_for: impl Fn(i64) -> i64,
) -> sqlx::Result<Option<Millis>> {
    let stored: Option<(i64, Millis, Millis)> = sqlx::query_as(
        "SELECT failures, locked_until, updated_at FROM login_failures WHERE phone = ?",
    )
    .bind(phone)
    .fetch_optional(&mut *tx)
    .await?;
    let failures = match stored {
        Some((_, locked_until, _)) if locked_until > now => return Ok(Some(locked_until)),
        Some((failures, _, updated_at)) if updated_at >= forget_before => failures + 1,
        _ => 1,
    };
    sqlx::query(
        "INSERT INTO login_failures (phone, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (phone) DO UPDATE SET failures = excluded.failures,
             locked_until = excluded.locked_until, updated_at = excluded.updated_at",
    )
    .bind(phone)
    .bind(failures)
    .bind(now + lock_for(failures))
    .bind(now)
    .execute(tx)
    .await?;
    Ok(None)
}

pub async fn clear_login_failures(db: &mut Conn, phone: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE phone = ?")
        .bind(phone)
        .execute(db)
        .await
        .map(|_| ())
}

/// Forgets failures counted before `before` whose lock is over by `now`.
pub async fn purge_login_failures(db: &mut Conn, before: Millis, now: Millis) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM login_failures WHERE updated_at < ? AND locked_until <= ?")
        .bind(before)
        .bind(now)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

/// Removes sessions that expired or were revoked before `ended_before`.
pub async fn purge_sessions(db: &mut Conn, ended_before: Millis) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?")
        .bind(ended_before)
        .bind(ended_before)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}
