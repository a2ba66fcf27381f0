//! 居民说事: categories, cases with their timelines and supporters, and who cases are
//! given to. A change to any part of a case gives the case a new sync version, so
//! devices fetch it whole again.

use linli_core::report::{
    Assignee, CaseState, Category, Channel, Event, EventKind, GeoPoint, Rating, Report,
    default_categories,
};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, begin_write, new_id, stored_enum};

stored_enum! {
    /// How a case reached the community, as `reports.channel` stores it.
    ChannelText for Channel { App, Phone, Visit }
}

stored_enum! {
    /// A case's state as `reports.state` stores it.
    StateText for CaseState { Submitted, Accepted, InProgress, Resolved, ClosedUnresolved, Duplicate }
}

stored_enum! {
    /// A timeline entry's kind as `report_events.kind` stores it.
    EventKindText for EventKind {
        Submitted, Accepted, Started, Resolved, ClosedUnresolved, MarkedDuplicate, Assigned,
        Replied, Reopened, Rated,
    }
}

// Categories.

/// Gives every community the default categories it lacks. Idempotent: run at
/// start-up and whenever a community is created.
pub async fn ensure_categories(pool: &Pool) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    for category in default_categories() {
        let lacking: Vec<String> = crate::db::run!(&mut *tx, |ex| sqlx::query_scalar(
            "SELECT id FROM communities
             WHERE id NOT IN (SELECT community_id FROM report_categories WHERE id = $1)",
        )
        .bind(&category.id)
        .fetch_all(ex)
        .await)?;
        for community_id in lacking {
            upsert_category(&mut tx, &community_id, &category).await?;
        }
    }
    tx.commit().await
}

pub async fn upsert_category(tx: &mut Conn, community_id: &str, c: &Category) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO report_categories (community_id, id, name, respond_hours, resolve_hours,
                                        position, retired_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (community_id, id) DO UPDATE SET name = excluded.name,
             respond_hours = excluded.respond_hours, resolve_hours = excluded.resolve_hours,
             position = excluded.position,
             retired_at = CASE WHEN excluded.retired_at IS NULL THEN NULL
                               ELSE COALESCE(report_categories.retired_at, excluded.retired_at) END,
             version = excluded.version",
    )
    .bind(community_id)
    .bind(&c.id)
    .bind(&c.name)
    .bind(i64::from(c.respond_hours))
    .bind(i64::from(c.resolve_hours))
    .bind(i64::from(c.position))
    .bind(c.retired.then_some(version))
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: String,
    name: String,
    #[sqlx(try_from = "i64")]
    respond_hours: u32,
    #[sqlx(try_from = "i64")]
    resolve_hours: u32,
    #[sqlx(try_from = "i64")]
    position: u32,
    retired: bool,
    version: i64,
}

impl CategoryRow {
    fn into_category(self) -> Versioned<Category> {
        Versioned {
            version: self.version,
            row: Category {
                id: self.id,
                name: self.name,
                respond_hours: self.respond_hours,
                resolve_hours: self.resolve_hours,
                position: self.position,
                retired: self.retired,
            },
        }
    }
}

const CATEGORY_SELECT: &str = "SELECT id, name, respond_hours, resolve_hours, position,
    retired_at IS NOT NULL AS retired, version FROM report_categories";

pub async fn category(
    db: &mut Conn,
    community_id: &str,
    id: &str,
) -> sqlx::Result<Option<Category>> {
    crate::db::run!(db, |ex| sqlx::query_as::<_, CategoryRow>(&format!(
        "{CATEGORY_SELECT} WHERE community_id = $1 AND id = $2"
    ))
    .bind(community_id)
    .bind(id)
    .fetch_optional(ex)
    .await)
    .map(|row| row.map(|r| r.into_category().row))
}

pub async fn changed_categories(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Category>>> {
    let rows: Vec<CategoryRow> = changed_rows(
        db,
        CATEGORY_SELECT,
        "report_categories",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows.into_iter().map(CategoryRow::into_category).collect())
}

// People a case is given to.

/// The active 物业 accounts of a community, who are told of the cases given to them.
pub async fn property_accounts(db: &mut Conn, community_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM users
         WHERE community_id = $1 AND role = 'property' AND disabled_at IS NULL",
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)
}

