//! 互助 in the demo community (`aid.json`): requests of demo residents (the demo accounts,
//! and households `deliberation.json` registers, seeded before) in every state — open,
//! taken, done (hours moved from the requester, or from the 互助池), cancelled — asked,
//! taken, confirmed and cancelled through the same rules as on devices, at the time each
//! step happened.

use linli_core::aid::{self, AskArgs, CancelArgs, CancelSide, ConfirmArgs, HelpKind, TakeArgs};
use linli_core::report::Channel;
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{When, demo_id, on_day, parse};
use crate::db::Pool;

const AID_JSON: &str = include_str!("../../seed/aid.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    requests: Vec<DemoRequest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoRequest {
    key: String,
    /// Whom the help is for (phone).
    r#for: String,
    /// Who asks: the resident, or staff for them (phone).
    by: String,
    channel: Channel,
    asked: When,
    kind: HelpKind,
    at: When,
    place: String,
    note: String,
    steps: Vec<RequestStep>,
}

#[derive(Deserialize)]
struct RequestStep {
    day: i64,
    at: String,
    by: String,
    #[serde(flatten)]
    did: Did,
}

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Did {
    Take,
    Cancel {
        side: CancelSide,
        reason: String,
    },
    Confirm {
        minutes: i64,
        #[serde(default)]
        from_pool: bool,
    },
}

/// Every demo request with what was done on it.
pub async fn demo_aid(pool: &Pool) -> anyhow::Result<()> {
    let data: Data = parse("aid.json", AID_JSON)?;
    let mut replayer = Replayer::new(pool);
    let now = replayer.now;
    let mut steps = Vec::new();
    for r in data.requests {
        let id = demo_id("help", &r.key);
        let key = format!("help {}", r.key);
        let args = AskArgs {
            id: id.clone(),
            requester_id: replayer.user(&r.r#for).await?.id,
            kind: r.kind,
            at: r.at.on(now)?,
            place: r.place,
            note: r.note,
            channel: r.channel,
        };
        let asked = r.asked.on(now)?;
        steps.push(Step::new(key.as_str(), &r.by, asked, aid::ASK, args)?);
        for (i, s) in r.steps.into_iter().enumerate() {
            let at = on_day(now, s.day, &s.at)?;
            let step_key = format!("{key} step {}", i + 1);
            let request_id = id.clone();
            let step = match s.did {
                Did::Take => {
                    let taker_id = replayer.user(&s.by).await?.id;
                    let args = TakeArgs {
                        request_id,
                        taker_id,
                    };
                    Step::new(step_key, &s.by, at, aid::TAKE, args)?
                }
                Did::Cancel { side, reason } => {
                    let args = CancelArgs {
                        request_id,
                        side,
                        reason,
                    };
                    Step::new(step_key, &s.by, at, aid::CANCEL, args)?
                }
                Did::Confirm { minutes, from_pool } => {
                    let args = ConfirmArgs {
                        request_id,
                        minutes,
                        from_pool,
                    };
                    Step::new(step_key, &s.by, at, aid::CONFIRM, args)?
                }
            };
            steps.push(step);
        }
    }
    replayer.replay(steps).await
}
