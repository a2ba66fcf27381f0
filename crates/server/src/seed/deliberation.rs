//! 议事协商 in the demo community (`deliberation.json`): the households of 3栋 and a few
//! others, imported as staff import a 台账, and topics run through the same rules as on
//! devices — opinions, supports, votes on phones and on paper (代投), closing and
//! follow-up — at the time each step happened.

use anyhow::Context;
use linli_core::deliberation::{
    self, AdvanceArgs, Audience, CloseArgs, FollowUpArgs, HideArgs, OpineArgs, ProxyVoteArgs,
    ReplyArgs, SaveTopicArgs, Stage, StagePlan, SupportArgs, VoteArgs, VoteChannel, VoteSpec,
};
use serde::Deserialize;

use super::accounts::{DemoAccount, create};
use super::replay::{Replayer, Step};
use super::{When, building, demo_id, on_day, parse};
use crate::db::Pool;

const DELIBERATION_JSON: &str = include_str!("../../seed/deliberation.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    /// Residents of 金石社区 beyond the demo accounts: the households that vote.
    households: Vec<DemoAccount>,
    topics: Vec<DemoTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTopic {
    key: String,
    /// The staff member (phone) who creates it.
    by: String,
    created: When,
    title: String,
    background: String,
    raised_by: String,
    /// The key of the 说事 case it grew from (`reports.json`).
    case: Option<String>,
    /// Building names, or `null` for the whole community.
    audience_buildings: Option<Vec<String>>,
    stages: Vec<DemoStage>,
    vote: Option<VoteSpec>,
    steps: Vec<TopicStep>,
}

/// A stage from one day (relative to today, at 09:00) to another.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStage {
    stage: Stage,
    from: i64,
    to: Option<i64>,
}

#[derive(Deserialize)]
struct TopicStep {
    day: i64,
    at: String,
    by: String,
    #[serde(flatten)]
    did: Did,
}

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Did {
    Opine {
        key: String,
        text: String,
    },
    Support {
        opinion: String,
    },
    Reply {
        opinion: String,
        text: String,
    },
    Hide {
        opinion: String,
        reason: String,
    },
    Advance {
        to: Stage,
    },
    Vote {
        choice: Vec<String>,
    },
    /// A paper ballot staff enter for the resident of this phone (代投).
    Paper {
        r#for: String,
        choice: Vec<String>,
    },
    Close,
    FollowUp {
        key: String,
        text: String,
    },
}

/// The households, then every demo topic with what was done on it.
pub async fn demo_deliberation(pool: &Pool) -> anyhow::Result<()> {
    let data: Data = parse("deliberation.json", DELIBERATION_JSON)?;
    let mut replayer = Replayer::new(pool);
    let staff = replayer.user(&data.topics[0].by).await?;
    for household in &data.households {
        create(pool, Some(&staff.community_id), None, household).await?;
    }
    let mut conn = pool.acquire().await?;
    let mut steps = Vec::new();
    for t in data.topics {
        let id = demo_id("topic", &t.key);
        let key = format!("topic {}", t.key);
        let now = replayer.now;
        let audience = match &t.audience_buildings {
            None => Audience::Community,
            Some(names) => {
                let mut building_ids = Vec::new();
                for name in names {
                    building_ids.push(building(&mut conn, &staff.community_id, name).await?);
                }
                Audience::Buildings { building_ids }
            }
        };
        let mut stages = Vec::new();
        for s in &t.stages {
            stages.push(StagePlan {
                stage: s.stage,
                starts_at: on_day(now, s.from, "09:00")?,
                ends_at: s.to.map(|to| on_day(now, to, "09:00")).transpose()?,
            });
        }
        let args = SaveTopicArgs {
            id: id.clone(),
            title: t.title,
            background: t.background,
            raised_by: t.raised_by,
            case_id: t.case.map(|c| demo_id("report", &c)),
            audience,
            stages,
            vote: t.vote,
        };
        let created = t.created.on(now)?;
        steps.push(Step::new(
            key.as_str(),
            &t.by,
            created,
            deliberation::SAVE_TOPIC,
            args,
        )?);
        for (i, s) in t.steps.into_iter().enumerate() {
            let at = on_day(now, s.day, &s.at)?;
            let step_key = format!("{key} step {}", i + 1);
            steps.push(
                topic_step(&mut replayer, &id, step_key, at, s)
                    .await
                    .with_context(|| format!("{key} step {}", i + 1))?,
            );
        }
    }
    drop(conn);
    replayer.replay(steps).await
}

/// A step on topic `id` as the mutation it is.
async fn topic_step(
    replayer: &mut Replayer<'_>,
    id: &str,
    key: String,
    at: linli_core::Millis,
    s: TopicStep,
) -> anyhow::Result<Step> {
    let topic_id = id.to_owned();
    let opinion = |key: &str| demo_id("opinion", key);
    let by = s.by.as_str();
    match s.did {
        Did::Opine { key: o, text } => {
            let args = OpineArgs {
                id: opinion(&o),
                topic_id,
                text,
            };
            Step::new(key, by, at, deliberation::OPINE, args)
        }
        Did::Support { opinion: o } => {
            let args = SupportArgs {
                opinion_id: opinion(&o),
            };
            Step::new(key, by, at, deliberation::SUPPORT, args)
        }
        Did::Reply { opinion: o, text } => {
            let args = ReplyArgs {
                opinion_id: opinion(&o),
                text,
            };
            Step::new(key, by, at, deliberation::REPLY, args)
        }
        Did::Hide { opinion: o, reason } => {
            let args = HideArgs {
                opinion_id: opinion(&o),
                reason,
            };
            Step::new(key, by, at, deliberation::HIDE, args)
        }
        Did::Advance { to } => {
            let args = AdvanceArgs { topic_id, to };
            Step::new(key, by, at, deliberation::ADVANCE, args)
        }
        Did::Vote { choice } => {
            let args = VoteArgs { topic_id, choice };
            Step::new(key, by, at, deliberation::VOTE, args)
        }
        Did::Paper { r#for, choice } => {
            let resident = replayer.user(&r#for).await?;
            let args = ProxyVoteArgs {
                topic_id,
                resident_id: resident.id,
                choice,
                channel: VoteChannel::Paper,
            };
            Step::new(key, by, at, deliberation::PROXY_VOTE, args)
        }
        Did::Close => {
            let args = CloseArgs {
                notice_id: demo_id("notice", id),
                topic_id,
            };
            Step::new(key, by, at, deliberation::CLOSE, args)
        }
        Did::FollowUp { key: f, text } => {
            let args = FollowUpArgs {
                id: demo_id("follow-up", &f),
                topic_id,
                text,
            };
            Step::new(key, by, at, deliberation::FOLLOW_UP, args)
        }
    }
}
