//! Accounts as stored: creating them, what devices and the app read of them, and who
//! logs in with what. Sessions, reset codes and failed attempts are `sessions`.

mod sessions;

use linli_core::Millis;
use linli_core::account::{Address, ResidentCard, Role, UserProfile, waiting_note};

pub use sessions::*;

use crate::db::people::RoleText;
use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, new_id};

/// A new account, with its password (if it has one yet) already hashed.
pub struct NewUser<'a> {
    /// `None` only for a street admin.
    pub community_id: Option<&'a str>,
    /// A street admin's; a member's is their community's.
    pub street_office: Option<&'a str>,
    pub phone: &'a str,
    pub display_name: &'a str,
    /// `None`: no password yet; the person sets one with a code from the desk.
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub address: &'a Address,
    /// The staff member who created it (代办), who also verified it.
    pub created_by: Option<&'a str>,
    /// A self-registered resident waits for staff or their 楼栋长 (待核实).
    pub verified: bool,
    pub representative: bool,
    pub at: Millis,
}

impl<'a> NewUser<'a> {
    /// An account of a community that staff member `by` creates (and so verifies) at
    /// `at`, without a password yet.
    pub fn by_staff(
        community_id: &'a str,
        phone: &'a str,
        display_name: &'a str,
        role: Role,
        address: &'a Address,
        by: &'a str,
        at: Millis,
    ) -> Self {
        Self {
            community_id: Some(community_id),
            street_office: None,
            phone,
            display_name,
            password_hash: None,
            role,
            address,
            created_by: Some(by),
            verified: true,
            representative: false,
            at,
        }
    }
}

/// Inserts the account in the caller's transaction and returns its id. A taken phone
/// number surfaces as a unique violation (see [`crate::db::is_unique_violation`]).
pub async fn insert(tx: &mut Conn, user: &NewUser<'_>) -> sqlx::Result<String> {
    let id = new_id();
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO users (id, community_id, street_office, phone, display_name, password_hash,
                            role, building_id, unit, room, created_by, created_at, version,
                            verified_at, verified_by, representative, password_set_at)
         VALUES ($1, $2, COALESCE($3, (SELECT street_office FROM communities WHERE id = $2)),
                 $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&id)
    .bind(user.community_id)
    .bind(user.street_office)
    .bind(user.phone)
    .bind(user.display_name)
    .bind(user.password_hash.unwrap_or_default())
    .bind(RoleText::from(user.role))
    .bind(&user.address.building_id)
    .bind(&user.address.unit)
    .bind(&user.address.room)
    .bind(user.created_by)
    .bind(user.at)
    .bind(version)
    .bind(user.verified.then_some(user.at))
    .bind(user.created_by.filter(|_| user.verified))
    .bind(user.representative)
    .bind(user.password_hash.map(|_| user.at))
    .execute(ex)
    .await)?;
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
    verified: bool,
    representative: bool,
    disabled: bool,
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
                b.name AS building_name, u.unit, u.room, u.verified_at IS NOT NULL AS verified,
                u.representative, u.disabled_at IS NOT NULL AS disabled
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
                verified: r.verified,
                representative: r.representative,
                disabled: r.disabled,
            },
        })
        .collect())
}

pub async fn phone_taken(db: &mut Conn, phone: &str) -> sqlx::Result<bool> {
    crate::db::run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE phone = $1"
    )
    .bind(phone)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// What logging in checks a password against.
#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    /// Empty for an account without a password: nothing matches it.
    pub password_hash: String,
    pub disabled: bool,
}

/// The id and password hash of the account with this phone, for logging in.
pub async fn credentials(pool: &Pool, phone: &str) -> sqlx::Result<Option<Credentials>> {
    crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT id, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE phone = $1",
    )
    .bind(phone)
    .fetch_optional(ex)
    .await)
}

/// The password hash of an account, for checking the old one before a change.
pub async fn password_hash(db: &mut Conn, user_id: &str) -> sqlx::Result<String> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT password_hash FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_one(ex)
    .await)
}