/// The name of a grid worker of the community.
pub async fn grid_worker_name(
    db: &mut Conn,
    community_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| {
        sqlx::query_scalar(
        "SELECT display_name FROM users WHERE id = $1 AND community_id = $2 AND role = 'grid_worker'",
    )
    .bind(user_id)
    .bind(community_id)
    .fetch_optional(ex).await
    })
}

// Cases.

/// A case as stored, with what only the server needs: its community, who filed
/// it for the resident (代办) and its version. The report's per-viewer fields
/// (`mine`, `me_too`, `handles`) and its timeline are left empty.
#[derive(Debug, Clone)]
pub struct Case {
    pub community_id: String,
    pub filed_by: Option<String>,
    pub version: i64,
    pub report: Report,
}

impl Case {
    /// Who filed it: the staff member for a case filed on someone's behalf, else the reporter.
    pub fn submitter(&self) -> Option<&str> {
        self.filed_by
            .as_deref()
            .or(self.report.reporter_id.as_deref())
    }
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: String,
    community_id: String,
    category_id: String,
    category_name: String,
    description: String,
    building_id: Option<String>,
    building_name: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    place: Option<String>,
    geo_lat: Option<f64>,
    geo_lng: Option<f64>,
    photos: String,
    anonymous: bool,
    reporter_id: Option<String>,
    reporter_name: String,
    contact_phone: Option<String>,
    #[sqlx(try_from = "ChannelText")]
    channel: Channel,
    filed_by: Option<String>,
    filed_by_name: Option<String>,
    #[sqlx(try_from = "StateText")]
    state: CaseState,
    assignee_kind: Option<String>,
    assignee_user_id: Option<String>,
    assignee_name: Option<String>,
    duplicate_of: Option<String>,
    supporters: i64,
    created_at: i64,
    respond_by: i64,
    resolve_by: i64,
    accepted_at: Option<i64>,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
    rating_stars: Option<i64>,
    rating_comment: Option<String>,
    version: i64,
}

const GRID_WORKER: &str = "grid_worker";
const PROPERTY: &str = "property";

impl CaseRow {
    fn into_case(self) -> Case {
        let assignee = match (self.assignee_kind.as_deref(), self.assignee_user_id) {
            (Some(GRID_WORKER), Some(user_id)) => Some(Assignee::GridWorker {
                user_id,
                name: self.assignee_name.unwrap_or_default(),
            }),
            (Some(PROPERTY), _) => Some(Assignee::Property),
            _ => None,
        };
        Case {
            community_id: self.community_id,
            filed_by: self.filed_by,
            version: self.version,
            report: Report {
                id: self.id,
                category_id: self.category_id,
                category_name: self.category_name,
                description: self.description,
                building_id: self.building_id,
                building_name: self.building_name,
                unit: self.unit,
                room: self.room,
                place: self.place,
                geo: self
                    .geo_lat
                    .zip(self.geo_lng)
                    .map(|(lat, lng)| GeoPoint { lat, lng }),
                photos: serde_json::from_str(&self.photos).unwrap_or_default(),
                anonymous: self.anonymous,
                reporter_id: self.reporter_id,
                reporter_name: self.reporter_name,
                contact_phone: self.contact_phone,
                channel: self.channel,
                filed_by_name: self.filed_by_name,
                state: self.state,
                assignee,
                duplicate_of: self.duplicate_of,
                supporters: self.supporters as u32,
                mine: false,
                me_too: false,
                handles: false,
                created_at: self.created_at,
                respond_by: self.respond_by,
                resolve_by: self.resolve_by,
                accepted_at: self.accepted_at,
                resolved_at: self.resolved_at,
                closed_at: self.closed_at,
                rating: self.rating_stars.map(|stars| Rating {
                    stars: u8::try_from(stars).unwrap_or_default(),
                    comment: self.rating_comment.unwrap_or_default(),
                }),
                timeline: Vec::new(),
            },
        }
    }
}

