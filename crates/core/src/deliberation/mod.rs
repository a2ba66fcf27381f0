//! 议事协商: residents deliberate and decide together. A topic (议题) goes through the
//! stages its organisers plan — 征集意见, 投票, 结果公示, 落实情况 — skipping those it does
//! not need. Residents write opinions and support others'; a vote follows the rule the
//! staff picked beforehand; closing the vote tallies it and makes the result public.
//!
//! Secret ballots (无记名投票): the server keeps who has voted apart from what was
//! voted, so a device learns of a secret topic only that its person has voted, and the
//! counts once the vote is closed.

mod ballot;
mod optimistic;
mod tally;

use serde::{Deserialize, Serialize};

pub use ballot::{Choice, VoteChannel, accepts_vote, replaces};
pub use optimistic::RULES;
pub use tally::{
    AudienceSize, BuildingTurnout, OpenBallot, OptionCount, TopicResult, latest_per_voter, tally,
};

use crate::Millis;
use crate::access::{Action, Reach};
use crate::account::Role;
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, required_text};

/// Synced collections: the topics a person may see, and their opinions.
pub const TOPICS: &str = "deliberation_topics";
pub const OPINIONS: &str = "deliberation_opinions";

pub const FEATURE: Feature = Feature {
    name: "deliberation",
    collections: &[
        Collection {
            name: TOPICS,
            since_schema: 8,
        },
        Collection {
            name: OPINIONS,
            since_schema: 8,
        },
    ],
    mutations: &[
        SAVE_TOPIC, ADVANCE, CLOSE, FOLLOW_UP, OPINE, SUPPORT, REPLY, HIDE, VOTE, PROXY_VOTE,
    ],
};

/// Mutation names.
pub const SAVE_TOPIC: &str = "deliberation.save_topic";
pub const ADVANCE: &str = "deliberation.advance";
pub const CLOSE: &str = "deliberation.close";
pub const FOLLOW_UP: &str = "deliberation.follow_up";
pub const OPINE: &str = "deliberation.opine";
pub const SUPPORT: &str = "deliberation.support";
pub const REPLY: &str = "deliberation.reply";
pub const HIDE: &str = "deliberation.hide";
pub const VOTE: &str = "deliberation.vote";
pub const PROXY_VOTE: &str = "deliberation.proxy_vote";

pub const MAX_TITLE_CHARS: usize = 40;
pub const MAX_BACKGROUND_CHARS: usize = 2000;
pub const MAX_RAISED_BY_CHARS: usize = 30;
pub const MAX_OPINION_CHARS: usize = 500;
pub const MAX_NOTE_CHARS: usize = 300;
pub const MAX_OPTIONS: usize = 10;
pub const MAX_OPTION_CHARS: usize = 30;

/// Who runs topics (creates, moves on, answers opinions, closes votes): staff whose reach
/// is the whole community, as closing one publishes a community notice.
pub fn may_organise(role: Role) -> bool {
    role.reach(Action::PublishNotices) == Reach::Community
}

/// Who enters paper and spoken votes for residents (代投), within their reach.
pub fn may_record_votes(role: Role) -> bool {
    role.may(Action::ActForResidents)
}

/// The stages of a topic, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 征集意见: residents write and support opinions.
    Consult,
    /// 投票.
    Vote,
    /// 结果公示.
    Result,
    /// 落实情况: follow-up updates.
    FollowUp,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Consult, Stage::Vote, Stage::Result, Stage::FollowUp];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Consult => "征集意见",
            Stage::Vote => "投票",
            Stage::Result => "结果公示",
            Stage::FollowUp => "落实情况",
        }
    }
}

/// One planned stage with its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagePlan {
    pub stage: Stage,
    pub starts_at: Millis,
    /// When it ends; the follow-up may run open-ended.
    #[serde(default)]
    pub ends_at: Option<Millis>,
}

