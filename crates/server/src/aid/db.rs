//! 互助: help requests with their requester and volunteer, and each community's floors.
//! Every change gives the row a new sync version.

use linli_core::Millis;
use linli_core::aid::{AidSettings, AskArgs, Floors, HelpKind, HelpRequest, HelpStatus};
use linli_core::report::Channel;

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, exec, run, stored_enum};
use crate::reports::db::ChannelText;

stored_enum! {
    /// What help is asked for, as `aid_requests.kind` stores it.
    KindText for HelpKind { Escort, Errand, Company, Haircut, Appliance, Other }
}

stored_enum! {
    /// Where a request stands, as `aid_requests.status` stores it (never `pending`, which
    /// only a device shows).
    StatusText for HelpStatus { Open, Pending, Taken, Done, Cancelled }
}

/// A request as stored: its community and the requester's building (whose staff act for
/// them), and the whole request, phones included.
pub struct Stored {
    pub community_id: String,
    pub building_id: Option<String>,
    pub request: HelpRequest,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: String,
    community_id: String,
    kind: KindText,
    at: Millis,
    place: String,
    note: String,
    requester_id: String,
    requester_name: String,
    requester_phone: String,
    building_id: Option<String>,
    channel: ChannelText,
    filed_by: Option<String>,
    status: StatusText,
    taker_id: Option<String>,
    taker_name: Option<String>,
    taker_phone: Option<String>,
    cancel_reason: Option<String>,
    minutes: Option<i64>,
    from_pool: bool,
    created_at: Millis,
    version: i64,
}

impl RequestRow {
    fn into_stored(self) -> Versioned<Stored> {
        let channel: Channel = self.channel.into();
        let request = HelpRequest {
            id: self.id,
            kind: self.kind.into(),
            at: self.at,
            place: self.place,
            note: self.note,
            requester_id: self.requester_id,
            requester_name: self.requester_name,
            requester_phone: Some(self.requester_phone),
            channel,
            filed_by: self.filed_by,
            status: self.status.into(),
            taker_id: self.taker_id,
            taker_name: self.taker_name,
            taker_phone: self.taker_phone,
            cancel_reason: self.cancel_reason,
            minutes: self.minutes,
            from_pool: self.from_pool,
            created_at: self.created_at,
        };
        Versioned {
            version: self.version,
            row: Stored {
                community_id: self.community_id,
                building_id: self.building_id,
                request,
            },
        }
    }
}

const REQUEST_SELECT: &str = "SELECT r.id, r.community_id, r.kind, r.at, r.place, r.note,
        r.requester_id, q.display_name AS requester_name, q.phone AS requester_phone,
        q.building_id, r.channel, f.display_name AS filed_by, r.status, r.taker_id,
        t.display_name AS taker_name, t.phone AS taker_phone, r.cancel_reason, r.minutes,
        r.from_pool, r.created_at, r.version
    FROM aid_requests r JOIN users q ON q.id = r.requester_id
    LEFT JOIN users t ON t.id = r.taker_id
    LEFT JOIN users f ON f.id = r.filed_by_id";

pub async fn request(db: &mut Conn, id: &str) -> sqlx::Result<Option<Stored>> {
    let sql = format!("{REQUEST_SELECT} WHERE r.id = $1");
    let row: Option<RequestRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map(|r| r.into_stored().row))
}

pub async fn changed_requests(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Stored>>> {
    let rows: Vec<RequestRow> =
        changed_rows(db, REQUEST_SELECT, "r", community_id, None, window).await?;
    Ok(rows.into_iter().map(RequestRow::into_stored).collect())
}

/// Stores a new request, open; `filed_by_id` is the staff member who wrote it down.
pub async fn insert_request(
    tx: &mut Conn,
    community_id: &str,
    a: &AskArgs,
    filed_by_id: Option<&str>,
    now: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO aid_requests (id, community_id, kind, at, place, note, requester_id, channel,
                                   filed_by_id, status, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11)",
    )
    .bind(&a.id)
    .bind(community_id)
    .bind(KindText::from(a.kind))
    .bind(a.at)
    .bind(&a.place)
    .bind(&a.note)
    .bind(&a.requester_id)
    .bind(ChannelText::from(a.channel))
    .bind(filed_by_id)
    .bind(now)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Stores where a request now stands: its status, volunteer, last reason and hours.
pub async fn save_state(tx: &mut Conn, r: &HelpRequest) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "UPDATE aid_requests SET status = $1, taker_id = $2, cancel_reason = $3, minutes = $4,
             from_pool = $5, version = $6
         WHERE id = $7",
    )
    .bind(StatusText::from(r.status))
    .bind(&r.taker_id)
    .bind(&r.cancel_reason)
    .bind(r.minutes)
    .bind(r.from_pool)
    .bind(version)
    .bind(&r.id)
    .execute(ex)
    .await)
    .map(|_| ())
}

// Floors.

#[derive(sqlx::FromRow)]
struct FloorsRow {
    community_id: String,
    person_floor_minutes: i64,
    pool_floor_minutes: i64,
    version: i64,
}

impl FloorsRow {
    fn floors(&self) -> Floors {
        Floors {
            person_minutes: self.person_floor_minutes,
            pool_minutes: self.pool_floor_minutes,
        }
    }
}

const FLOORS_SELECT: &str = "SELECT s.community_id, s.person_floor_minutes, s.pool_floor_minutes,
        s.version
    FROM aid_settings s";

/// A community's floors: as set, or the defaults.
pub async fn floors(db: &mut Conn, community_id: &str) -> sqlx::Result<Floors> {
    let sql = format!("{FLOORS_SELECT} WHERE s.community_id = $1");
    let row: Option<FloorsRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(community_id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map_or_else(Floors::default, |r| r.floors()))
}

/// The floors a community set, when they changed in the window.
pub async fn changed_floors(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<AidSettings>>> {
    let rows: Vec<FloorsRow> =
        changed_rows(db, FLOORS_SELECT, "s", community_id, None, window).await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: AidSettings {
                floors: r.floors(),
                id: r.community_id,
            },
        })
        .collect())
}

pub async fn save_floors(tx: &mut Conn, community_id: &str, floors: &Floors) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO aid_settings (community_id, person_floor_minutes, pool_floor_minutes, version)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id) DO UPDATE SET
             person_floor_minutes = excluded.person_floor_minutes,
             pool_floor_minutes = excluded.pool_floor_minutes, version = excluded.version",
    )
    .bind(community_id)
    .bind(floors.person_minutes)
    .bind(floors.pool_minutes)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    /// The CHECKs of `aid_requests` name the wire names.
    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<KindText, HelpKind>(KindText::ALL).await;
        assert_stored_as_wire_names::<StatusText, HelpStatus>(StatusText::ALL).await;
    }
}
