//! 互助: neighbours helping neighbours, paid in time-bank hours.
//!
//! A resident (or staff for one who phoned or came by, 代办) asks for help: 陪诊, 代购,
//! 陪聊, 理发, 修理小家电 or 其他, when and where. The community's volunteers whose skills
//! fit see the request without the requester's phone ([`Sight::Listed`]); the first to
//! take it, as the server decides, is the one who comes, and only then do the two see
//! each other's phone. Either side may cancel with a reason (a volunteer who cannot come
//! hands the request back to the others). Afterwards the requester, or staff, confirm how
//! long the help took, and the hours move once in the time bank: from the requester, or
//! from the community's 互助池 when staff pay for a resident in hardship, to the
//! volunteer ([`movement`]). No balance goes below the community's floor ([`Floors`]).

mod optimistic;
mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use optimistic::RULES;
pub use rules::{
    Account, CancelSide, Looker, Posting, Refusal, Sight, cancel_outcome, check_confirm,
    check_take, check_within, movement, sight_of,
};

use crate::Millis;
use crate::report::Channel;
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, optional_text, required_text};
use crate::volunteer::Skill;

/// Help requests, each as the viewer may see it.
pub const REQUESTS: &str = "aid_requests";
/// The community's floors (one row, the community's id).
pub const SETTINGS: &str = "aid_settings";

pub const FEATURE: Feature = Feature {
    name: "aid",
    collections: &[
        Collection {
            name: REQUESTS,
            since_schema: 10,
        },
        Collection {
            name: SETTINGS,
            since_schema: 10,
        },
    ],
    mutations: &[ASK, TAKE, CANCEL, CONFIRM, SET_FLOORS],
};

/// Mutation: ask for help (for oneself, or staff for a resident).
pub const ASK: &str = "aid.ask";
/// Mutation: a volunteer takes a request; the server decides who was first.
pub const TAKE: &str = "aid.take";
/// Mutation: the requester (or staff) calls it off, or the volunteer hands it back.
pub const CANCEL: &str = "aid.cancel";
/// Mutation: the requester or staff confirm the help and its hours; the hours move.
pub const CONFIRM: &str = "aid.confirm";
/// Mutation: the community's floors. Admins only.
pub const SET_FLOORS: &str = "aid.set_floors";

pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_NOTE_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 100;
/// Hours are confirmed in half hours, up to a long day at the hospital.
pub const MINUTES_STEP: i64 = 30;
pub const MAX_MINUTES: i64 = 12 * 60;
/// How far ahead help may be asked for.
pub const MAX_DAYS_AHEAD: i64 = 90;
/// A request may be for a moment a little before it was written (typed slowly, 现在就要).
const EARLIEST_BEFORE_MS: Millis = 60 * 60_000;
const DAY_MS: Millis = 24 * 60 * 60_000;
/// The lowest floor a community may set, for a person or for the pool.
pub const LOWEST_FLOOR_MINUTES: i64 = -1000 * 60;

/// What help is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// 陪诊: going with someone to the doctor.
    Escort,
    /// 代购: shopping for someone.
    Errand,
    /// 陪聊: keeping someone company.
    Company,
    /// 理发: a haircut at home.
    Haircut,
    /// 修理小家电: mending a small appliance.
    Appliance,
    Other,
}

impl HelpKind {
    pub const ALL: [HelpKind; 6] = [
        HelpKind::Escort,
        HelpKind::Errand,
        HelpKind::Company,
        HelpKind::Haircut,
        HelpKind::Appliance,
        HelpKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HelpKind::Escort => "陪诊",
            HelpKind::Errand => "代购",
            HelpKind::Company => "陪聊",
            HelpKind::Haircut => "理发",
            HelpKind::Appliance => "修理小家电",
            HelpKind::Other => "其他",
        }
    }

    /// The skills a volunteer needs for this help, any one of them; none: every
    /// volunteer may (going to the doctor with someone needs no medical training).
    pub fn skills(self) -> &'static [Skill] {
        match self {
            HelpKind::Haircut => &[Skill::Haircut],
            HelpKind::Appliance => &[Skill::Repair],
            HelpKind::Escort | HelpKind::Errand | HelpKind::Company | HelpKind::Other => &[],
        }
    }

    /// Whether a volunteer with `skills` can give this help.
    pub fn fits(self, skills: &[Skill]) -> bool {
        let needed = self.skills();
        needed.is_empty() || needed.iter().any(|s| skills.contains(s))
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpStatus {
    /// Waiting for a volunteer.
    Open,
    /// Taken on this device, not yet decided by the server (待确认). Never stored.
    Pending,
    /// A volunteer is coming.
    Taken,
    /// Confirmed as given; the hours have moved.
    Done,
    Cancelled,
}

impl HelpStatus {
    pub fn label(self) -> &'static str {
        match self {
            HelpStatus::Open => "等待志愿者",
            HelpStatus::Pending => "待确认",
            HelpStatus::Taken => "志愿者已接单",
            HelpStatus::Done => "已完成",
            HelpStatus::Cancelled => "已取消",
        }
    }

    /// Still to happen.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            HelpStatus::Open | HelpStatus::Pending | HelpStatus::Taken
        )
    }
}

