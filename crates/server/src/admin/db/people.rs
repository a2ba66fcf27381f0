//! People as administrators list and change them.

use std::collections::HashMap;

use linli_core::Millis;
use linli_core::account::{Address, Role};
use linli_core::admin::import::residents::KnownAccount;
use linli_core::admin::{PeopleQuery, PersonStatus, PersonSummary};

use crate::db::Conn;
use crate::db::people::RoleText;

/// The most people one listing returns.
pub const MAX_LISTED: i64 = 500;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    display_name: String,
    phone: String,
    #[sqlx(try_from = "RoleText")]
    role: Role,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    verified: bool,
    representative: bool,
    disabled: bool,
    has_password: bool,
    duty: String,
    published_phone: Option<String>,
    created_at: Millis,
}

impl Row {
    fn into_summary(self) -> PersonSummary {
        PersonSummary {
            id: self.id,
            display_name: self.display_name,
            phone: self.phone,
            role: self.role,
            address: Address {
                building_id: self.building_id,
                unit: self.unit,
                room: self.room,
            },
            building_name: self.building_name,
            verified: self.verified,
            representative: self.representative,
            disabled: self.disabled,
            has_password: self.has_password,
            duty: self.duty,
            published_phone: self.published_phone,
            created_at: self.created_at,
        }
    }
}

const SELECT: &str = "SELECT u.id, u.display_name, u.phone, u.role, u.building_id,
        b.name AS building_name, u.unit, u.room, u.verified_at IS NOT NULL AS verified,
        u.representative, u.disabled_at IS NOT NULL AS disabled,
        u.password_set_at IS NOT NULL AS has_password, u.duty, u.published_phone, u.created_at
    FROM users u LEFT JOIN buildings b ON b.id = u.building_id";

/// The community's accounts `q` asks for, by building and name.
pub async fn list(
    db: &mut Conn,
    community_id: &str,
    q: &PeopleQuery,
) -> sqlx::Result<Vec<PersonSummary>> {
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let status = q.status.map(|s| match s {
        PersonStatus::Waiting => "waiting",
        PersonStatus::Active => "active",
        PersonStatus::Disabled => "disabled",
    });
    let rows: Vec<Row> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{SELECT}
         WHERE u.community_id = $1
           AND ($2 IS NULL OR instr(u.display_name, $2) > 0 OR instr(u.phone, $2) > 0)
           AND ($3 IS NULL OR u.building_id = $3)
           AND ($4 IS NULL OR u.role = $4)
           AND ($5 IS NULL
                OR ($5 = 'waiting' AND u.verified_at IS NULL AND u.disabled_at IS NULL)
                OR ($5 = 'active' AND u.verified_at IS NOT NULL AND u.disabled_at IS NULL)
                OR ($5 = 'disabled' AND u.disabled_at IS NOT NULL))
           AND ($6 IS NULL OR u.representative = $6)
         ORDER BY b.position, u.unit, u.room, u.display_name
         LIMIT $7"
    ))
    .bind(community_id)
    .bind(text)
    .bind(&q.building_id)
    .bind(q.role.map(RoleText::from))
    .bind(status)
    .bind(q.representative)
    .bind(MAX_LISTED)
    .fetch_all(ex)
    .await)?;
    Ok(rows.into_iter().map(Row::into_summary).collect())
}

/// One account of the community.
pub async fn person(
    db: &mut Conn,
    community_id: &str,
    id: &str,
) -> sqlx::Result<Option<PersonSummary>> {
    let row: Option<Row> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{SELECT} WHERE u.community_id = $1 AND u.id = $2"
    ))
    .bind(community_id)
    .bind(id)
    .fetch_optional(ex)
    .await)?;
    Ok(row.map(Row::into_summary))
}

/// A new role; someone given a role by staff is verified by it.
pub async fn set_role(
    tx: &mut Conn,
    id: &str,
    role: Role,
    by: &str,
    at: Millis,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET role = $1, verified_at = COALESCE(verified_at, $2),
                          verified_by = COALESCE(verified_by, $3)
         WHERE id = $4",
    )
    .bind(RoleText::from(role))
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_representative(tx: &mut Conn, id: &str, representative: bool) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET representative = $1 WHERE id = $2"
    )
    .bind(representative)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_address(tx: &mut Conn, id: &str, a: &Address) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET building_id = $1, unit = $2, room = $3 WHERE id = $4"
    )
    .bind(&a.building_id)
    .bind(&a.unit)
    .bind(&a.room)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_phone(tx: &mut Conn, id: &str, phone: &str) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET phone = $1 WHERE id = $2"
    )
    .bind(phone)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Disables an account at `at`, or (`None`) enables it again.
pub async fn set_disabled(tx: &mut Conn, id: &str, at: Option<Millis>) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET disabled_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Sets what an import changes of a known resident, verifying them.
pub async fn update_imported(
    tx: &mut Conn,
    id: &str,
    name: &str,
    address: &Address,
    representative: bool,
    by: &str,
    at: Millis,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE users SET display_name = $1, building_id = $2, unit = $3, room = $4,
                          representative = $5, verified_at = COALESCE(verified_at, $6),
                          verified_by = COALESCE(verified_by, $7)
         WHERE id = $8",
    )
    .bind(name)
    .bind(&address.building_id)
    .bind(&address.unit)
    .bind(&address.room)
    .bind(representative)
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    id: String,
    phone: String,
    same_community: bool,
    #[sqlx(try_from = "RoleText")]
    role: Role,
    display_name: String,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    representative: bool,
    verified: bool,
    disabled: bool,
}

/// How many phones one look-up asks for.
const PHONES_AT_ONCE: usize = 200;

/// The accounts (of any community) with these phones, by phone, as an import compares
/// them.
pub async fn known_accounts(
    db: &mut Conn,
    community_id: &str,
    phones: &[String],
) -> sqlx::Result<HashMap<String, KnownAccount>> {
    let mut known = HashMap::new();
    for chunk in phones.chunks(PHONES_AT_ONCE) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT u.id, u.phone, u.community_id IS NOT NULL AND u.community_id = $1 AS same_community,
                    u.role, u.display_name, b.name AS building_name, u.unit, u.room,
                    u.representative, u.verified_at IS NOT NULL AS verified,
                    u.disabled_at IS NOT NULL AS disabled
             FROM users u LEFT JOIN buildings b ON b.id = u.building_id
             WHERE u.phone IN ({})",
            placeholders.join(", ")
        );
        let rows: Vec<KnownRow> = crate::db::run!(&mut *db, |ex| {
            let mut query = sqlx::query_as(&sql).bind(community_id);
            for phone in chunk {
                query = query.bind(phone);
            }
            query.fetch_all(ex).await
        })?;
        for r in rows {
            let account = KnownAccount {
                id: r.id,
                same_community: r.same_community,
                role: r.role,
                display_name: r.display_name,
                building_name: r.building_name,
                unit: r.unit,
                room: r.room,
                representative: r.representative,
                verified: r.verified,
                disabled: r.disabled,
            };
            known.insert(r.phone, account);
        }
    }
    Ok(known)
}