/// Who a topic is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Audience {
    /// Every resident of the community.
    Community,
    /// The residents of some buildings.
    Buildings { building_ids: Vec<String> },
    /// The 居民代表 only.
    Representatives,
}

impl Audience {
    /// Whether a resident living in `building_id` (a 居民代表 or not) belongs to it.
    pub fn includes(&self, building_id: Option<&str>, representative: bool) -> bool {
        match self {
            Audience::Community => true,
            Audience::Buildings { building_ids } => {
                building_id.is_some_and(|b| building_ids.iter().any(|x| x == b))
            }
            Audience::Representatives => representative,
        }
    }
}

/// How a ballot is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BallotKind {
    /// One of the options.
    Single,
    /// Up to `max` of the options.
    Multiple { max: u32 },
    /// 同意 / 反对 / 弃权.
    Approval,
}

/// Who casts a ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoterUnit {
    /// Each resident.
    Resident,
    /// One ballot per household (户, by flat).
    Household,
}

impl VoterUnit {
    /// How ballots are counted: 人 or 户.
    pub fn unit(self) -> &'static str {
        match self {
            VoterUnit::Resident => "人",
            VoterUnit::Household => "户",
        }
    }
}

/// The preset by which a vote decides, shown to residents before they vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// More than half of the votes cast.
    MajorityOfCast,
    /// More than half of the audience.
    MajorityOfAudience,
    /// At least two thirds of the audience taking part, and more than half of them agreeing.
    TwoThirdsTurnout,
}

impl DecisionRule {
    pub const ALL: [DecisionRule; 3] = [
        DecisionRule::MajorityOfCast,
        DecisionRule::MajorityOfAudience,
        DecisionRule::TwoThirdsTurnout,
    ];

    /// The rule in plain words.
    pub fn label(self) -> &'static str {
        match self {
            DecisionRule::MajorityOfCast => "赞成票超过所投票数的一半即通过",
            DecisionRule::MajorityOfAudience => "赞成票超过应投票人数的一半即通过",
            DecisionRule::TwoThirdsTurnout => {
                "三分之二以上的应投票人参加投票，且赞成票超过参加人数的一半即通过"
            }
        }
    }
}

/// An option of a ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteOption {
    pub id: String,
    pub label: String,
}

/// The options of a 同意/反对/弃权 ballot.
pub const AGREE: &str = "agree";
pub const OPPOSE: &str = "oppose";
pub const ABSTAIN: &str = "abstain";

/// What a vote asks and how it decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteSpec {
    pub kind: BallotKind,
    /// The options; for [`BallotKind::Approval`] the three fixed ones are used.
    #[serde(default)]
    pub options: Vec<VoteOption>,
    pub per: VoterUnit,
    pub secret: bool,
    pub rule: DecisionRule,
}

impl VoteSpec {
    /// The options a ballot offers.
    pub fn choices(&self) -> Vec<VoteOption> {
        match self.kind {
            BallotKind::Approval => [(AGREE, "同意"), (OPPOSE, "反对"), (ABSTAIN, "弃权")]
                .into_iter()
                .map(|(id, label)| VoteOption {
                    id: id.to_owned(),
                    label: label.to_owned(),
                })
                .collect(),
            _ => self.options.clone(),
        }
    }

    /// What the resident is told before voting.
    pub fn explained(&self) -> String {
        let per = match self.per {
            VoterUnit::Resident => "每位居民投一票",
            VoterUnit::Household => "每户投一票，家里谁投都算这一户的",
        };
        let how = match self.kind {
            BallotKind::Single => "选一项".to_owned(),
            BallotKind::Multiple { max } => format!("最多选 {max} 项"),
            BallotKind::Approval => "选同意、反对或弃权".to_owned(),
        };
        let secrecy = if self.secret {
            "无记名投票：谁投了什么不会被任何人看到；投出后不能修改"
        } else {
            "记名投票：截止前可以改票，以最后一次为准"
        };
        format!("{per}，{how}。{secrecy}。{}。", self.rule.label())
    }

