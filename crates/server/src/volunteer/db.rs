//! Volunteering: profiles, activities, shifts, sign-ups and the time-bank ledger.
//! Every change stamps the row with a new sync version.

use linli_core::Millis;
use linli_core::volunteer::{
    Activity, ActivityKind, LedgerEntry, LedgerReason, MAX_WRONG_CODES, POOL_ACCOUNT, Shift,
    ShiftArgs, Signup, SignupStatus, Skill, VolunteerProfile,
};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, stored_enum};

stored_enum! {
    /// An activity's kind as `activities.kind` stores it.
    ActivityKindText for ActivityKind { ElderCare, Environment, Civility, AfterSchool, Patrol, Other }
}

stored_enum! {
    /// A sign-up's status as `signups.status` stores it.
    SignupStatusText for SignupStatus {
        Pending, Confirmed, Waitlisted, Withdrawn, ShiftCancelled, NoShow,
    }
}

stored_enum! {
    /// Why the time bank changed, as `ledger.reason` stores it.
    LedgerReasonText for LedgerReason {
        Served, Adjustment, TransferOut, TransferIn, HelpGiven, HelpReceived,
    }
}

fn skills_json<T: serde::Serialize>(skills: &[T]) -> String {
    serde_json::to_string(skills).unwrap_or_else(|_| "[]".to_owned())
}

// Profiles.

pub async fn has_profile(db: &mut Conn, user_id: &str) -> sqlx::Result<bool> {
    crate::db::run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM volunteers WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// The skills of a volunteer's profile; `None`: not a volunteer.
pub async fn skills(db: &mut Conn, user_id: &str) -> sqlx::Result<Option<Vec<Skill>>> {
    let skills: Option<String> = crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT skills FROM volunteers WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(ex)
    .await)?;
    Ok(skills.map(|s| serde_json::from_str(&s).unwrap_or_default()))
}

pub async fn upsert_profile(
    tx: &mut Conn,
    profile: &VolunteerProfile,
    community_id: &str,
    now: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO volunteers (user_id, community_id, skills, availability, emergency_name,
                                 emergency_phone, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills,
             availability = excluded.availability, emergency_name = excluded.emergency_name,
             emergency_phone = excluded.emergency_phone, version = excluded.version",
    )
    .bind(&profile.user_id)
    .bind(community_id)
    .bind(skills_json(&profile.skills))
    .bind(&profile.availability)
    .bind(&profile.emergency_name)
    .bind(&profile.emergency_phone)
    .bind(now)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    user_id: String,
    name: String,
    skills: String,
    availability: String,
    emergency_name: String,
    emergency_phone: String,
    version: i64,
}

/// Profiles changed in the window: of one person (`owner`), or of the whole community.
pub async fn changed_profiles(
    db: &mut Conn,
    community_id: &str,
    owner: Option<&str>,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<VolunteerProfile>>> {
    let rows: Vec<ProfileRow> = changed_rows(
        db,
        "SELECT v.user_id, u.display_name AS name, v.skills, v.availability, v.emergency_name,
                v.emergency_phone, v.version
         FROM volunteers v JOIN users u ON u.id = v.user_id",
        "v",
        community_id,
        owner.map(|id| ("user_id", id)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: VolunteerProfile {
                user_id: r.user_id,
                name: r.name,
                skills: serde_json::from_str(&r.skills).unwrap_or_default(),
                availability: r.availability,
                emergency_name: r.emergency_name,
                emergency_phone: r.emergency_phone,
            },
        })
        .collect())
}

// Activities.

/// The community of an activity, if it exists.
pub async fn activity_community(db: &mut Conn, id: &str) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT community_id FROM activities WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

pub async fn upsert_activity(
    tx: &mut Conn,
    activity: &Activity,
    community_id: &str,
    created_by: Option<&str>,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO activities (id, community_id, kind, title, description, place, contact_name,
                                 contact_phone, skills, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
             description = excluded.description, place = excluded.place,
             contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,
             skills = excluded.skills, version = excluded.version",
    )
    .bind(&activity.id)
    .bind(community_id)
    .bind(ActivityKindText::from(activity.kind))
    .bind(&activity.title)
    .bind(&activity.description)
    .bind(&activity.place)
    .bind(&activity.contact_name)
    .bind(&activity.contact_phone)
    .bind(skills_json(&activity.skills))
    .bind(created_by)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: String,
    #[sqlx(try_from = "ActivityKindText")]
    kind: ActivityKind,
    title: String,
    description: String,
    place: String,
    contact_name: String,
    contact_phone: String,
    skills: String,
    version: i64,
}

