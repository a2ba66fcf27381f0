//! Sign-ups' SQL: openings, their sessions with places counted as of the read, and each
//! sign-up in the order it arrived. Every change gives the row a new sync version; a
//! session gets one too when its places or waitlist change.

use linli_core::Millis;
use linli_core::account::Address;
use linli_core::report::Channel;
use linli_core::signup::{
    Entry, EntryStatus, Family, Opening, OpeningArgs, Session, SessionArgs, Subject, Who,
};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, exec, run, stored_enum};
use crate::reports::db::ChannelText;

stored_enum! {
    /// Where a sign-up stands, as `signup_entries.status` stores it (never `pending`, which
    /// only a device shows).
    EntryStatusText for EntryStatus { Pending, Confirmed, Waitlisted, Cancelled }
}

fn subject_parts(subject: &Subject) -> (&'static str, &str) {
    match subject {
        Subject::Notice(id) => ("notice", id),
        Subject::Service(id) => ("service", id),
    }
}

// Openings.

/// An opening with its community.
pub struct OpeningRecord {
    pub community_id: String,
    pub opening: Opening,
}

#[derive(sqlx::FromRow)]
struct OpeningRow {
    id: String,
    community_id: String,
    subject_kind: String,
    subject_id: String,
    title: String,
    note: String,
    who: String,
    per_household: Option<i64>,
    closes_at: Option<i64>,
    version: i64,
}

impl OpeningRow {
    fn into_record(self) -> Versioned<OpeningRecord> {
        let subject = if self.subject_kind == "service" {
            Subject::Service(self.subject_id)
        } else {
            Subject::Notice(self.subject_id)
        };
        Versioned {
            version: self.version,
            row: OpeningRecord {
                community_id: self.community_id,
                opening: Opening {
                    id: self.id,
                    subject,
                    title: self.title,
                    note: self.note,
                    // Written from a validated `Who` only; an unreadable one admits nobody new.
                    who: serde_json::from_str(&self.who).unwrap_or(Who::Building {
                        building_id: String::new(),
                    }),
                    per_household: self.per_household.map(|n| n.max(0) as u32),
                    closes_at: self.closes_at,
                },
            },
        }
    }
}

const OPENING_SELECT: &str = "SELECT o.id, o.community_id, o.subject_kind, o.subject_id, o.title,
        o.note, o.who, o.per_household, o.closes_at, o.version
    FROM signup_openings o";

pub async fn opening(db: &mut Conn, id: &str) -> sqlx::Result<Option<OpeningRecord>> {
    let sql = format!("{OPENING_SELECT} WHERE o.id = $1");
    let row: Option<OpeningRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map(|r| r.into_record().row))
}

pub async fn changed_openings(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Opening>>> {
    let rows: Vec<OpeningRow> =
        changed_rows(db, OPENING_SELECT, "o", community_id, None, window).await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_record().map(|o| o.opening))
        .collect())
}

/// The community of the notice or directory item sign-ups are opened on, if it exists.
pub async fn subject_community(db: &mut Conn, subject: &Subject) -> sqlx::Result<Option<String>> {
    let (kind, id) = subject_parts(subject);
    let table = if kind == "notice" {
        "notices"
    } else {
        "services"
    };
    let sql = format!("SELECT community_id FROM {table} WHERE id = $1");
    run!(db, |ex| sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)
}