    fn check(&mut self, invalid: &mut Invalid) {
        if self.kind == BallotKind::Approval {
            self.options.clear();
            return;
        }
        for o in &mut self.options {
            o.label = o.label.trim().to_owned();
        }
        if self.options.len() < 2 {
            invalid.add("vote.options", "请至少写两个选项");
        } else if self.options.len() > MAX_OPTIONS {
            invalid.add("vote.options", format!("最多 {MAX_OPTIONS} 个选项"));
        }
        if self
            .options
            .iter()
            .any(|o| o.label.is_empty() || char_len(&o.label) > MAX_OPTION_CHARS)
        {
            invalid.add(
                "vote.options",
                format!("每个选项都要写内容，不超过 {MAX_OPTION_CHARS} 个字"),
            );
        }
        let mut ids: Vec<&str> = self.options.iter().map(|o| o.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.options.len() || ids.iter().any(|id| id.trim().is_empty()) {
            invalid.add("vote.options", "选项编号重复，请刷新页面后重试");
        }
        if let BallotKind::Multiple { max } = self.kind
            && (max < 1 || max as usize > self.options.len())
        {
            invalid.add("vote.max", "最多可选几项应在 1 到选项个数之间");
        }
    }
}

/// A follow-up update (落实情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: String,
    pub at: Millis,
    pub text: String,
    pub by_name: String,
}

/// The viewer's own vote, as far as they may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyVote {
    /// What was chosen; `None` on a secret topic (the server keeps no link to it).
    pub choice: Option<Choice>,
    pub cast_at: Millis,
    pub channel: VoteChannel,
    /// The staff member who recorded a paper or spoken vote (代投).
    #[serde(default)]
    pub recorded_by: Option<String>,
    /// Cast by another member of the household (per-household votes).
    #[serde(default)]
    pub by_household: bool,
}

/// A topic as a device sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub background: String,
    /// Who raised it, in words ("居委会", "居民代表 王秀兰").
    pub raised_by: String,
    /// The 说事 case it grew from.
    pub case_id: Option<String>,
    pub audience: Audience,
    /// "全社区居民", "3栋居民", "居民代表".
    pub audience_label: String,
    pub stages: Vec<StagePlan>,
    pub stage: Stage,
    pub vote: Option<VoteSpec>,
    /// How many people (or households) the vote is for.
    pub audience_size: u32,
    /// How many have voted so far.
    pub voted: u32,
    /// The viewer takes part: a verified resident of the audience (with a known flat, when
    /// households vote), who may write opinions and vote.
    pub may_vote: bool,
    pub my_vote: Option<MyVote>,
    /// The tally, once the vote is closed.
    pub result: Option<TopicResult>,
    /// The 居务公开 notice of the result.
    pub notice_id: Option<String>,
    pub follow_ups: Vec<FollowUp>,
    pub created_at: Millis,
    pub closed_at: Option<Millis>,
}

impl Topic {
    /// The plan of a stage, if the topic has it.
    pub fn plan(&self, stage: Stage) -> Option<&StagePlan> {
        self.stages.iter().find(|p| p.stage == stage)
    }

    /// When the vote closes by plan.
    pub fn vote_ends_at(&self) -> Option<Millis> {
        self.plan(Stage::Vote).and_then(|p| p.ends_at)
    }

    /// Still asking something of residents: opinions or votes.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none() && matches!(self.stage, Stage::Consult | Stage::Vote)
    }

    /// Whether the viewer may cast (or, on an open ballot, change) a vote at `now`.
    pub fn may_cast(&self, now: Millis) -> bool {
        let secret = self.vote.as_ref().is_some_and(|s| s.secret);
        self.may_vote
            && self.vote.is_some()
            && self.stage == Stage::Vote
            && self.closed_at.is_none()
            && self.vote_ends_at().is_none_or(|end| now < end)
            && !(secret && self.my_vote.is_some())
    }

    /// The labels of the options chosen.
    pub fn labels(&self, choice: &[String]) -> Vec<String> {
        let options = self
            .vote
            .as_ref()
            .map(VoteSpec::choices)
            .unwrap_or_default();
        options
            .into_iter()
            .filter(|o| choice.contains(&o.id))
            .map(|o| o.label)
            .collect()
    }

    /// When the current stage ends, for the list's "截止" line.
    pub fn deadline(&self) -> Option<Millis> {
        self.plan(self.stage).and_then(|p| p.ends_at)
    }
}

