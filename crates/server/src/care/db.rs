//! 一户一表: households with their members, tags and contacts, the calls and visits
//! logged, and the community's rhythms. Members, emergency contact, tags and rules are
//! stored as the core's JSON; a change to a household gives it a new sync version.

use linli_core::Millis;
use linli_core::care::{
    ContactKind, Contacts, Household, Outcome, Rhythm, RhythmRule, Sight, Visit, default_rhythms,
};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, Pool, begin_write, exec, run, stored_enum};

stored_enum! {
    /// How a contact was made, as `care_visits.kind` stores it.
    KindText for ContactKind { Visit, Call }
}

stored_enum! {
    /// What a contact found, as `care_visits.outcome` stores it.
    OutcomeText for Outcome { Normal, NeedsHelp, NotSeen }
}

fn json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

// Households.

/// A household as stored, with its community.
pub struct Stored {
    pub community_id: String,
    pub household: Household,
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    id: String,
    community_id: String,
    building_id: String,
    building_name: String,
    unit: String,
    room: String,
    members: String,
    emergency: Option<String>,
    tags: String,
    note: String,
    registered_at: Millis,
    last_visit_at: Option<Millis>,
    last_reached_at: Option<Millis>,
    last_try_at: Option<Millis>,
    missed_in_row: i64,
    version: i64,
}

impl HouseholdRow {
    fn into_stored(self) -> Versioned<Stored> {
        let household = Household {
            id: self.id,
            building_id: self.building_id,
            building_name: self.building_name,
            unit: self.unit,
            room: self.room,
            members: json(&self.members),
            emergency: self.emergency.and_then(|e| serde_json::from_str(&e).ok()),
            tags: json(&self.tags),
            kinds: Vec::new(),
            rhythm: Rhythm::default(),
            contacts: Contacts {
                last_visit_at: self.last_visit_at,
                last_reached_at: self.last_reached_at,
                last_try_at: self.last_try_at,
                missed_in_row: crate::db::small(self.missed_in_row),
            },
            registered_at: self.registered_at,
            note: self.note,
            sight: Sight::Full,
        };
        Versioned {
            version: self.version,
            row: Stored {
                community_id: self.community_id,
                household,
            },
        }
    }
}

const HOUSEHOLD_SELECT: &str =
    "SELECT h.id, h.community_id, h.building_id, b.name AS building_name,
        h.unit, h.room, h.members, h.emergency, h.tags, h.note, h.registered_at, h.last_visit_at,
        h.last_reached_at, h.last_try_at, h.missed_in_row, h.version
    FROM care_households h JOIN buildings b ON b.id = h.building_id";

pub async fn household(db: &mut Conn, id: &str) -> sqlx::Result<Option<Stored>> {
    let sql = format!("{HOUSEHOLD_SELECT} WHERE h.id = $1");
    let row: Option<HouseholdRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map(|r| r.into_stored().row))
}

/// Every household of a community's register, whole.
pub async fn households_of(db: &mut Conn, community_id: &str) -> sqlx::Result<Vec<Household>> {
    let sql = format!("{HOUSEHOLD_SELECT} WHERE h.community_id = $1");
    let rows: Vec<HouseholdRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(community_id)
        .fetch_all(ex)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_stored().row.household)
        .collect())
}

/// The household living in a flat, if the register has one.
pub async fn household_at(
    db: &mut Conn,
    community_id: &str,
    (building_id, unit, room): (&str, &str, &str),
) -> sqlx::Result<Option<String>> {
    run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM care_households
         WHERE community_id = $1 AND building_id = $2 AND unit = $3 AND room = $4",
    )
    .bind(community_id)
    .bind(building_id)
    .bind(unit)
    .bind(room)
    .fetch_optional(ex)
    .await)
}

pub async fn changed_households(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<Household>>> {
    let rows: Vec<HouseholdRow> =
        changed_rows(db, HOUSEHOLD_SELECT, "h", community_id, None, window).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let v = r.into_stored();
            Versioned {
                version: v.version,
                row: v.row.household,
            }
        })
        .collect())
}

