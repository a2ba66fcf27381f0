//! 一户一表 in the demo community (`care.json`): households registered and tagged by their
//! 网格员, and the calls and visits of the last months, each played through the same
//! rules as on devices at the time it happened, so that some households are due today
//! and one is overdue.

use anyhow::Context;
use linli_core::Millis;
use linli_core::care::{
    self, ContactKind, EmergencyContact, LogContactArgs, Member, Outcome, Period,
    SaveHouseholdArgs, SetTagsArgs, Tag,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::replay::{Replayer, Step};
use super::{DAY_MS, HOUR_MS, building, demo_id, on_day, parse};
use crate::db::Pool;

const CARE_JSON: &str = include_str!("../../seed/care.json");

/// How long households were on the register before the first demo contact.
const REGISTERED_DAYS_AGO: i64 = 400;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Register {
    households: Vec<DemoHousehold>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoHousehold {
    building: String,
    unit: String,
    room: String,
    /// The 网格员 who registers it (phone).
    by: String,
    members: Vec<DemoMember>,
    #[serde(default)]
    emergency: Option<EmergencyContact>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    note: String,
    contacts: Vec<DemoContact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoMember {
    name: String,
    born: i64,
    relation: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default = "yes")]
    lives_here: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoContact {
    kind: ContactKind,
    outcome: Outcome,
    by: String,
    ago: Ago,
    #[serde(default)]
    note: String,
}

/// Calendar months and days before today: a visit "1 month ago" makes a monthly one due
/// today, also at the end of a month.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(default, deny_unknown_fields)]
struct Ago {
    months: u32,
    days: i64,
}

impl Ago {
    /// 10:00 China time on that day (never later than `now`).
    fn at(self, now: Millis) -> anyhow::Result<Millis> {
        let today = (on_day(now, 0, "00:00")? + 8 * HOUR_MS) / DAY_MS;
        // The latest day from which `months` later is today or before.
        let back = (0..=400)
            .find(|k| care::add_period(today - k, Period::months(self.months)) <= today)
            .context("months ago")?;
        Ok(on_day(now, -(back + self.days), "10:00")?.min(now - 60_000))
    }
}

/// A UUID from a demo key: contacts are identified by UUIDs, as devices make them.
fn demo_uuid(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    uuid::Uuid::from_slice(&digest[..16])
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// Registers the demo households and plays their contacts; adds nothing twice.
pub async fn demo_care(pool: &Pool) -> anyhow::Result<()> {
    let data: Register = parse("care.json", CARE_JSON)?;
    let mut replayer = Replayer::new(pool);
    let mut conn = pool.acquire().await?;
    let registered = replayer.now - REGISTERED_DAYS_AGO * DAY_MS;
    let mut steps = Vec::new();
    for h in data.households {
        let key = format!("care {} {} {}", h.building, h.unit, h.room);
        let id = demo_id("household", &key);
        let keeper = replayer.user(&h.by).await?;
        let building_id = building(&mut conn, &keeper.community_id, &h.building).await?;
        let members = h
            .members
            .into_iter()
            .enumerate()
            .map(|(i, m)| Member {
                id: format!("m{}", i + 1),
                name: m.name,
                birth_year: Some(m.born),
                phone: m.phone,
                relation: m.relation,
                lives_here: m.lives_here,
            })
            .collect();
        let save = SaveHouseholdArgs {
            id: id.clone(),
            building_id,
            unit: h.unit,
            room: h.room,
            members,
            emergency: h.emergency,
            note: h.note,
        };
        steps.push(Step::new(
            &key,
            &h.by,
            registered,
            care::SAVE_HOUSEHOLD,
            save,
        )?);
        if !h.tags.is_empty() {
            let tags = SetTagsArgs {
                household_id: id.clone(),
                tags: h.tags,
            };
            let at = registered + 60_000;
            steps.push(Step::new(
                format!("{key} tags"),
                &h.by,
                at,
                care::SET_TAGS,
                tags,
            )?);
        }
        for (i, c) in h.contacts.into_iter().enumerate() {
            let contact_key = format!("{key} contact {i}");
            let args = LogContactArgs {
                id: demo_uuid(&contact_key),
                household_id: id.clone(),
                kind: c.kind,
                outcome: c.outcome,
                note: c.note,
            };
            let at = c.ago.at(replayer.now)?;
            steps.push(Step::new(contact_key, &c.by, at, care::LOG_CONTACT, args)?);
        }
    }
    drop(conn);
    replayer.replay(steps).await
}