/// Whether a topic row, as the device stores it, is a vote under way that the viewer may
/// cast and has not, neither as the server knows nor among `pending_votes` (the arguments
/// of the viewer's [`VOTE`]s waiting to be sent: the first screen has not this feature's
/// optimistic rules, which come with its pages). Read from the row's JSON, so that the
/// app's first screen, which asks only this, does not carry a whole topic's parser in the
/// first download.
pub fn vote_waits(row: &serde_json::Value, pending_votes: &[serde_json::Value]) -> bool {
    row["stage"] == "vote"
        && row["closed_at"].is_null()
        && row["may_vote"] == true
        && row["my_vote"].is_null()
        && pending_votes.iter().all(|v| v["topic_id"] != row["id"])
}

/// `deliberation.save_topic`: staff create a topic or edit it (before its vote starts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveTopicArgs {
    pub id: String,
    pub title: String,
    pub background: String,
    pub raised_by: String,
    #[serde(default)]
    pub case_id: Option<String>,
    pub audience: Audience,
    pub stages: Vec<StagePlan>,
    #[serde(default)]
    pub vote: Option<VoteSpec>,
}

impl SaveTopicArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.title = self.title.trim().to_owned();
        self.background = self.background.trim().to_owned();
        self.raised_by = self.raised_by.trim().to_owned();
        self.case_id = self
            .case_id
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        required_text(&mut invalid, "title", "议题", &self.title, MAX_TITLE_CHARS);
        required_text(
            &mut invalid,
            "background",
            "背景说明",
            &self.background,
            MAX_BACKGROUND_CHARS,
        );
        required_text(
            &mut invalid,
            "raised_by",
            "提出人",
            &self.raised_by,
            MAX_RAISED_BY_CHARS,
        );
        if let Audience::Buildings { building_ids } = &self.audience
            && building_ids.is_empty()
        {
            invalid.add("audience", "请至少选择一栋楼，或选择全社区");
        }
        check_stages(&mut invalid, &self.stages);
        let votes = self.stages.iter().any(|p| p.stage == Stage::Vote);
        match &mut self.vote {
            Some(spec) if votes => spec.check(&mut invalid),
            Some(_) => invalid.add("vote", "没有安排投票阶段，就不用设置投票"),
            None if votes => invalid.add("vote", "有投票阶段，请设置怎么投票"),
            None => {}
        }
        invalid.finish().map(|()| self)
    }
}

fn check_stages(invalid: &mut Invalid, stages: &[StagePlan]) {
    if stages.is_empty() {
        invalid.add("stages", "请至少安排一个阶段");
        return;
    }
    if !stages.windows(2).all(|w| w[0].stage < w[1].stage) {
        invalid.add(
            "stages",
            "阶段的先后应是：征集意见、投票、结果公示、落实情况",
        );
    }
    if stages
        .iter()
        .any(|p| p.ends_at.is_some_and(|end| end <= p.starts_at))
    {
        invalid.add("stages", "每个阶段的结束时间要晚于开始时间");
    }
    if stages
        .windows(2)
        .any(|w| w[0].ends_at.is_some_and(|end| w[1].starts_at < end))
    {
        invalid.add("stages", "下一个阶段要在上一个阶段结束后才开始");
    }
    if stages
        .iter()
        .any(|p| matches!(p.stage, Stage::Consult | Stage::Vote) && p.ends_at.is_none())
    {
        invalid.add("stages", "征集意见和投票要写明截止时间");
    }
}