pub async fn upsert_opening(
    tx: &mut Conn,
    o: &OpeningArgs,
    community_id: &str,
    by: &str,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    let (kind, subject_id) = subject_parts(&o.subject);
    let who = serde_json::to_string(&o.who).unwrap_or_default();
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO signup_openings (id, community_id, subject_kind, subject_id, title, note, who,
                                      per_household, closes_at, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET subject_kind = excluded.subject_kind,
             subject_id = excluded.subject_id, title = excluded.title, note = excluded.note,
             who = excluded.who, per_household = excluded.per_household,
             closes_at = excluded.closes_at, version = excluded.version",
    )
    .bind(&o.id)
    .bind(community_id)
    .bind(kind)
    .bind(subject_id)
    .bind(&o.title)
    .bind(&o.note)
    .bind(&who)
    .bind(o.per_household.map(i64::from))
    .bind(o.closes_at)
    .bind(by)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

// Sessions.

/// A session with its community and its opening's title, for messages.
pub struct SessionRecord {
    pub community_id: String,
    pub title: String,
    pub session: Session,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    opening_id: String,
    community_id: String,
    starts_at: i64,
    ends_at: i64,
    place: String,
    capacity: i64,
    buildings: Option<String>,
    confirmed: i64,
    waitlisted: i64,
    title: String,
    version: i64,
}

impl SessionRow {
    fn into_record(self) -> Versioned<SessionRecord> {
        Versioned {
            version: self.version,
            row: SessionRecord {
                community_id: self.community_id,
                title: self.title,
                session: Session {
                    id: self.id,
                    opening_id: self.opening_id,
                    starts_at: self.starts_at,
                    ends_at: self.ends_at,
                    place: self.place,
                    capacity: self.capacity.max(0) as u32,
                    buildings: self.buildings.and_then(|b| serde_json::from_str(&b).ok()),
                    confirmed: self.confirmed as u32,
                    waitlisted: self.waitlisted as u32,
                },
            },
        }
    }
}

/// Places taken and people waiting are counted as of the read.
const SESSION_SELECT: &str = "
    SELECT s.id, s.opening_id, s.community_id, s.starts_at, s.ends_at, s.place, s.capacity,
           s.buildings,
           (SELECT COUNT(*) FROM signup_entries e WHERE e.session_id = s.id AND e.status = 'confirmed') AS confirmed,
           (SELECT COUNT(*) FROM signup_entries e WHERE e.session_id = s.id AND e.status = 'waitlisted') AS waitlisted,
           o.title, s.version
    FROM signup_sessions s JOIN signup_openings o ON o.id = s.opening_id";

pub async fn session(db: &mut Conn, id: &str) -> sqlx::Result<Option<SessionRecord>> {
    let sql = format!("{SESSION_SELECT} WHERE s.id = $1");
    let row: Option<SessionRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map(|r| r.into_record().row))
}

pub async fn changed_sessions(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Session>>> {
    let rows: Vec<SessionRow> =
        changed_rows(db, SESSION_SELECT, "s", community_id, None, window).await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_record().map(|s| s.session))
        .collect())
}

pub async fn upsert_session(
    tx: &mut Conn,
    a: &SessionArgs,
    community_id: &str,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    let buildings = a
        .buildings
        .as_ref()
        .map(|b| serde_json::to_string(b).unwrap_or_default());
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO signup_sessions (id, opening_id, community_id, starts_at, ends_at, place,
                                      capacity, buildings, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at,
             ends_at = excluded.ends_at, place = excluded.place, capacity = excluded.capacity,
             buildings = excluded.buildings, version = excluded.version",
    )
    .bind(&a.id)
    .bind(&a.opening_id)
    .bind(community_id)
    .bind(a.starts_at)
    .bind(a.ends_at)
    .bind(&a.place)
    .bind(a.capacity)
    .bind(buildings)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// A new version for a session whose places or waitlist changed.
pub async fn touch_session(tx: &mut Conn, id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "UPDATE signup_sessions SET version = $1 WHERE id = $2"
    )
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

// Sign-ups.

/// A sign-up as the server checks it: with the account's building, whose staff act for it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRecord {
    pub id: String,
    pub session_id: String,
    pub community_id: String,
    pub user_id: String,
    pub building_id: Option<String>,
    #[sqlx(try_from = "EntryStatusText")]
    pub status: EntryStatus,
    pub attended: Option<bool>,
}

