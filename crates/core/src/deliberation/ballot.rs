//! A single ballot: what it may hold, whether it arrives in time, and which of two
//! ballots of one voter stands.

use serde::{Deserialize, Serialize};

use super::{BallotKind, Topic, VoteSpec};
use crate::Millis;
use crate::time::CLOCK_AHEAD_MS;
use crate::validate::Invalid;

/// The ids of the options chosen.
pub type Choice = Vec<String>;

/// How a vote reached the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteChannel {
    /// On the resident's own phone.
    App,
    /// A paper ballot staff entered (代投).
    Paper,
    /// Told to staff in person or by phone (代投).
    Spoken,
}

impl VoteChannel {
    pub fn label(self) -> &'static str {
        match self {
            VoteChannel::App => "手机投票",
            VoteChannel::Paper => "纸质投票",
            VoteChannel::Spoken => "口头委托",
        }
    }
}

impl VoteSpec {
    /// The choice tidied (sorted, once each) and checked against the ballot.
    pub fn checked_choice(&self, choice: &[String]) -> Result<Choice, Invalid> {
        let mut chosen: Choice = choice.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        let options = self.choices();
        if chosen.is_empty() {
            return Err(Invalid::one("choice", "请先选择"));
        }
        if chosen.iter().any(|c| !options.iter().any(|o| o.id == *c)) {
            return Err(Invalid::one("choice", "选项无效，请刷新页面后重新选择"));
        }
        match self.kind {
            BallotKind::Single | BallotKind::Approval if chosen.len() > 1 => {
                Err(Invalid::one("choice", "只能选一项"))
            }
            BallotKind::Multiple { max } if chosen.len() > max as usize => {
                Err(Invalid::one("choice", format!("最多选 {max} 项")))
            }
            _ => Ok(chosen),
        }
    }
}

/// Whether a vote tapped at `at` by the device's clock and received at `now` by the
/// server's counts: the topic must be voting and not yet closed, the tap before the
/// vote's end and not before its start, and the device's clock no further ahead than
/// [`CLOCK_AHEAD_MS`] (as for check-ins). A vote tapped offline before the end counts
/// when it arrives later, until staff close the vote.
pub fn accepts_vote(t: &Topic, at: Millis, now: Millis) -> Result<(), &'static str> {
    let Some(plan) = t.plan(super::Stage::Vote) else {
        return Err("这个议题不投票");
    };
    if t.closed_at.is_some() {
        Err("投票已经结束，结果已公布")
    } else if at > now + CLOCK_AHEAD_MS {
        Err("手机上的时间不准（比现在快），请把手机时间调准后再试")
    } else if plan.ends_at.is_some_and(|end| at >= end) {
        Err("投票已经截止，这一票是截止以后投的，不能计入")
    } else if at < plan.starts_at || t.stage < super::Stage::Vote {
        Err("投票还没有开始")
    } else {
        Ok(())
    }
}

/// Whether a ballot cast at `new_at` replaces one of the same voter cast at `old_at` on
/// an open ballot: the latest cast wins, whichever arrives first.
pub fn replaces(old_at: Millis, new_at: Millis) -> bool {
    new_at >= old_at
}