/// Activities of a community changed in the window.
pub async fn changed_activities(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Activity>>> {
    let rows: Vec<ActivityRow> = changed_rows(
        db,
        "SELECT id, kind, title, description, place, contact_name, contact_phone, skills, version
         FROM activities",
        "activities",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: Activity {
                id: r.id,
                kind: r.kind,
                title: r.title,
                description: r.description,
                place: r.place,
                contact_name: r.contact_name,
                contact_phone: r.contact_phone,
                skills: serde_json::from_str(&r.skills).unwrap_or_default(),
            },
        })
        .collect())
}

// Shifts.

/// A shift with what the server needs around it: its community, and its
/// activity's title and place for messages.
#[derive(Debug, Clone)]
pub struct ShiftRecord {
    pub community_id: String,
    pub shift: Shift,
    pub title: String,
    pub place: String,
}

#[derive(sqlx::FromRow)]
struct ShiftRow {
    id: String,
    activity_id: String,
    community_id: String,
    starts_at: i64,
    ends_at: i64,
    capacity: i64,
    confirmed: i64,
    waitlisted: i64,
    cancelled_at: Option<i64>,
    check_in_code: String,
    title: String,
    place: String,
    version: i64,
}

impl ShiftRow {
    fn into_record(self) -> Versioned<ShiftRecord> {
        Versioned {
            version: self.version,
            row: ShiftRecord {
                community_id: self.community_id,
                title: self.title,
                place: self.place,
                shift: Shift {
                    id: self.id,
                    activity_id: self.activity_id,
                    starts_at: self.starts_at,
                    ends_at: self.ends_at,
                    capacity: self.capacity.max(0) as u32,
                    confirmed: self.confirmed as u32,
                    waitlisted: self.waitlisted as u32,
                    cancelled: self.cancelled_at.is_some(),
                    check_in_code: Some(self.check_in_code),
                },
            },
        }
    }
}

/// Places taken and people waiting are counted as of the read.
const SHIFT_SELECT: &str = "
    SELECT s.id, s.activity_id, s.community_id, s.starts_at, s.ends_at, s.capacity,
           (SELECT COUNT(*) FROM signups g WHERE g.shift_id = s.id AND g.status = 'confirmed') AS confirmed,
           (SELECT COUNT(*) FROM signups g WHERE g.shift_id = s.id AND g.status = 'waitlisted') AS waitlisted,
           s.cancelled_at, s.check_in_code, a.title, a.place, s.version
    FROM shifts s JOIN activities a ON a.id = s.activity_id";

pub async fn shift(db: &mut Conn, id: &str) -> sqlx::Result<Option<ShiftRecord>> {
    crate::db::run!(db, |ex| sqlx::query_as::<_, ShiftRow>(&format!(
        "{SHIFT_SELECT} WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)
    .map(|row| row.map(|r| r.into_record().row))
}

/// Shifts of a community changed in the window, with their check-in codes.
pub async fn changed_shifts(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Shift>>> {
    let rows: Vec<ShiftRow> =
        changed_rows(db, SHIFT_SELECT, "s", community_id, None, window).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let v = r.into_record();
            Versioned {
                version: v.version,
                row: v.row.shift,
            }
        })
        .collect())
}

/// Whether an activity has a shift that has not ended by `at`.
pub async fn has_shift_ending_after(
    db: &mut Conn,
    activity_id: &str,
    at: i64,
) -> sqlx::Result<bool> {
    crate::db::run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM shifts WHERE activity_id = $1 AND ends_at > $2",
    )
    .bind(activity_id)
    .bind(at)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// The shifts a person holds a place or a waitlist position on.
pub async fn active_shifts_of(db: &mut Conn, user_id: &str) -> sqlx::Result<Vec<ShiftRecord>> {
    crate::db::run!(db, |ex| sqlx::query_as::<_, ShiftRow>(&format!(
        "{SHIFT_SELECT} WHERE s.id IN (SELECT shift_id FROM signups
                                       WHERE user_id = $1 AND status IN ('confirmed', 'waitlisted'))
         ORDER BY s.starts_at"
    ))
    .bind(user_id)
    .fetch_all(ex)
    .await)
    .map(|rows| rows.into_iter().map(|r| r.into_record().row).collect())
}