pub async fn entry(db: &mut Conn, id: &str) -> sqlx::Result<Option<EntryRecord>> {
    run!(db, |ex| sqlx::query_as(
        "SELECT e.id, e.session_id, e.community_id, e.user_id, u.building_id, e.status, e.attended
         FROM signup_entries e JOIN users u ON u.id = e.user_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// A session's active sign-ups in the order they arrived, each with whether it waits:
/// the queue the shared roster rules take.
pub async fn queue(db: &mut Conn, session_id: &str) -> sqlx::Result<Vec<(String, bool)>> {
    let rows: Vec<(String, EntryStatusText)> = run!(db, |ex| sqlx::query_as(
        "SELECT id, status FROM signup_entries
         WHERE session_id = $1 AND status IN ('confirmed', 'waitlisted') ORDER BY queue_no",
    )
    .bind(session_id)
    .fetch_all(ex)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, status)| (id, status == EntryStatusText::Waitlisted))
        .collect())
}

/// Active sign-ups for an opening by the household of `user_id`: every account of the
/// same flat, or the account alone when its flat is not known.
pub async fn household_active(db: &mut Conn, opening_id: &str, user_id: &str) -> sqlx::Result<i64> {
    run!(db, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM signup_entries e JOIN users u ON u.id = e.user_id
         JOIN users me ON me.id = $2
         WHERE e.opening_id = $1 AND e.status IN ('confirmed', 'waitlisted')
           AND (u.id = me.id OR (me.building_id IS NOT NULL AND me.unit IS NOT NULL
                AND me.room IS NOT NULL AND u.community_id = me.community_id
                AND u.building_id = me.building_id AND u.unit = me.unit AND u.room = me.room))",
    )
    .bind(opening_id)
    .bind(user_id)
    .fetch_one(ex)
    .await)
}

/// Whether the same person (the account holder, or the family member of that name) holds
/// an active sign-up for the opening already.
pub async fn same_attendee(
    db: &mut Conn,
    opening_id: &str,
    user_id: &str,
    family_name: Option<&str>,
) -> sqlx::Result<bool> {
    let count: i64 = run!(db, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM signup_entries
         WHERE opening_id = $1 AND user_id = $2 AND status IN ('confirmed', 'waitlisted')
           AND COALESCE(family_name, '') = $3",
    )
    .bind(opening_id)
    .bind(user_id)
    .bind(family_name.unwrap_or_default())
    .fetch_one(ex)
    .await)?;
    Ok(count > 0)
}

pub struct NewEntry<'a> {
    pub id: &'a str,
    pub session: &'a Session,
    pub community_id: &'a str,
    pub user_id: &'a str,
    pub family: Option<&'a Family>,
    pub born: Option<i64>,
    pub status: EntryStatus,
    pub channel: Channel,
    pub filed_by_id: Option<&'a str>,
    pub signed_up_at: Millis,
    /// When the server decided the place.
    pub decided_at: Millis,
}

/// Records a decided sign-up at the end of its session's queue.
pub async fn insert_entry(tx: &mut Conn, e: &NewEntry<'_>) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO signup_entries (id, session_id, opening_id, community_id, user_id,
                                     family_name, family_relation, born, status, queue_no,
                                     channel, filed_by_id, signed_up_at, decided_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                 (SELECT COALESCE(MAX(queue_no), 0) + 1 FROM signup_entries WHERE session_id = $2),
                 $10, $11, $12, $13, $14)",
    )
    .bind(e.id)
    .bind(&e.session.id)
    .bind(&e.session.opening_id)
    .bind(e.community_id)
    .bind(e.user_id)
    .bind(e.family.map(|f| f.name.as_str()))
    .bind(e.family.map(|f| f.relation.as_str()))
    .bind(e.born)
    .bind(EntryStatusText::from(e.status))
    .bind(ChannelText::from(e.channel))
    .bind(e.filed_by_id)
    .bind(e.signed_up_at)
    .bind(e.decided_at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_status(tx: &mut Conn, id: &str, status: EntryStatus) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "UPDATE signup_entries SET status = $1, version = $2 WHERE id = $3"
    )
    .bind(EntryStatusText::from(status))
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_attended(tx: &mut Conn, id: &str, attended: bool) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "UPDATE signup_entries SET attended = $1, version = $2 WHERE id = $3"
    )
    .bind(attended)
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    opening_id: String,
    session_id: String,
    user_id: String,
    user_name: String,
    building: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    family_name: Option<String>,
    family_relation: Option<String>,
    born: Option<i64>,
    #[sqlx(try_from = "EntryStatusText")]
    status: EntryStatus,
    position: Option<i64>,
    #[sqlx(try_from = "ChannelText")]
    channel: Channel,
    filed_by: Option<String>,
    signed_up_at: i64,
    attended: Option<bool>,
    version: i64,
}

