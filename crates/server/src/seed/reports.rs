//! 居民说事 in the demo community (`reports.json`): cases in every state, each filed,
//! handled, supported and rated through the same rules as on devices, at the time each
//! step happened.

use linli_core::Millis;
use linli_core::report::{
    self, ActArgs, Action, Assignee, Channel, OnBehalf, RateArgs, SubmitArgs, SupportArgs,
};
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{Span, building, demo_id, parse};
use crate::db::{Conn, Pool};
use crate::reports::db as reports;

const REPORTS_JSON: &str = include_str!("../../seed/reports.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reports {
    cases: Vec<DemoCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCase {
    /// Stable key of the case, from which its id comes.
    key: String,
    category: String,
    /// Who filed it (phone): the resident, or staff filing it `on_behalf` of someone.
    by: String,
    on_behalf: Option<Behalf>,
    #[serde(default)]
    anonymous: bool,
    building: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    place: Option<String>,
    description: String,
    filed_ago: Span,
    steps: Vec<CaseStep>,
}

/// Someone without an account who phoned or came in (代办).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Behalf {
    name: String,
    phone: String,
    channel: Channel,
}

/// What someone (phone) did to a case, this long after it was filed.
#[derive(Deserialize)]
struct CaseStep {
    after: Span,
    by: String,
    /// Staff's note to the resident.
    #[serde(default)]
    note: String,
    #[serde(flatten)]
    did: Did,
}

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Did {
    Accept,
    Start,
    Resolve,
    CloseUnresolved,
    Reply,
    Assign {
        to: To,
    },
    /// The same matter as the case of this key.
    MarkDuplicate {
        of: String,
    },
    /// The reporter's rating.
    Rate {
        stars: u8,
        #[serde(default)]
        comment: String,
    },
    /// "我也遇到".
    Support,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum To {
    Property,
}

/// 居民说事 in the demo community (its grids are the accounts' data). A case filed
/// before demo cases were replayed is left as it is.
pub async fn demo_reports(pool: &Pool) -> anyhow::Result<()> {
    let data: Reports = parse("reports.json", REPORTS_JSON)?;
    let mut replayer = Replayer::new(pool);
    let mut conn = pool.acquire().await?;
    let mut steps = Vec::new();
    for c in data.cases {
        let id = demo_id("report", &c.key);
        let filing = format!("report {}", c.key);
        if reports::case(&mut conn, &id).await?.is_some() && !replayer.done(&filing).await? {
            continue;
        }
        steps.extend(case_steps(&mut conn, &mut replayer, id, filing, c).await?);
    }
    drop(conn);
    replayer.replay(steps).await
}

/// A demo case filed, then what was done to it.
async fn case_steps(
    conn: &mut Conn,
    replayer: &mut Replayer<'_>,
    id: String,
    filing: String,
    c: DemoCase,
) -> anyhow::Result<Vec<Step>> {
    let filer = replayer.user(&c.by).await?;
    let building_id = match &c.building {
        Some(name) => Some(building(conn, &filer.community_id, name).await?),
        None => None,
    };
    let (contact_phone, on_behalf) = match c.on_behalf {
        Some(b) => (
            b.phone,
            Some(OnBehalf {
                resident_id: None,
                name: b.name,
                channel: b.channel,
            }),
        ),
        None => (c.by.clone(), None),
    };
    let args = SubmitArgs {
        id: id.clone(),
        category_id: c.category,
        description: c.description,
        building_id,
        unit: c.unit,
        room: c.room,
        place: c.place,
        geo: None,
        photos: Vec::new(),
        anonymous: c.anonymous,
        contact_phone: Some(contact_phone),
        on_behalf,
    };
    let filed_at = replayer.now - c.filed_ago.ms();
    let mut steps = vec![Step::new(
        filing.as_str(),
        &c.by,
        filed_at,
        report::SUBMIT,
        args,
    )?];
    for (i, s) in c.steps.into_iter().enumerate() {
        let at = filed_at + s.after.ms();
        steps.push(case_step(&id, format!("{filing} step {}", i + 1), at, s)?);
    }
    Ok(steps)
}

/// A step on case `id` as the mutation it is.
fn case_step(id: &str, key: String, at: Millis, s: CaseStep) -> anyhow::Result<Step> {
    let report_id = id.to_owned();
    let action = match s.did {
        Did::Accept => Action::Accept,
        Did::Start => Action::Start,
        Did::Resolve => Action::Resolve,
        Did::CloseUnresolved => Action::CloseUnresolved,
        Did::Reply => Action::Reply,
        Did::Assign { to: To::Property } => Action::Assign {
            to: Assignee::Property,
        },
        Did::MarkDuplicate { of } => Action::MarkDuplicate {
            of: demo_id("report", &of),
        },
        Did::Rate { stars, comment } => {
            let args = RateArgs {
                report_id,
                stars,
                comment,
            };
            return Step::new(key, &s.by, at, report::RATE, args);
        }
        Did::Support => {
            let args = SupportArgs { report_id };
            return Step::new(key, &s.by, at, report::SUPPORT, args);
        }
    };
    let args = ActArgs {
        report_id,
        action,
        note: s.note,
    };
    Step::new(key, &s.by, at, report::ACT, args)
}