/// Creates a shift or changes its activity, times, capacity and code.
pub async fn upsert_shift(tx: &mut Conn, args: &ShiftArgs, community_id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO shifts (id, activity_id, community_id, starts_at, ends_at, capacity,
                             check_in_code, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET activity_id = excluded.activity_id,
             starts_at = excluded.starts_at, ends_at = excluded.ends_at,
             capacity = excluded.capacity, check_in_code = excluded.check_in_code,
             version = excluded.version",
    )
    .bind(&args.id)
    .bind(&args.activity_id)
    .bind(community_id)
    .bind(args.starts_at)
    .bind(args.ends_at)
    .bind(args.capacity)
    .bind(&args.check_in_code)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn cancel_shift(tx: &mut Conn, id: &str, reason: &str, at: Millis) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE shifts SET cancelled_at = $1, cancel_reason = $2, version = $3 WHERE id = $4"
    )
    .bind(at)
    .bind(reason)
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// A new version for a shift whose places or waitlist changed.
pub async fn touch_shift(tx: &mut Conn, id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE shifts SET version = $1 WHERE id = $2"
    )
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

// Sign-ups.

/// A sign-up as the server checks it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignupRecord {
    pub id: String,
    pub shift_id: String,
    pub community_id: String,
    pub user_id: String,
    #[sqlx(try_from = "SignupStatusText")]
    pub status: SignupStatus,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub credited_minutes: Option<i64>,
    /// Wrong check-in codes tried since the last unlock.
    #[sqlx(try_from = "i64")]
    pub wrong_codes: u32,
}

pub async fn signup(db: &mut Conn, id: &str) -> sqlx::Result<Option<SignupRecord>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT id, shift_id, community_id, user_id, status, checked_in_at, checked_out_at,
                credited_minutes, wrong_codes
         FROM signups WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// One holder of a place or a waitlist position.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Slot {
    pub id: String,
    pub user_id: String,
    #[sqlx(try_from = "SignupStatusText")]
    pub status: SignupStatus,
}

impl Slot {
    pub fn is_waitlisted(&self) -> bool {
        self.status == SignupStatus::Waitlisted
    }
}

/// A shift's active sign-ups in the order they arrived at the server.
pub async fn slots(db: &mut Conn, shift_id: &str) -> sqlx::Result<Vec<Slot>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT id, user_id, status FROM signups
         WHERE shift_id = $1 AND status IN ('confirmed', 'waitlisted') ORDER BY queue_no",
    )
    .bind(shift_id)
    .fetch_all(ex)
    .await)
}

pub struct NewSignup<'a> {
    pub id: &'a str,
    pub shift_id: &'a str,
    pub community_id: &'a str,
    pub user_id: &'a str,
    pub status: SignupStatus,
    pub signed_up_at: Millis,
    /// When the server decided the place.
    pub decided_at: Millis,
}

/// Records a decided sign-up at the end of its shift's queue.
pub async fn insert_signup(tx: &mut Conn, s: &NewSignup<'_>) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO signups (id, shift_id, community_id, user_id, status, queue_no, signed_up_at,
                              decided_at, version)
         VALUES ($1, $2, $3, $4, $5,
                 (SELECT COALESCE(MAX(queue_no), 0) + 1 FROM signups WHERE shift_id = $6),
                 $7, $8, $9)",
    )
    .bind(s.id)
    .bind(s.shift_id)
    .bind(s.community_id)
    .bind(s.user_id)
    .bind(SignupStatusText::from(s.status))
    .bind(s.shift_id)
    .bind(s.signed_up_at)
    .bind(s.decided_at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Sets a sign-up's status; the same status again still bumps the version
/// (used when only its waitlist position moved).
pub async fn set_signup_status(tx: &mut Conn, id: &str, status: SignupStatus) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE signups SET status = $1, version = $2 WHERE id = $3"
    )
    .bind(SignupStatusText::from(status))
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Sets how many wrong check-in codes a sign-up has tried (0 unlocks it); the version
/// moves, so staff see a lock on the roster when it comes.
pub async fn set_wrong_codes(tx: &mut Conn, id: &str, wrong_codes: u32) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE signups SET wrong_codes = $1, version = $2 WHERE id = $3"
    )
    .bind(i64::from(wrong_codes))
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn check_in(tx: &mut Conn, id: &str, at: i64) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE signups SET checked_in_at = $1, version = $2 WHERE id = $3"
    )
    .bind(at)
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Records the minutes credited for a sign-up, and the check-out when there was one.
pub async fn credit_signup(
    tx: &mut Conn,
    id: &str,
    checked_out_at: Option<i64>,
    minutes: i64,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE signups SET checked_out_at = $1, credited_minutes = $2, version = $3 WHERE id = $4",
    )
    .bind(checked_out_at)
    .bind(minutes)
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct SignupRow {
    id: String,
    shift_id: String,
    user_id: String,
    user_name: String,
    #[sqlx(try_from = "SignupStatusText")]
    status: SignupStatus,
    position: Option<i64>,
    signed_up_at: i64,
    checked_in_at: Option<i64>,
    checked_out_at: Option<i64>,
    credited_minutes: Option<i64>,
    #[sqlx(try_from = "i64")]
    wrong_codes: u32,
    version: i64,
}