impl EntryRow {
    fn into_entry(self) -> Entry {
        let family = match (self.family_name, self.family_relation) {
            (Some(name), Some(relation)) => Some(Family { name, relation }),
            _ => None,
        };
        Entry {
            flat: Address {
                building_id: None,
                unit: self.unit,
                room: self.room,
            }
            .label(self.building.as_deref()),
            id: self.id,
            opening_id: self.opening_id,
            session_id: self.session_id,
            user_id: self.user_id,
            user_name: self.user_name,
            family,
            born: self.born,
            status: self.status,
            position: self.position.map(|p| p as u32),
            channel: self.channel,
            filed_by: self.filed_by,
            signed_up_at: self.signed_up_at,
            attended: self.attended,
        }
    }
}

/// Sign-ups with `extra` columns. A waitlisted sign-up's position is its rank in the queue
/// among the waitlisted.
fn entry_select(extra: &str) -> String {
    format!(
        "SELECT e.id, e.opening_id, e.session_id, e.user_id, u.display_name AS user_name,
                b.name AS building, u.unit, u.room, e.family_name, e.family_relation, e.born,
                e.status,
                CASE WHEN e.status = 'waitlisted' THEN
                    (SELECT COUNT(*) FROM signup_entries w
                     WHERE w.session_id = e.session_id AND w.status = 'waitlisted'
                       AND w.queue_no <= e.queue_no)
                END AS position,
                e.channel, f.display_name AS filed_by, e.signed_up_at, e.attended, e.version{extra}
         FROM signup_entries e JOIN users u ON u.id = e.user_id
         LEFT JOIN buildings b ON b.id = u.building_id
         LEFT JOIN users f ON f.id = e.filed_by_id"
    )
}

/// Sign-ups changed in the window: of one person (`owner`), or of the whole community.
pub async fn changed_entries(
    db: &mut Conn,
    community_id: &str,
    owner: Option<&str>,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Entry>>> {
    let rows: Vec<EntryRow> = changed_rows(
        db,
        &entry_select(""),
        "e",
        community_id,
        owner.map(|id| ("user_id", id)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: r.into_entry(),
        })
        .collect())
}

/// One line of an opening's export: the sign-up, the account's phone and building, and
/// the session.
pub struct ListLine {
    pub entry: Entry,
    pub phone: String,
    pub building_id: Option<String>,
    pub session: String,
}

#[derive(sqlx::FromRow)]
struct ListRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    phone: String,
    building_id: Option<String>,
    starts_at: i64,
    ends_at: i64,
    place: String,
}

/// Every sign-up of an opening, session by session: those holding places, then those
/// waiting, then the cancelled, each in the order they arrived.
pub async fn list_lines(pool: &Pool, opening_id: &str) -> sqlx::Result<Vec<ListLine>> {
    let sql = entry_select(", u.phone, u.building_id, s.starts_at, s.ends_at, s.place")
        + "
    JOIN signup_sessions s ON s.id = e.session_id
    WHERE e.opening_id = $1
    ORDER BY s.starts_at, s.id,
             CASE e.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, e.queue_no";
    let rows: Vec<ListRow> = run!(pool, |ex| sqlx::query_as(&sql)
        .bind(opening_id)
        .fetch_all(ex)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| ListLine {
            session: format!(
                "{} {}",
                linli_core::signup::session_time_label(r.starts_at, r.ends_at),
                r.place
            ),
            phone: r.phone,
            building_id: r.building_id,
            entry: r.entry.into_entry(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    /// The CHECK of `signup_entries.status` names the wire names.
    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<EntryStatusText, EntryStatus>(EntryStatusText::ALL).await;
    }
}