/// Supporters are counted as of the read.
const CASE_SELECT: &str = "
    SELECT r.id, r.community_id, r.category_id, c.name AS category_name, r.description,
           r.building_id, b.name AS building_name, r.unit, r.room, r.place, r.geo_lat, r.geo_lng,
           r.photos, r.anonymous, r.reporter_id, r.reporter_name, r.contact_phone, r.channel,
           r.filed_by, f.display_name AS filed_by_name, r.state, r.assignee_kind,
           r.assignee_user_id, a.display_name AS assignee_name, r.duplicate_of,
           (SELECT COUNT(*) FROM report_supporters s WHERE s.report_id = r.id) AS supporters,
           r.created_at, r.respond_by, r.resolve_by, r.accepted_at, r.resolved_at, r.closed_at,
           r.rating_stars, r.rating_comment, r.version
    FROM reports r
    JOIN report_categories c ON c.community_id = r.community_id AND c.id = r.category_id
    LEFT JOIN buildings b ON b.id = r.building_id
    LEFT JOIN users f ON f.id = r.filed_by
    LEFT JOIN users a ON a.id = r.assignee_user_id";

pub async fn case(db: &mut Conn, id: &str) -> sqlx::Result<Option<Case>> {
    crate::db::run!(db, |ex| sqlx::query_as::<_, CaseRow>(&format!(
        "{CASE_SELECT} WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)
    .map(|row| row.map(CaseRow::into_case))
}

/// Cases of a community changed in the window.
pub async fn changed(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Case>> {
    let rows: Vec<CaseRow> = changed_rows(db, CASE_SELECT, "r", community_id, None, window).await?;
    Ok(rows.into_iter().map(CaseRow::into_case).collect())
}

/// The assignee of a case as stored: its kind and, for a 网格员, who.
fn assignee_columns(r: &Report) -> (Option<&'static str>, Option<&String>) {
    match &r.assignee {
        Some(Assignee::GridWorker { user_id, .. }) => (Some(GRID_WORKER), Some(user_id)),
        Some(Assignee::Property) => (Some(PROPERTY), None),
        None => (None, None),
    }
}

/// Binds what the workflow changes on a case, in this column order: state,
/// assignee_kind, assignee_user_id, duplicate_of, resolve_by, accepted_at,
/// resolved_at, closed_at, rating_stars, rating_comment. A macro, so that it binds
/// a query of either backend.
macro_rules! bind_workflow {
    ($query:expr, $r:expr) => {{
        let r: &Report = $r;
        let (assignee_kind, assignee_user_id) = assignee_columns(r);
        $query
            .bind(StateText::from(r.state))
            .bind(assignee_kind)
            .bind(assignee_user_id)
            .bind(&r.duplicate_of)
            .bind(r.resolve_by)
            .bind(r.accepted_at)
            .bind(r.resolved_at)
            .bind(r.closed_at)
            .bind(r.rating.as_ref().map(|x| i64::from(x.stars)))
            .bind(r.rating.as_ref().map(|x| &x.comment))
    }};
}

/// Files a new case. Its names (category, building, filer, assignee), supporter
/// count and timeline are not stored with it.
pub async fn insert_case(
    tx: &mut Conn,
    community_id: &str,
    filed_by: Option<&str>,
    r: &Report,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| {
    let query = sqlx::query(
        "INSERT INTO reports (id, community_id, category_id, description, building_id, unit, room,
                              place, geo_lat, geo_lng, photos, anonymous, reporter_id,
                              reporter_name, contact_phone, channel, filed_by, created_at,
                              respond_by, state, assignee_kind, assignee_user_id, duplicate_of,
                              resolve_by, accepted_at, resolved_at, closed_at, rating_stars,
                              rating_comment, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28,
                 $29, $30)",
    )
    .bind(&r.id)
    .bind(community_id)
    .bind(&r.category_id)
    .bind(&r.description)
    .bind(&r.building_id)
    .bind(&r.unit)
    .bind(&r.room)
    .bind(&r.place)
    .bind(r.geo.map(|g| g.lat))
    .bind(r.geo.map(|g| g.lng))
    .bind(serde_json::to_string(&r.photos).unwrap_or_else(|_| "[]".to_owned()))
    .bind(r.anonymous)
    .bind(&r.reporter_id)
    .bind(&r.reporter_name)
    .bind(&r.contact_phone)
    .bind(ChannelText::from(r.channel))
    .bind(filed_by)
    .bind(r.created_at)
    .bind(r.respond_by);
    bind_workflow!(query, r).bind(version).execute(ex).await
    })
    .map(|_| ())
}

/// Stores what can change on a case (its state, stamps, assignee, link and
/// rating) with a new version; saving it unchanged still gives it one, for a
/// change to its timeline or supporters.
pub async fn save_case(tx: &mut Conn, r: &Report) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| {
    let query = sqlx::query(
        "UPDATE reports SET state = $1, assignee_kind = $2, assignee_user_id = $3, duplicate_of = $4,
                            resolve_by = $5, accepted_at = $6, resolved_at = $7, closed_at = $8,
                            rating_stars = $9, rating_comment = $10, version = $11
         WHERE id = $12",
    );
    bind_workflow!(query, r).bind(version).bind(&r.id).execute(ex).await
    })
    .map(|_| ())
}

