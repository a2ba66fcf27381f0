//! Volunteering in the demo community (`volunteering.json`): profiles, activities with
//! shifts in the coming two weeks and who signed up, played through the rules; and
//! the hours served before them.

use anyhow::Context;
use linli_core::volunteer::{
    Activity, ActivityKind, LedgerReason, SAVE_ACTIVITY, SAVE_PROFILE, SAVE_SHIFT, SIGN_UP,
    ShiftArgs, SignUpArgs, Skill, VolunteerProfile, shift_time_label,
};
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{MINUTE_MS, demo_id, on_day, parse};
use crate::db::{self, Conn, Pool};
use crate::volunteer::db as volunteering;

const VOLUNTEERING_JSON: &str = include_str!("../../seed/volunteering.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Volunteering {
    /// The staff member (phone) who publishes the activities and their shifts, and
    /// whom volunteers contact.
    organiser: String,
    profiles: Vec<DemoProfile>,
    activities: Vec<DemoActivity>,
    served: Vec<Served>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProfile {
    phone: String,
    skills: Vec<Skill>,
    availability: String,
    emergency_name: String,
    emergency_phone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoActivity {
    kind: ActivityKind,
    title: String,
    description: String,
    place: String,
    skills: Vec<Skill>,
    shifts: Vec<DemoShift>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoShift {
    /// Days from today, China time.
    day: i64,
    /// The start, "14:30".
    at: String,
    minutes: i64,
    capacity: i64,
    code: String,
    /// Demo accounts (phones) signed up, in the order they came.
    volunteers: Vec<String>,
}

/// A shift a volunteer served before the demo's shifts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Served {
    phone: String,
    activity: String,
    days_ago: i64,
    at: String,
    minutes: i64,
}

/// Volunteering in the demo community. An activity whose demo shifts have all ended
/// gets new ones.
pub async fn demo_volunteering(pool: &Pool) -> anyhow::Result<()> {
    let data: Volunteering = parse("volunteering.json", VOLUNTEERING_JSON)?;
    let mut replayer = Replayer::new(pool);
    let mut conn = pool.acquire().await?;
    let mut steps = profile_steps(&mut conn, &mut replayer, &data.profiles).await?;
    steps.extend(activity_steps(&mut conn, &mut replayer, &data).await?);
    drop(conn);
    replayer.replay(steps).await?;
    record_served(pool, &mut replayer, &data).await
}

/// The volunteers filling in their profiles, unless they have one.
async fn profile_steps(
    conn: &mut Conn,
    replayer: &mut Replayer<'_>,
    profiles: &[DemoProfile],
) -> anyhow::Result<Vec<Step>> {
    let now = replayer.now;
    let mut steps = Vec::new();
    for p in profiles {
        let user = replayer.user(&p.phone).await?;
        if !volunteering::has_profile(conn, &user.id).await? {
            let profile = VolunteerProfile {
                user_id: user.id,
                name: String::new(),
                skills: p.skills.clone(),
                availability: p.availability.clone(),
                emergency_name: p.emergency_name.clone(),
                emergency_phone: p.emergency_phone.clone(),
            };
            let key = format!("profile {}", p.phone);
            steps.push(Step::new(key, &p.phone, now, SAVE_PROFILE, profile)?);
        }
    }
    Ok(steps)
}

/// The organiser publishing the activities that are missing, and shifts for those
/// with none ahead.
async fn activity_steps(
    conn: &mut Conn,
    replayer: &mut Replayer<'_>,
    data: &Volunteering,
) -> anyhow::Result<Vec<Step>> {
    let organiser = db::people::person_by_phone(conn, &data.organiser)
        .await?
        .with_context(|| format!("demo account {}", data.organiser))?;
    let now = replayer.now;
    let mut steps = Vec::new();
    for a in &data.activities {
        let id = demo_id("activity", &a.title);
        if volunteering::activity_community(conn, &id).await?.is_none() {
            let activity = Activity {
                id: id.clone(),
                kind: a.kind,
                title: a.title.clone(),
                description: a.description.clone(),
                place: a.place.clone(),
                contact_name: organiser.display_name.clone(),
                contact_phone: data.organiser.clone(),
                skills: a.skills.clone(),
            };
            let key = format!("activity {}", a.title);
            steps.push(Step::new(
                key,
                &data.organiser,
                now,
                SAVE_ACTIVITY,
                activity,
            )?);
        }
        if !volunteering::has_shift_ending_after(conn, &id, now).await? {
            steps.extend(shift_steps(replayer, &data.organiser, &id, a).await?);
        }
    }
    Ok(steps)
}

/// An activity's demo shifts from today, with who signed up for them.
async fn shift_steps(
    replayer: &mut Replayer<'_>,
    organiser: &str,
    activity_id: &str,
    a: &DemoActivity,
) -> anyhow::Result<Vec<Step>> {
    let now = replayer.now;
    let mut steps = Vec::new();
    for s in &a.shifts {
        let starts_at = on_day(now, s.day, &s.at)?;
        let shift_id = demo_id("shift", &format!("{}@{starts_at}", a.title));
        let ends_at = starts_at + s.minutes * MINUTE_MS;
        let shift = format!("shift {} {}", a.title, shift_time_label(starts_at, ends_at));
        let args = ShiftArgs {
            id: shift_id.clone(),
            activity_id: activity_id.to_owned(),
            starts_at,
            ends_at,
            capacity: s.capacity,
            check_in_code: s.code.clone(),
        };
        steps.push(Step::new(shift.as_str(), organiser, now, SAVE_SHIFT, args)?);
        for phone in &s.volunteers {
            let args = SignUpArgs {
                signup_id: demo_id("signup", &format!("{shift_id}:{phone}")),
                shift_id: shift_id.clone(),
                user_id: replayer.user(phone).await?.id,
            };
            let key = format!("sign-up of {phone} for {shift}");
            steps.push(Step::new(key, phone, now, SIGN_UP, args)?);
        }
    }
    Ok(steps)
}

/// The hours served before the demo's shifts, as the time bank credits a shift. They
/// are written directly: a mutation credits hours only for a shift on the server,
/// and the demo's shifts are all ahead.
async fn record_served(
    pool: &Pool,
    replayer: &mut Replayer<'_>,
    data: &Volunteering,
) -> anyhow::Result<()> {
    let organiser = replayer.user(&data.organiser).await?;
    let mut tx = db::begin_write(pool).await?;
    for s in &data.served {
        let id = demo_id(
            "served",
            &format!("{}:{}:{}", s.phone, s.activity, s.days_ago),
        );
        if volunteering::ledger_entry_exists(&mut tx, &id).await? {
            continue;
        }
        let volunteer = replayer.user(&s.phone).await?;
        let starts_at = on_day(replayer.now, -s.days_ago, &s.at)?;
        let ends_at = starts_at + s.minutes * MINUTE_MS;
        let note = format!("{} {}", s.activity, shift_time_label(starts_at, ends_at));
        let entry = volunteering::NewEntry {
            id: &id,
            community_id: &organiser.community_id,
            user_id: &volunteer.id,
            minutes: s.minutes,
            reason: LedgerReason::Served,
            note: &note,
            by_user_id: &organiser.id,
            signup_id: None,
            created_at: ends_at,
        };
        volunteering::insert_entry(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
