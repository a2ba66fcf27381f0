//! Communities as their street office and their admins see them: their information,
//! first admins and figures.

use linli_core::Millis;
use linli_core::admin::{CommunityFigures, CommunityInfo, CommunitySummary, PersonRef};

use crate::db::{Conn, new_id};

#[derive(sqlx::FromRow)]
struct CommunityRow {
    id: String,
    name: String,
    street_office: String,
    address: String,
    office_hours: String,
    duty_phone: String,
    property_name: String,
    property_phone: String,
}

impl CommunityRow {
    fn into_summary(self, admins: Vec<PersonRef>) -> CommunitySummary {
        CommunitySummary {
            id: self.id,
            name: self.name,
            street_office: self.street_office,
            info: CommunityInfo {
                address: self.address,
                office_hours: self.office_hours,
                duty_phone: self.duty_phone,
                property_name: self.property_name,
                property_phone: self.property_phone,
            },
            admins,
        }
    }
}

const COMMUNITY_SELECT: &str = "SELECT id, name, street_office, address, office_hours, duty_phone,
    property_name, property_phone FROM communities";

#[derive(sqlx::FromRow)]
struct AdminRow {
    community_id: String,
    id: String,
    name: String,
}

/// The communities of a street office, by name, with their admins.
pub async fn communities(
    db: &mut Conn,
    street_office: &str,
) -> sqlx::Result<Vec<CommunitySummary>> {
    let rows: Vec<CommunityRow> = crate::db::run!(&mut *db, |ex| sqlx::query_as(&format!(
        "{COMMUNITY_SELECT} WHERE street_office = $1 ORDER BY name"
    ))
    .bind(street_office)
    .fetch_all(ex)
    .await)?;
    let admins: Vec<AdminRow> = crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT community_id, id, display_name AS name FROM users
         WHERE street_office = $1 AND role = 'admin' AND disabled_at IS NULL
         ORDER BY display_name",
    )
    .bind(street_office)
    .fetch_all(ex)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let mine = admins
                .iter()
                .filter(|a| a.community_id == c.id)
                .map(|a| PersonRef {
                    id: a.id.clone(),
                    name: a.name.clone(),
                })
                .collect();
            c.into_summary(mine)
        })
        .collect())
}

/// One community, with no admins listed.
pub async fn community(db: &mut Conn, id: &str) -> sqlx::Result<Option<CommunitySummary>> {
    let row: Option<CommunityRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{COMMUNITY_SELECT} WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)?;
    Ok(row.map(|r| r.into_summary(Vec::new())))
}

/// Creates a community; returns its id. A name taken surfaces as a unique violation.
pub async fn insert(
    db: &mut Conn,
    name: &str,
    street_office: &str,
    info: &CommunityInfo,
    at: Millis,
) -> sqlx::Result<String> {
    let id = new_id();
    crate::db::exec!(&mut *db, |ex| sqlx::query(
        "INSERT INTO communities (id, name, street_office, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(name)
    .bind(street_office)
    .bind(at)
    .execute(ex)
    .await)?;
    set_info(db, &id, info).await?;
    Ok(id)
}

pub async fn rename(db: &mut Conn, id: &str, name: &str) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE communities SET name = $1 WHERE id = $2"
    )
    .bind(name)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Stores what 联系社区 shows of the office and the property company.
pub async fn set_info(db: &mut Conn, id: &str, info: &CommunityInfo) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "UPDATE communities SET address = $1, office_hours = $2, duty_phone = $3,
                                property_name = $4, property_phone = $5
         WHERE id = $6",
    )
    .bind(&info.address)
    .bind(&info.office_hours)
    .bind(&info.duty_phone)
    .bind(&info.property_name)
    .bind(&info.property_phone)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct FiguresRow {
    community_id: String,
    name: String,
    #[sqlx(try_from = "i64")]
    buildings: u32,
    #[sqlx(try_from = "i64")]
    households: u32,
    #[sqlx(try_from = "i64")]
    residents: u32,
    #[sqlx(try_from = "i64")]
    waiting: u32,
    #[sqlx(try_from = "i64")]
    staff: u32,
    #[sqlx(try_from = "i64")]
    volunteers: u32,
    #[sqlx(try_from = "i64")]
    open_cases: u32,
    #[sqlx(try_from = "i64")]
    overdue_cases: u32,
}

/// Each community's figures, for its street office, as of `now`.
pub async fn figures(
    db: &mut Conn,
    street_office: &str,
    now: Millis,
) -> sqlx::Result<Vec<CommunityFigures>> {
    let rows: Vec<FiguresRow> = crate::db::run!(db, |ex| {
        sqlx::query_as(
        "SELECT c.id AS community_id, c.name,
            (SELECT COUNT(*) FROM buildings b WHERE b.community_id = c.id AND b.retired_at IS NULL)
                AS buildings,
            (SELECT COUNT(*) FROM (SELECT DISTINCT u.building_id, u.unit, u.room FROM users u
                WHERE u.community_id = c.id AND u.building_id IS NOT NULL AND u.unit IS NOT NULL
                  AND u.room IS NOT NULL AND u.disabled_at IS NULL) AS flats) AS households,
            (SELECT COUNT(*) FROM users u WHERE u.community_id = c.id AND u.disabled_at IS NULL
                AND u.role IN ('resident', 'building_head')) AS residents,
            (SELECT COUNT(*) FROM users u WHERE u.community_id = c.id AND u.disabled_at IS NULL
                AND u.verified_at IS NULL) AS waiting,
            (SELECT COUNT(*) FROM users u WHERE u.community_id = c.id AND u.disabled_at IS NULL
                AND u.role IN ('grid_worker', 'community_worker', 'admin')) AS staff,
            (SELECT COUNT(*) FROM volunteers v WHERE v.community_id = c.id) AS volunteers,
            (SELECT COUNT(*) FROM reports r WHERE r.community_id = c.id
                AND r.state IN ('submitted', 'accepted', 'in_progress')) AS open_cases,
            (SELECT COUNT(*) FROM reports r WHERE r.community_id = c.id
                AND ((r.state = 'submitted' AND r.respond_by < $2)
                     OR (r.state IN ('submitted', 'accepted', 'in_progress') AND r.resolve_by < $2)))
                AS overdue_cases
         FROM communities c WHERE c.street_office = $1 ORDER BY c.name",
    )
    .bind(street_office)
    .bind(now)
    .fetch_all(ex).await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| CommunityFigures {
            community_id: r.community_id,
            name: r.name,
            buildings: r.buildings,
            households: r.households,
            residents: r.residents,
            waiting: r.waiting,
            staff: r.staff,
            volunteers: r.volunteers,
            open_cases: r.open_cases,
            overdue_cases: r.overdue_cases,
        })
        .collect())
}