// Timelines.

/// Appends an entry to a case's timeline.
pub async fn insert_event(
    tx: &mut Conn,
    report_id: &str,
    by_user_id: Option<&str>,
    e: &Event,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO report_events (id, report_id, position, at, kind, note, by_user_id, by_name)
         VALUES ($1, $2,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM report_events WHERE report_id = $3),
                 $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(report_id)
    .bind(report_id)
    .bind(e.at)
    .bind(EventKindText::from(e.kind))
    .bind(&e.note)
    .bind(by_user_id)
    .bind(&e.by_name)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// One timeline entry with its case and who wrote it.
pub struct EventRecord {
    pub report_id: String,
    pub by_user_id: Option<String>,
    pub event: Event,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    report_id: String,
    at: i64,
    #[sqlx(try_from = "EventKindText")]
    kind: EventKind,
    note: String,
    by_user_id: Option<String>,
    by_name: String,
}

/// The timelines of some cases, each in order.
pub async fn events(db: &mut Conn, report_ids: &[&str]) -> sqlx::Result<Vec<EventRecord>> {
    if report_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=report_ids.len()).map(|i| format!("${i}")).collect();
    let placeholders = placeholders.join(", ");
    let sql = format!(
        "SELECT report_id, at, kind, note, by_user_id, by_name FROM report_events
         WHERE report_id IN ({placeholders}) ORDER BY report_id, position"
    );
    let rows: Vec<EventRow> = crate::db::run!(db, |ex| {
        let mut query = sqlx::query_as(&sql);
        for id in report_ids {
            query = query.bind(*id);
        }
        query.fetch_all(ex).await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| EventRecord {
            event: Event {
                at: r.at,
                kind: r.kind,
                note: r.note,
                by_name: r.by_name,
            },
            report_id: r.report_id,
            by_user_id: r.by_user_id,
        })
        .collect())
}

// Supporters ("我也遇到").

/// Adds a supporter; false when they already were one.
pub async fn add_supporter(
    tx: &mut Conn,
    report_id: &str,
    user_id: &str,
    at: i64,
) -> sqlx::Result<bool> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO report_supporters (report_id, user_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (report_id, user_id) DO NOTHING",
    )
    .bind(report_id)
    .bind(user_id)
    .bind(at)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected() == 1)
}

/// The people who said they have the same problem, first first.
pub async fn supporters(db: &mut Conn, report_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT user_id FROM report_supporters WHERE report_id = $1 ORDER BY created_at, user_id",
    )
    .bind(report_id)
    .fetch_all(ex)
    .await)
}

/// The cases a person supports.
pub async fn supported_by(db: &mut Conn, user_id: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT report_id FROM report_supporters WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_all(ex)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<ChannelText, Channel>(ChannelText::ALL).await;
        assert_stored_as_wire_names::<StateText, CaseState>(StateText::ALL).await;
        assert_stored_as_wire_names::<EventKindText, EventKind>(EventKindText::ALL).await;
    }
}