/// A help request as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpRequest {
    pub id: String,
    pub kind: HelpKind,
    /// When the help is wanted.
    pub at: Millis,
    /// Where: the flat, the hospital's gate…
    pub place: String,
    #[serde(default)]
    pub note: String,
    pub requester_id: String,
    /// Filled in by the server; empty on a device until it syncs.
    #[serde(default)]
    pub requester_name: String,
    /// Only for those who see the whole request ([`Sight::Full`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_phone: Option<String>,
    /// How it was asked: in the app, or by staff for someone who phoned or came by.
    pub channel: Channel,
    /// Who wrote it down, when staff did (代办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<String>,
    pub status: HelpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taker_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taker_name: Option<String>,
    /// Only for those who see the whole request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taker_phone: Option<String>,
    /// Why it was last cancelled or handed back, in the words of whoever did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// The hours confirmed, once done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    /// Paid from the community's 互助池 rather than by the requester.
    #[serde(default)]
    pub from_pool: bool,
    pub created_at: Millis,
}

impl HelpRequest {
    /// The request as a viewer with `sight` receives it: a volunteer who has not taken it
    /// gets no phone.
    pub fn seen_as(mut self, sight: Sight) -> Self {
        if sight == Sight::Listed {
            self.requester_phone = None;
            self.taker_phone = None;
        }
        self
    }
}

/// Arguments of [`ASK`]. The device chooses the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AskArgs {
    pub id: String,
    /// Who the help is for: the caller, or a resident staff ask for.
    pub requester_id: String,
    pub kind: HelpKind,
    pub at: Millis,
    pub place: String,
    #[serde(default)]
    pub note: String,
    /// [`Channel::App`] for one's own request; how the resident asked staff otherwise.
    pub channel: Channel,
}

impl AskArgs {
    /// Checked against `written_at`, the moment the request was written.
    pub fn validated(mut self, written_at: Millis) -> Result<Self, Invalid> {
        self.place = self.place.trim().to_owned();
        self.note = self.note.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        check_id(&mut invalid, "requester_id", &self.requester_id);
        required_text(&mut invalid, "place", "地点", &self.place, MAX_PLACE_CHARS);
        optional_text(
            &mut invalid,
            "note",
            "说明",
            Some(&self.note),
            MAX_NOTE_CHARS,
        );
        if self.at < written_at - EARLIEST_BEFORE_MS {
            invalid.add("at", "时间已经过去了，请选今天以后的时间");
        } else if self.at > written_at + MAX_DAYS_AHEAD * DAY_MS {
            invalid.add("at", "只能约三个月以内的时间");
        }
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`TAKE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TakeArgs {
    pub request_id: String,
    /// The volunteer: the caller, so the device can show it at once.
    pub taker_id: String,
}

/// Arguments of [`CANCEL`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelArgs {
    pub request_id: String,
    pub side: CancelSide,
    pub reason: String,
}

impl CancelArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.reason = self.reason.trim().to_owned();
        let mut invalid = Invalid::default();
        required_text(
            &mut invalid,
            "reason",
            "取消的原因",
            &self.reason,
            MAX_REASON_CHARS,
        );
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`CONFIRM`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmArgs {
    pub request_id: String,
    pub minutes: i64,
    /// Staff pay from the community's 互助池.
    #[serde(default)]
    pub from_pool: bool,
}

impl ConfirmArgs {
    pub fn validated(self) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        if !(MINUTES_STEP..=MAX_MINUTES).contains(&self.minutes) || self.minutes % MINUTES_STEP != 0
        {
            invalid.add(
                "minutes",
                format!("时长按半小时记，在半小时到 {} 小时之间", MAX_MINUTES / 60),
            );
        }
        invalid.finish().map(|()| self)
    }
}

/// How low balances may go in a community: a person's, and its 互助池's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Floors {
    /// The lowest a resident's balance may go by paying for help, in minutes (≤ 0).
    pub person_minutes: i64,
    /// The lowest the 互助池 may go: how many hours the community stands for.
    pub pool_minutes: i64,
}

impl Default for Floors {
    /// A resident who never volunteered (most elderly people) may still receive about
    /// five two-hour visits on credit, −10 hours, as public time-bank schemes give a
    /// starting balance; past that, staff decide whether the pool pays. The pool stands
    /// for up to 200 hours, what a community's 敬老助老 team gives in a few months.
    fn default() -> Self {
        Floors {
            person_minutes: -10 * 60,
            pool_minutes: -200 * 60,
        }
    }
}

impl Floors {
    pub fn validated(self) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        for (field, value) in [
            ("person_minutes", self.person_minutes),
            ("pool_minutes", self.pool_minutes),
        ] {
            if !(LOWEST_FLOOR_MINUTES..=0).contains(&value) {
                invalid.add(
                    field,
                    format!("最低余额应在 0 到 {} 小时之间", LOWEST_FLOOR_MINUTES / 60),
                );
            }
        }
        invalid.finish().map(|()| self)
    }
}

/// The community's floors as devices store them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AidSettings {
    /// The community's id: the row's key.
    pub id: String,
    pub floors: Floors,
}

/// Arguments of [`SET_FLOORS`]: the settings themselves, of the caller's community.
pub type FloorArgs = AidSettings;

/// When help is wanted, as people say it: "11月23日 09:00".
pub fn when_label(at: Millis) -> String {
    let (_, month, day, h, m) = crate::time::china_clock(at);
    format!("{month}月{day}日 {h:02}:{m:02}")
}

fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}