/// `deliberation.advance`: staff move a topic on to a later stage of its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvanceArgs {
    pub topic_id: String,
    pub to: Stage,
}

/// Whether a topic at `from` may move on to `to`: a later stage the plan has. The vote's
/// end goes through [`CLOSE`], which tallies it.
pub fn may_advance(t: &Topic, to: Stage) -> Result<(), &'static str> {
    if t.plan(to).is_none() {
        Err("这个议题没有安排这个阶段")
    } else if to <= t.stage {
        Err("只能进入后面的阶段")
    } else if t.stage == Stage::Vote
        || (to > Stage::Vote && t.plan(Stage::Vote).is_some() && t.closed_at.is_none())
    {
        Err("请先结束投票并公布结果")
    } else {
        Ok(())
    }
}

/// `deliberation.close`: staff close the vote; the server tallies it and publishes the
/// result as a 居务公开 notice with the id the device chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseArgs {
    pub topic_id: String,
    pub notice_id: String,
}

/// `deliberation.follow_up`: staff tell how the decision is carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpArgs {
    pub topic_id: String,
    pub id: String,
    pub text: String,
}

impl FollowUpArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.text = self.text.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        required_text(&mut invalid, "text", "落实情况", &self.text, MAX_NOTE_CHARS);
        invalid.finish().map(|()| self)
    }
}

/// An opinion as a device sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub id: String,
    pub topic_id: String,
    pub author_name: String,
    /// `None` when hidden (the author and staff still see it).
    pub text: Option<String>,
    pub supporters: u32,
    pub mine: bool,
    pub supported: bool,
    pub reply: Option<String>,
    pub reply_by: Option<String>,
    /// Why staff hid it: shown in its place ("已隐藏：含有他人隐私").
    pub hidden_reason: Option<String>,
    pub created_at: Millis,
}

impl Opinion {
    /// What stands in place of a hidden opinion.
    pub fn hidden_label(&self) -> Option<String> {
        self.hidden_reason.as_ref().map(|r| format!("已隐藏：{r}"))
    }
}

/// `deliberation.opine`: a resident writes an opinion while opinions are collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpineArgs {
    pub id: String,
    pub topic_id: String,
    pub text: String,
}

impl OpineArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.text = self.text.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        required_text(&mut invalid, "text", "意见", &self.text, MAX_OPINION_CHARS);
        invalid.finish().map(|()| self)
    }
}

/// `deliberation.support`: 支持 an opinion (once each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportArgs {
    pub opinion_id: String,
}

/// `deliberation.reply`: staff answer an opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyArgs {
    pub opinion_id: String,
    pub text: String,
}

/// `deliberation.hide`: staff hide an opinion, with a reason that stays visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HideArgs {
    pub opinion_id: String,
    pub reason: String,
}

/// A staff note (a reply, or why an opinion is hidden), trimmed and checked.
pub fn checked_note(field: &str, label: &str, text: &str) -> Result<String, Invalid> {
    let text = text.trim().to_owned();
    let mut invalid = Invalid::default();
    required_text(&mut invalid, field, label, &text, MAX_NOTE_CHARS);
    invalid.finish().map(|()| text)
}

/// `deliberation.vote`: a resident casts (or, on an open ballot, changes) their vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteArgs {
    pub topic_id: String,
    pub choice: Choice,
}

/// `deliberation.proxy_vote`: staff record a paper or spoken vote for a resident (代投).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyVoteArgs {
    pub topic_id: String,
    pub resident_id: String,
    pub choice: Choice,
    pub channel: VoteChannel,
}

impl ProxyVoteArgs {
    pub fn validated(self) -> Result<Self, Invalid> {
        if self.channel == VoteChannel::App {
            Err(Invalid::one("channel", "请选择是纸质票还是口头委托"))
        } else {
            Ok(self)
        }
    }
}

fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}

#[cfg(test)]
mod tests;
