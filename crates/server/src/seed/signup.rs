//! 报名 in the demo community (`signup.json`): sign-ups opened on the 65+ health check (by
//! building batch), the 冬至 dumpling lunch and the 银龄学用手机 class, with their sessions
//! on the days the notices name (`{{date:N}}` in `notices.json`), and the residents of the
//! demo (accounts, and the households `deliberation.json` registers) who signed themselves
//! or a parent up, or whom a 网格员 signed up at the desk or on the phone — all through the
//! same rules as on devices, at the time each happened.

use linli_core::admin::ranges::parse_building_names;
use linli_core::report::Channel;
use linli_core::signup::{self, Family, Opening, SessionArgs, SignUpArgs, Subject, Who};
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{When, building, demo_id, parse};
use crate::db::Pool;

const SIGNUP_JSON: &str = include_str!("../../seed/signup.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The staff member who opens the sign-ups (phone).
    organiser: String,
    openings: Vec<DemoOpening>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOpening {
    key: String,
    /// The title of the notice it is opened on.
    notice: String,
    opened: When,
    title: String,
    note: String,
    who: Who,
    #[serde(default)]
    per_household: Option<u32>,
    #[serde(default)]
    closes: Option<When>,
    sessions: Vec<DemoSession>,
    signups: Vec<DemoSignup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSession {
    key: String,
    from: When,
    to: When,
    place: String,
    capacity: i64,
    /// The batch, as staff type it ("1-18栋"); none: every building.
    #[serde(default)]
    buildings: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSignup {
    /// The account it is for (phone).
    r#for: String,
    /// Who signs up: the resident, or staff for them (phone).
    by: String,
    session: String,
    at: When,
    channel: Channel,
    #[serde(default)]
    family: Option<Family>,
    #[serde(default)]
    born: Option<i64>,
}

/// Every demo opening, its sessions and who signed up.
pub async fn demo_signup(pool: &Pool) -> anyhow::Result<()> {
    let data: Data = parse("signup.json", SIGNUP_JSON)?;
    let mut replayer = Replayer::new(pool);
    let now = replayer.now;
    let community = replayer.user(&data.organiser).await?.community_id;
    let mut conn = pool.acquire().await?;
    let mut steps = Vec::new();
    for o in data.openings {
        let id = demo_id("signup", &o.key);
        let key = format!("signup {}", o.key);
        let opened = o.opened.on(now)?;
        let opening = Opening {
            id: id.clone(),
            subject: Subject::Notice(demo_id("notice", &o.notice)),
            title: o.title,
            note: o.note,
            who: o.who,
            per_household: o.per_household,
            closes_at: o.closes.map(|c| c.on(now)).transpose()?,
        };
        steps.push(Step::new(
            key.as_str(),
            &data.organiser,
            opened,
            signup::SAVE_OPENING,
            opening,
        )?);
        for s in o.sessions {
            let buildings = match s.buildings {
                Some(range) => {
                    let mut ids = Vec::new();
                    for name in parse_building_names(&range).map_err(anyhow::Error::msg)? {
                        ids.push(building(&mut conn, &community, &name).await?);
                    }
                    Some(ids)
                }
                None => None,
            };
            let args = SessionArgs {
                id: demo_id("signup-session", &format!("{} {}", o.key, s.key)),
                opening_id: id.clone(),
                starts_at: s.from.on(now)?,
                ends_at: s.to.on(now)?,
                place: s.place,
                capacity: s.capacity,
                buildings,
            };
            let step_key = format!("{key} session {}", s.key);
            steps.push(Step::new(
                step_key,
                &data.organiser,
                opened,
                signup::SAVE_SESSION,
                args,
            )?);
        }
        for (i, e) in o.signups.into_iter().enumerate() {
            let step_key = format!("{key} entry {}", i + 1);
            let args = SignUpArgs {
                entry_id: demo_id("signup-entry", &step_key),
                session_id: demo_id("signup-session", &format!("{} {}", o.key, e.session)),
                user_id: replayer.user(&e.r#for).await?.id,
                family: e.family,
                born: e.born,
                channel: e.channel,
            };
            steps.push(Step::new(
                step_key,
                &e.by,
                e.at.on(now)?,
                signup::SIGN_UP,
                args,
            )?);
        }
    }
    drop(conn);
    replayer.replay(steps).await
}