impl SignupRow {
    fn into_signup(self) -> Signup {
        Signup {
            id: self.id,
            shift_id: self.shift_id,
            user_id: self.user_id,
            user_name: self.user_name,
            status: self.status,
            position: self.position.map(|p| p as u32),
            signed_up_at: self.signed_up_at,
            checked_in_at: self.checked_in_at,
            checked_out_at: self.checked_out_at,
            credited_minutes: self.credited_minutes,
            check_in_locked: self.wrong_codes >= MAX_WRONG_CODES,
        }
    }
}

/// A waitlisted sign-up's position is its rank in the queue among the waitlisted.
const SIGNUP_SELECT: &str = "
    SELECT g.id, g.shift_id, g.user_id, u.display_name AS user_name, g.status,
           CASE WHEN g.status = 'waitlisted' THEN
               (SELECT COUNT(*) FROM signups w
                WHERE w.shift_id = g.shift_id AND w.status = 'waitlisted' AND w.queue_no <= g.queue_no)
           END AS position,
           g.signed_up_at, g.checked_in_at, g.checked_out_at, g.credited_minutes, g.wrong_codes,
           g.version
    FROM signups g JOIN users u ON u.id = g.user_id";

/// Sign-ups changed in the window: of one person (`owner`), or of the whole community.
pub async fn changed_signups(
    db: &mut Conn,
    community_id: &str,
    owner: Option<&str>,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Signup>>> {
    let rows: Vec<SignupRow> = changed_rows(
        db,
        SIGNUP_SELECT,
        "g",
        community_id,
        owner.map(|id| ("user_id", id)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: r.into_signup(),
        })
        .collect())
}

// The ledger.

pub async fn ledger_entry_exists(db: &mut Conn, id: &str) -> sqlx::Result<bool> {
    crate::db::run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM ledger WHERE id = $1"
    )
    .bind(id)
    .fetch_one(ex)
    .await)
    .map(|n| n > 0)
}

/// A person's balance: the sum of their entries, in minutes.
pub async fn balance(db: &mut Conn, user_id: &str) -> sqlx::Result<i64> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM ledger WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_one(ex)
    .await)
}

/// The balance of the community's 互助池, in minutes.
pub async fn pool_balance(db: &mut Conn, community_id: &str) -> sqlx::Result<i64> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM ledger
         WHERE community_id = $1 AND user_id IS NULL"
    )
    .bind(community_id)
    .fetch_one(ex)
    .await)
}

/// The stored user of a ledger account: none for the 互助池.
fn stored_user(account: &str) -> Option<&str> {
    (account != POOL_ACCOUNT).then_some(account)
}

pub struct NewEntry<'a> {
    pub id: &'a str,
    pub community_id: &'a str,
    /// A person's id, or [`POOL_ACCOUNT`].
    pub user_id: &'a str,
    pub minutes: i64,
    pub reason: LedgerReason,
    pub note: &'a str,
    pub by_user_id: &'a str,
    pub signup_id: Option<&'a str>,
    pub created_at: i64,
}

/// Appends an entry. Entries are never changed or deleted.
pub async fn insert_entry(tx: &mut Conn, e: &NewEntry<'_>) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO ledger (id, community_id, user_id, minutes, reason, note, by_user_id,
                             signup_id, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.id)
    .bind(e.community_id)
    .bind(stored_user(e.user_id))
    .bind(e.minutes)
    .bind(LedgerReasonText::from(e.reason))
    .bind(e.note)
    .bind(e.by_user_id)
    .bind(e.signup_id)
    .bind(e.created_at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    user_id: Option<String>,
    minutes: i64,
    #[sqlx(try_from = "LedgerReasonText")]
    reason: LedgerReason,
    note: String,
    by_name: String,
    created_at: i64,
    version: i64,
}