/// Stores a household whole (a new one, or its new state), with a new version.
pub async fn save_household(tx: &mut Conn, community_id: &str, h: &Household) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO care_households (id, community_id, building_id, unit, room, members,
             emergency, tags, note, registered_at, last_visit_at, last_reached_at, last_try_at,
             missed_in_row, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (id) DO UPDATE SET building_id = excluded.building_id,
             unit = excluded.unit, room = excluded.room, members = excluded.members,
             emergency = excluded.emergency, tags = excluded.tags, note = excluded.note,
             last_visit_at = excluded.last_visit_at, last_reached_at = excluded.last_reached_at,
             last_try_at = excluded.last_try_at, missed_in_row = excluded.missed_in_row,
             version = excluded.version",
    )
    .bind(&h.id)
    .bind(community_id)
    .bind(&h.building_id)
    .bind(&h.unit)
    .bind(&h.room)
    .bind(to_json(&h.members))
    .bind(h.emergency.as_ref().map(to_json))
    .bind(to_json(&h.tags))
    .bind(&h.note)
    .bind(h.registered_at)
    .bind(h.contacts.last_visit_at)
    .bind(h.contacts.last_reached_at)
    .bind(h.contacts.last_try_at)
    .bind(i64::from(h.contacts.missed_in_row))
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Gives every household of a community a new version: their rhythms changed.
pub async fn touch_households(tx: &mut Conn, community_id: &str) -> sqlx::Result<()> {
    let ids: Vec<String> = run!(tx, |ex| sqlx::query_scalar(
        "SELECT id FROM care_households WHERE community_id = $1"
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    // One version each: a pull page never ends in the middle of rows of one version.
    for id in ids {
        let version = next_version(tx).await?;
        exec!(tx, |ex| sqlx::query(
            "UPDATE care_households SET version = $1 WHERE id = $2"
        )
        .bind(version)
        .bind(&id)
        .execute(ex)
        .await)?;
    }
    Ok(())
}

// Visits.

/// A visit as stored: who logged it, and the household's building (whose 网格员 sees it).
pub struct StoredVisit {
    pub by_id: String,
    pub building_id: String,
    pub visit: Visit,
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: String,
    household_id: String,
    building_id: String,
    kind: KindText,
    outcome: OutcomeText,
    note: String,
    at: Millis,
    by_id: String,
    by_name: String,
    case_id: Option<String>,
    version: i64,
}

impl VisitRow {
    fn into_stored(self) -> Versioned<StoredVisit> {
        Versioned {
            version: self.version,
            row: StoredVisit {
                by_id: self.by_id,
                building_id: self.building_id,
                visit: Visit {
                    id: self.id,
                    household_id: self.household_id,
                    kind: self.kind.into(),
                    outcome: self.outcome.into(),
                    note: self.note,
                    at: self.at,
                    by_name: self.by_name,
                    case_id: self.case_id,
                },
            },
        }
    }
}

const VISIT_SELECT: &str = "SELECT v.id, v.household_id, h.building_id, v.kind, v.outcome, v.note,
        v.at, v.by_id, u.display_name AS by_name, v.case_id, v.version
    FROM care_visits v JOIN care_households h ON h.id = v.household_id
    JOIN users u ON u.id = v.by_id";

pub async fn visit(db: &mut Conn, id: &str) -> sqlx::Result<Option<StoredVisit>> {
    let sql = format!("{VISIT_SELECT} WHERE v.id = $1");
    let row: Option<VisitRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await)?;
    Ok(row.map(|r| r.into_stored().row))
}

/// A household's visits, newest first.
pub async fn visits_of(db: &mut Conn, household_id: &str) -> sqlx::Result<Vec<Visit>> {
    let sql = format!("{VISIT_SELECT} WHERE v.household_id = $1 ORDER BY v.at DESC, v.id");
    let rows: Vec<VisitRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(household_id)
        .fetch_all(ex)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_stored().row.visit)
        .collect())
}