/// Sets a new password at `at`.
pub async fn set_password(
    tx: &mut Conn,
    user_id: &str,
    password_hash: &str,
    at: Millis,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET password_hash = $1, password_set_at = $2 WHERE id = $3"
    )
    .bind(password_hash)
    .bind(at)
    .bind(user_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: String,
    phone: String,
    display_name: String,
    #[sqlx(try_from = "RoleText")]
    role: Role,
    community_id: Option<String>,
    community_name: Option<String>,
    street_office: String,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    verified: bool,
    representative: bool,
    /// The 楼栋长 of their building, for a resident still 待核实.
    building_head: Option<String>,
}

impl ProfileRow {
    fn into_profile(self, grid_building_ids: Vec<String>) -> UserProfile {
        UserProfile {
            waiting_note: (!self.verified).then(|| waiting_note(self.building_head.as_deref())),
            id: self.id,
            phone: self.phone,
            display_name: self.display_name,
            role: self.role,
            community_id: self.community_id,
            community_name: self.community_name,
            street_office: self.street_office,
            address: Address {
                building_id: self.building_id,
                unit: self.unit,
                room: self.room,
            },
            building_name: self.building_name,
            verified: self.verified,
            representative: self.representative,
            grid_building_ids,
        }
    }
}

const PROFILE_SELECT: &str = "
    SELECT u.id, u.phone, u.display_name, u.role, u.community_id, c.name AS community_name,
           u.street_office, u.building_id, b.name AS building_name, u.unit, u.room,
           u.verified_at IS NOT NULL AS verified, u.representative,
           (SELECT h.display_name FROM users h
            WHERE h.building_id = u.building_id AND h.role = 'building_head'
              AND h.disabled_at IS NULL) AS building_head
    FROM users u
    LEFT JOIN communities c ON c.id = u.community_id
    LEFT JOIN buildings b ON b.id = u.building_id";

/// The account as the app shows it, with the buildings of a 网格员's grids.
pub async fn profile(db: &mut Conn, user_id: &str) -> sqlx::Result<Option<UserProfile>> {
    let row: Option<ProfileRow> = crate::db::run!(&mut *db, |ex| sqlx::query_as(&format!(
        "{PROFILE_SELECT} WHERE u.id = $1"
    ))
    .bind(user_id)
    .fetch_optional(ex)
    .await)?;
    let Some(row) = row else { return Ok(None) };
    let grid = match row.role {
        Role::GridWorker => crate::db::people::grid_buildings(db, user_id).await?,
        _ => Vec::new(),
    };
    Ok(Some(row.into_profile(grid)))
}

/// What 联系社区 shows of someone.
#[derive(sqlx::FromRow)]
pub struct Contact {
    pub name: String,
    pub duty: String,
    pub phone: Option<String>,
}

pub async fn contact(db: &mut Conn, user_id: &str) -> sqlx::Result<Contact> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT display_name AS name, duty, published_phone AS phone FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(ex)
    .await)
}

pub async fn set_contact(
    tx: &mut Conn,
    user_id: &str,
    duty: &str,
    phone: Option<&str>,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET duty = $1, published_phone = $2 WHERE id = $3"
    )
    .bind(duty)
    .bind(phone)
    .bind(user_id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Whether an account is verified, and whether it is disabled.
#[derive(sqlx::FromRow)]
pub struct Verification {
    pub verified: bool,
    pub disabled: bool,
}

pub async fn verification(db: &mut Conn, user_id: &str) -> sqlx::Result<Verification> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT verified_at IS NOT NULL AS verified, disabled_at IS NOT NULL AS disabled
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(ex)
    .await)
}

/// Marks an account verified by `by` at `at`.
pub async fn set_verified(tx: &mut Conn, user_id: &str, by: &str, at: Millis) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET verified_at = $1, verified_by = $2 WHERE id = $3"
    )
    .bind(at)
    .bind(by)
    .bind(user_id)
    .execute(ex)
    .await)
    .map(|_| ())
}
