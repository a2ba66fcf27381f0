//! Counting a closed vote: one ballot per voter (the latest cast before the end, on an
//! open ballot), the counts per option, whether the decision rule is met, and who took
//! part by building. The same count serves secret ballots, whose choices arrive with no
//! voter beside them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AGREE, BallotKind, Choice, DecisionRule, VoteSpec, VoterUnit};
use crate::Millis;

/// How many may vote: in all and per building (by name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceSize {
    pub total: u32,
    pub by_building: Vec<(String, u32)>,
}

/// A ballot of an open (记名) vote, as stored with its voter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBallot {
    /// The person, or the household (flat), that a ballot counts for.
    pub voter: String,
    pub building: Option<String>,
    pub cast_at: Millis,
    pub choice: Choice,
}

/// Each voter's ballot that stands: the latest cast before `ends_at`.
pub fn latest_per_voter(ballots: &[OpenBallot], ends_at: Option<Millis>) -> Vec<&OpenBallot> {
    let mut latest: BTreeMap<&str, &OpenBallot> = BTreeMap::new();
    for b in ballots
        .iter()
        .filter(|b| ends_at.is_none_or(|end| b.cast_at < end))
    {
        match latest.get(b.voter.as_str()) {
            Some(kept) if !super::replaces(kept.cast_at, b.cast_at) => {}
            _ => {
                latest.insert(&b.voter, b);
            }
        }
    }
    latest.into_values().collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    pub id: String,
    pub label: String,
    pub count: u32,
}

/// Participation in one building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingTurnout {
    pub building: String,
    pub voted: u32,
    pub audience: u32,
}

/// A closed vote's result, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicResult {
    pub counts: Vec<OptionCount>,
    /// Ballots cast.
    pub cast: u32,
    /// How many could vote.
    pub audience: u32,
    pub rule: DecisionRule,
    /// Whether the rule is met (for a choice between options: by the leading one).
    pub passed: bool,
    /// The options that met the rule.
    pub adopted: Vec<String>,
    pub by_building: Vec<BuildingTurnout>,
    /// The result in one paragraph, for the notice and for reading aloud.
    pub summary: String,
}

/// Whether `yes` of `cast` ballots, with `audience` who could vote, meets `rule`.
pub fn meets(rule: DecisionRule, yes: u32, cast: u32, audience: u32) -> bool {
    let (yes, cast, audience) = (u64::from(yes), u64::from(cast), u64::from(audience));
    match rule {
        DecisionRule::MajorityOfCast => yes * 2 > cast,
        DecisionRule::MajorityOfAudience => yes * 2 > audience,
        DecisionRule::TwoThirdsTurnout => cast * 3 >= audience * 2 && yes * 2 > cast,
    }
}

/// Counts a vote: the choices of the ballots that stand, and the building of each voter
/// who cast one (in no particular order, so that neither can be matched to the other).
pub fn tally(
    spec: &VoteSpec,
    audience: &AudienceSize,
    voter_buildings: &[Option<String>],
    choices: &[Choice],
) -> TopicResult {
    let options = spec.choices();
    let counts: Vec<OptionCount> = options
        .iter()
        .map(|o| OptionCount {
            id: o.id.clone(),
            label: o.label.clone(),
            count: choices.iter().filter(|c| c.contains(&o.id)).count() as u32,
        })
        .collect();
    let cast = choices.len() as u32;
    let passes = |c: &OptionCount| meets(spec.rule, c.count, cast, audience.total);
    let adopted: Vec<String> = match spec.kind {
        BallotKind::Approval => counts
            .iter()
            .filter(|c| c.id == AGREE && passes(c))
            .map(|c| c.id.clone())
            .collect(),
        BallotKind::Single => {
            let top = counts.iter().map(|c| c.count).max().unwrap_or(0);
            let leaders: Vec<&OptionCount> = counts.iter().filter(|c| c.count == top).collect();
            match leaders[..] {
                [one] if passes(one) => vec![one.id.clone()],
                _ => Vec::new(),
            }
        }
        BallotKind::Multiple { .. } => counts
            .iter()
            .filter(|c| passes(c))
            .map(|c| c.id.clone())
            .collect(),
    };
    let mut voted: BTreeMap<String, u32> = BTreeMap::new();
    for b in voter_buildings {
        *voted
            .entry(b.clone().unwrap_or_else(|| "未登记楼栋".to_owned()))
            .or_default() += 1;
    }
    let mut by_building: Vec<BuildingTurnout> = audience
        .by_building
        .iter()
        .map(|(building, size)| BuildingTurnout {
            building: building.clone(),
            voted: voted.remove(building).unwrap_or(0),
            audience: *size,
        })
        .collect();
    by_building.extend(voted.into_iter().map(|(building, n)| BuildingTurnout {
        building,
        voted: n,
        audience: 0,
    }));
    let mut result = TopicResult {
        counts,
        cast,
        audience: audience.total,
        rule: spec.rule,
        passed: !adopted.is_empty(),
        adopted,
        by_building,
        summary: String::new(),
    };
    result.summary = summary(&result, spec.per);
    result
}

/// "应投 138 户，实投 112 户（81%）。同意 96 票，反对 10 票，弃权 6 票。按规则……，结果：通过。"
fn summary(r: &TopicResult, per: VoterUnit) -> String {
    let unit = per.unit();
    let share = if r.audience == 0 {
        0
    } else {
        u64::from(r.cast) * 100 / u64::from(r.audience)
    };
    let counts: Vec<String> = r
        .counts
        .iter()
        .map(|c| format!("{} {} 票", c.label, c.count))
        .collect();
    let adopted: Vec<&str> = r
        .counts
        .iter()
        .filter(|c| r.adopted.contains(&c.id) && c.id != AGREE)
        .map(|c| c.label.as_str())
        .collect();
    let verdict = match (r.passed, adopted.is_empty()) {
        (false, _) => "未通过".to_owned(),
        (true, true) => "通过".to_owned(),
        (true, false) => format!("通过（{}）", adopted.join("、")),
    };
    format!(
        "应投 {} {unit}，实投 {} {unit}（{share}%）。{}。按“{}”的规则，结果：{verdict}。",
        r.audience,
        r.cast,
        counts.join("，"),
        r.rule.label()
    )
}