/// A community's calls and visits made in `from..to`.
pub async fn visits_between(
    db: &mut Conn,
    community_id: &str,
    (from, to): (Millis, Millis),
) -> sqlx::Result<Vec<Visit>> {
    let sql = format!(
        "{VISIT_SELECT} WHERE h.community_id = $1 AND v.at >= $2 AND v.at < $3 ORDER BY v.at, v.id"
    );
    let rows: Vec<VisitRow> = run!(db, |ex| sqlx::query_as(&sql)
        .bind(community_id)
        .bind(from)
        .bind(to)
        .fetch_all(ex)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_stored().row.visit)
        .collect())
}

pub async fn changed_visits(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<StoredVisit>>> {
    let rows: Vec<VisitRow> =
        changed_rows(db, VISIT_SELECT, "v", community_id, None, window).await?;
    Ok(rows.into_iter().map(VisitRow::into_stored).collect())
}

pub async fn insert_visit(
    tx: &mut Conn,
    community_id: &str,
    by_id: &str,
    v: &Visit,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO care_visits (id, community_id, household_id, kind, outcome, note, at, by_id,
                                  case_id, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&v.id)
    .bind(community_id)
    .bind(&v.household_id)
    .bind(KindText::from(v.kind))
    .bind(OutcomeText::from(v.outcome))
    .bind(&v.note)
    .bind(v.at)
    .bind(by_id)
    .bind(&v.case_id)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The account's phone: what a case filed for a household without one is followed on.
pub async fn phone_of(db: &mut Conn, user_id: &str) -> sqlx::Result<Option<String>> {
    run!(db, |ex| sqlx::query_scalar(
        "SELECT phone FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_optional(ex)
    .await)
}

// Rhythms.

#[derive(sqlx::FromRow)]
struct RhythmRow {
    rule: String,
    version: i64,
}

pub async fn rhythms(db: &mut Conn, community_id: &str) -> sqlx::Result<Vec<RhythmRule>> {
    let rules: Vec<String> = run!(db, |ex| sqlx::query_scalar(
        "SELECT rule FROM care_rhythms WHERE community_id = $1"
    )
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    Ok(rules
        .iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect())
}

pub async fn changed_rhythms(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<RhythmRule>>> {
    let rows: Vec<RhythmRow> = changed_rows(
        db,
        "SELECT r.rule, r.version FROM care_rhythms r",
        "r",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Versioned {
                version: r.version,
                row: serde_json::from_str(&r.rule).ok()?,
            })
        })
        .collect())
}

pub async fn save_rhythm(tx: &mut Conn, community_id: &str, rule: &RhythmRule) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    exec!(tx, |ex| sqlx::query(
        "INSERT INTO care_rhythms (community_id, id, rule, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id, id) DO UPDATE SET rule = excluded.rule,
             version = excluded.version",
    )
    .bind(community_id)
    .bind(&rule.id)
    .bind(to_json(rule))
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Gives every community the default rhythms it lacks. Idempotent: run at start-up and
/// whenever a community is created.
pub async fn ensure_rhythms(pool: &Pool) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    for rule in default_rhythms() {
        let lacking: Vec<String> = run!(&mut *tx, |ex| sqlx::query_scalar(
            "SELECT id FROM communities
             WHERE id NOT IN (SELECT community_id FROM care_rhythms WHERE id = $1)",
        )
        .bind(&rule.id)
        .fetch_all(ex)
        .await)?;
        for community_id in lacking {
            save_rhythm(&mut tx, &community_id, &rule).await?;
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    /// The CHECKs of `care_visits` name the wire names.
    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<KindText, ContactKind>(KindText::ALL).await;
        assert_stored_as_wire_names::<OutcomeText, Outcome>(OutcomeText::ALL).await;
    }
}