/// Ledger entries changed in the window: of one person (`owner`), or of the whole community.
pub async fn changed_entries(
    db: &mut Conn,
    community_id: &str,
    owner: Option<&str>,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<LedgerEntry>>> {
    let rows: Vec<EntryRow> = changed_rows(
        db,
        "SELECT l.id, l.user_id, l.minutes, l.reason, l.note, u.display_name AS by_name,
                l.created_at, l.version
         FROM ledger l JOIN users u ON u.id = l.by_user_id",
        "l",
        community_id,
        owner.map(|id| ("user_id", id)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: LedgerEntry {
                id: r.id,
                user_id: r.user_id.unwrap_or_else(|| POOL_ACCOUNT.to_owned()),
                minutes: r.minutes,
                reason: r.reason,
                note: r.note,
                by_name: r.by_name,
                created_at: r.created_at,
            },
        })
        .collect())
}

// Exports for staff.

/// One line of a shift's roster export.
#[derive(Debug, sqlx::FromRow)]
pub struct RosterLine {
    pub name: String,
    pub phone: String,
    pub building_id: Option<String>,
    pub building: Option<String>,
    #[sqlx(try_from = "SignupStatusText")]
    pub status: SignupStatus,
    pub position: Option<i64>,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub credited_minutes: Option<i64>,
}

/// Every sign-up of a shift: those holding places, then those waiting, then the
/// rest, each in the order they arrived.
pub async fn roster_lines(pool: &Pool, shift_id: &str) -> sqlx::Result<Vec<RosterLine>> {
    crate::db::run!(pool, |ex| {
        sqlx::query_as(
        "SELECT u.display_name AS name, u.phone, u.building_id, b.name AS building, g.status,
                CASE WHEN g.status = 'waitlisted' THEN
                    (SELECT COUNT(*) FROM signups w
                     WHERE w.shift_id = g.shift_id AND w.status = 'waitlisted' AND w.queue_no <= g.queue_no)
                END AS position,
                g.checked_in_at, g.checked_out_at, g.credited_minutes
         FROM signups g
         JOIN users u ON u.id = g.user_id
         LEFT JOIN buildings b ON b.id = u.building_id
         WHERE g.shift_id = $1
         ORDER BY CASE g.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, g.queue_no",
    )
    .bind(shift_id)
    .fetch_all(ex).await
    })
}

/// One line of the community's hours export.
#[derive(Debug, sqlx::FromRow)]
pub struct HoursLine {
    pub name: String,
    pub phone: String,
    pub building_id: Option<String>,
    pub building: Option<String>,
    pub services: i64,
    pub served_minutes: i64,
    pub balance_minutes: i64,
}

/// Every volunteer of a community with their service count, hours served and balance.
pub async fn hours_lines(pool: &Pool, community_id: &str) -> sqlx::Result<Vec<HoursLine>> {
    crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT u.display_name AS name, u.phone, u.building_id, b.name AS building,
                CAST(COALESCE(SUM(CASE WHEN l.reason = 'served' THEN 1 ELSE 0 END), 0) AS BIGINT)
                    AS services,
                CAST(COALESCE(SUM(CASE WHEN l.reason = 'served' THEN l.minutes ELSE 0 END), 0)
                    AS BIGINT) AS served_minutes,
                CAST(COALESCE(SUM(l.minutes), 0) AS BIGINT) AS balance_minutes
         FROM volunteers v
         JOIN users u ON u.id = v.user_id
         LEFT JOIN buildings b ON b.id = u.building_id
         LEFT JOIN ledger l ON l.user_id = v.user_id
         WHERE v.community_id = $1
         GROUP BY v.user_id, u.display_name, u.phone, u.building_id, b.name, b.position
         ORDER BY b.position, u.display_name",
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<ActivityKindText, ActivityKind>(ActivityKindText::ALL).await;
        assert_stored_as_wire_names::<SignupStatusText, SignupStatus>(SignupStatusText::ALL).await;
        assert_stored_as_wire_names::<LedgerReasonText, LedgerReason>(LedgerReasonText::ALL).await;
    }
}
