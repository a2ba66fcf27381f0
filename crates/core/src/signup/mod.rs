//! 报名 / 预约: sign-ups for what the community runs — an 活动 notice (the 冬至 dumpling
//! lunch, a class) or a bookable item of the service directory (the 65+ health check).
//!
//! Staff open sign-ups ([`Opening`]) with who may come ([`Who`]: everyone, 65 and over by
//! birth year, one building), an optional limit per household (the flat of the account)
//! and a closing time, and add its sessions ([`Session`]): when, where, how many places,
//! and optionally which buildings' batch it is (按楼栋分批). A resident signs up
//! themselves or a family member who lives with them (a child signing up a parent); staff
//! sign up one who phoned or came to the desk (代办, the channel recorded). The server
//! decides 已确认 or 候补 with a position by the shared roster rules
//! ([`crate::roster::Roster`]), the same as volunteer shifts; a device shows 待确认 until
//! then. Cancelling promotes the first on the waitlist. Staff mark who came.

mod optimistic;
mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use optimistic::RULES;
pub use rules::{Applicant, Refusal, check_sign_up};

use crate::Millis;
use crate::report::Channel;
use crate::roster::Sitting;
use crate::sync::{Collection, Feature};
use crate::time::{MINUTE, china_clock};
use crate::validate::{Invalid, check_id, optional_text, required_text};
use crate::volunteer::shift_time_label;

/// Openings of a community; public.
pub const OPENINGS: &str = "signup_openings";
/// Their sessions, with places taken as of the last sync; public.
pub const SESSIONS: &str = "signup_sessions";
/// A resident's own sign-ups; staff get those of the residents they act for.
pub const ENTRIES: &str = "signup_entries";

pub const FEATURE: Feature = Feature {
    name: "signup",
    collections: &[
        Collection {
            name: OPENINGS,
            since_schema: 11,
        },
        Collection {
            name: SESSIONS,
            since_schema: 11,
        },
        Collection {
            name: ENTRIES,
            since_schema: 11,
        },
    ],
    mutations: &[SAVE_OPENING, SAVE_SESSION, SIGN_UP, CANCEL, MARK_ATTENDANCE],
};

/// Mutation: open sign-ups on a notice or a directory item, or change them. Staff only.
pub const SAVE_OPENING: &str = "signup.save_opening";
/// Mutation: add or change a session of an opening. Staff only.
pub const SAVE_SESSION: &str = "signup.save_session";
/// Mutation: sign oneself or a family member up (or staff a resident, 代办).
pub const SIGN_UP: &str = "signup.sign_up";
/// Mutation: give the place (or the waitlist position) up; the first waiting moves up.
pub const CANCEL: &str = "signup.cancel";
/// Mutation: staff record whether a confirmed person came.
pub const MARK_ATTENDANCE: &str = "signup.mark_attendance";

pub const MAX_TITLE_CHARS: usize = 40;
pub const MAX_NOTE_CHARS: usize = 200;
pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_NAME_CHARS: usize = 20;
pub const MAX_RELATION_CHARS: usize = 10;
/// A health check by building batch takes a few hundred a session.
pub const MAX_CAPACITY: u32 = 2000;
pub const MAX_PER_HOUSEHOLD: u32 = 10;
/// A session may run over several days: a batch of the health check (four mornings), a
/// class of four weekly lessons.
pub const MAX_SESSION_DAYS: i64 = 31;
/// The age limit staff may set, in years.
pub const AGE_LIMITS: std::ops::RangeInclusive<i64> = 50..=100;
/// Birth years a person may give.
pub const EARLIEST_BORN: i64 = 1900;

/// What sign-ups are opened on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Subject {
    /// An 活动 notice.
    Notice(String),
    /// A bookable item of the service directory (预约).
    Service(String),
}

/// Who may sign up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Who {
    Everyone,
    /// Aged `from_age` or more in the current year, by birth year (65+: born in 1961 or
    /// before, in 2026).
    Aged {
        from_age: i64,
    },
    /// Residents of one building.
    Building {
        building_id: String,
    },
}

impl Who {
    pub fn label(&self) -> String {
        match self {
            Who::Everyone => "社区居民都可以报名".to_owned(),
            Who::Aged { from_age } => format!("{from_age}岁以上的老人"),
            Who::Building { .. } => "只限本楼栋居民".to_owned(),
        }
    }

    /// Whether the one who comes must give a birth year.
    pub fn needs_birth_year(&self) -> bool {
        matches!(self, Who::Aged { .. })
    }
}

/// Sign-ups opened on a notice or an item, as devices store and show them. Its sessions
/// are separate rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opening {
    pub id: String,
    pub subject: Subject,
    /// What residents sign up for: "冬至暖心饺子宴".
    pub title: String,
    /// What staff want people to know: "80岁以上独居老人优先".
    #[serde(default)]
    pub note: String,
    pub who: Who,
    /// At most this many active sign-ups per household (flat).
    #[serde(default)]
    pub per_household: Option<u32>,
    /// No sign-ups after this (报名截止).
    #[serde(default)]
    pub closes_at: Option<Millis>,
}

/// Arguments of [`SAVE_OPENING`]: the opening itself (same id edits it).
pub type OpeningArgs = Opening;

impl Opening {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.title = self.title.trim().to_owned();
        self.note = self.note.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        let (Subject::Notice(subject) | Subject::Service(subject)) = &self.subject;
        check_id(&mut invalid, "subject", subject);
        required_text(
            &mut invalid,
            "title",
            "报名名称",
            &self.title,
            MAX_TITLE_CHARS,
        );
        optional_text(
            &mut invalid,
            "note",
            "报名说明",
            Some(&self.note),
            MAX_NOTE_CHARS,
        );
        match &self.who {
            Who::Everyone => {}
            Who::Aged { from_age } => {
                if !AGE_LIMITS.contains(from_age) {
                    invalid.add(
                        "who",
                        format!(
                            "年龄限制应在 {} 到 {} 岁之间",
                            AGE_LIMITS.start(),
                            AGE_LIMITS.end()
                        ),
                    );
                }
            }
            Who::Building { building_id } => check_id(&mut invalid, "who", building_id),
        }
        if self
            .per_household
            .is_some_and(|n| !(1..=MAX_PER_HOUSEHOLD).contains(&n))
        {
            invalid.add(
                "per_household",
                format!("每户限报人数应在 1 到 {MAX_PER_HOUSEHOLD} 之间"),
            );
        }
        invalid.finish().map(|()| self)
    }

    /// Whether sign-ups are still taken at `at` (before the closing time).
    pub fn is_open(&self, at: Millis) -> bool {
        self.closes_at.is_none_or(|c| at <= c)
    }
}

/// A session as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub opening_id: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub place: String,
    pub capacity: u32,
    /// The batch: only residents of these buildings; `None`: everyone the opening admits.
    #[serde(default)]
    pub buildings: Option<Vec<String>>,
    /// Places taken and people waiting, as of the last sync.
    #[serde(default)]
    pub confirmed: u32,
    #[serde(default)]
    pub waitlisted: u32,
}

impl Session {
    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.confirmed)
    }

    /// When it happens, as the roster rules shared with volunteer shifts see it.
    pub fn sitting(&self) -> Sitting {
        Sitting {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            cancelled: false,
        }
    }

    /// Whether the batch takes a household of `building`.
    pub fn admits_building(&self, building: Option<&str>) -> bool {
        match &self.buildings {
            None => true,
            Some(batch) => building.is_some_and(|b| batch.iter().any(|x| x == b)),
        }
    }

    /// "11月24日 07:30–10:00", or for a batch over several mornings
    /// "11月24日至27日 07:30–10:00".
    pub fn time_label(&self) -> String {
        session_time_label(self.starts_at, self.ends_at)
    }
}

/// How a session's time reads; see [`Session::time_label`].
pub fn session_time_label(starts_at: Millis, ends_at: Millis) -> String {
    let (_, month, day, h, m) = china_clock(starts_at);
    let (_, end_month, end_day, eh, em) = china_clock(ends_at);
    let same_day = (month, day) == (end_month, end_day);
    // Ending at or before the starting hour of a later day: an evening into the night.
    if same_day || (eh, em) <= (h, m) {
        return shift_time_label(starts_at, ends_at);
    }
    let end = if end_month == month {
        format!("{end_day}日")
    } else {
        format!("{end_month}月{end_day}日")
    };
    format!("{month}月{day}日至{end} {h:02}:{m:02}–{eh:02}:{em:02}")
}

/// Arguments of [`SAVE_SESSION`]. The device chooses the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionArgs {
    pub id: String,
    pub opening_id: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub place: String,
    pub capacity: i64,
    #[serde(default)]
    pub buildings: Option<Vec<String>>,
}

impl SessionArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.place = self.place.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        check_id(&mut invalid, "opening_id", &self.opening_id);
        if self.ends_at <= self.starts_at {
            invalid.add("ends_at", "结束时间要晚于开始时间");
        } else if self.ends_at - self.starts_at > MAX_SESSION_DAYS * 24 * 60 * MINUTE {
            invalid.add(
                "ends_at",
                format!("一场最长 {MAX_SESSION_DAYS} 天，请分成几场"),
            );
        }
        required_text(&mut invalid, "place", "地点", &self.place, MAX_PLACE_CHARS);
        if !(1..=i64::from(MAX_CAPACITY)).contains(&self.capacity) {
            invalid.add("capacity", format!("名额应在 1 到 {MAX_CAPACITY} 之间"));
        }
        if let Some(batch) = &mut self.buildings {
            batch.sort();
            batch.dedup();
            if batch.is_empty() || batch.iter().any(|b| b.trim().is_empty()) {
                invalid.add("buildings", "请至少选择一栋楼，或选择不分楼栋");
            }
        }
        invalid.finish().map(|()| self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Recorded on the device, not yet decided by the server (待确认). Never stored.
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl EntryStatus {
    pub fn label(self) -> &'static str {
        match self {
            EntryStatus::Pending => "待确认",
            EntryStatus::Confirmed => "已确认",
            EntryStatus::Waitlisted => "候补",
            EntryStatus::Cancelled => "已取消",
        }
    }

    /// Still holding a place or a waitlist position (or may, once decided).
    pub fn is_active(self) -> bool {
        !matches!(self, EntryStatus::Cancelled)
    }
}

/// A family member who comes in the account holder's stead: "张秀英", "母亲".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    pub name: String,
    pub relation: String,
}

/// A sign-up as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub opening_id: String,
    pub session_id: String,
    /// The account it belongs to: whose household it counts for, who sees it.
    pub user_id: String,
    /// Filled in by the server; empty on a device until it syncs.
    #[serde(default)]
    pub user_name: String,
    /// "3栋 2单元 301", filled in by the server.
    #[serde(default)]
    pub flat: String,
    /// Who comes, when not the account holder.
    #[serde(default)]
    pub family: Option<Family>,
    /// The birth year of who comes, when given.
    #[serde(default)]
    pub born: Option<i64>,
    pub status: EntryStatus,
    /// Place in the waitlist, from 1, while waitlisted.
    #[serde(default)]
    pub position: Option<u32>,
    /// In the app, or by staff for one who phoned or came to the desk (代办).
    pub channel: Channel,
    /// Who wrote it down, when staff did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<String>,
    pub signed_up_at: Millis,
    /// Whether they came, once staff marked it.
    #[serde(default)]
    pub attended: Option<bool>,
}

impl Entry {
    /// The name of who comes: "张秀英（王秀兰的母亲）", or the account holder's.
    pub fn attendee(&self) -> String {
        match &self.family {
            Some(f) if self.user_name.is_empty() => format!("{}（{}）", f.name, f.relation),
            Some(f) => format!("{}（{}的{}）", f.name, self.user_name, f.relation),
            None => self.user_name.clone(),
        }
    }

    /// Where it stands, in words: "已确认", "候补第 2 位", "待确认".
    pub fn status_text(&self) -> String {
        match (self.status, self.position) {
            (EntryStatus::Waitlisted, Some(n)) => format!("候补第 {n} 位"),
            (status, _) => status.label().to_owned(),
        }
    }

    /// 取消报名: a place or waitlist position given up before the session starts.
    pub fn may_cancel(&self, session: &Session, now: Millis) -> bool {
        self.status.is_active() && now < session.starts_at
    }

    /// Staff mark 到场 or 未到 of one who held a place.
    pub fn may_mark_attendance(&self) -> bool {
        self.status == EntryStatus::Confirmed
    }

    /// Where the list shows it: confirmed first, then the waitlist in order, then the
    /// undecided, then the cancelled.
    pub fn list_rank(&self) -> (u8, u32) {
        match self.status {
            EntryStatus::Confirmed => (0, 0),
            EntryStatus::Waitlisted => (1, self.position.unwrap_or(u32::MAX)),
            EntryStatus::Pending => (2, 0),
            EntryStatus::Cancelled => (3, 0),
        }
    }
}

/// Arguments of [`SIGN_UP`]. The device chooses the entry's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignUpArgs {
    pub entry_id: String,
    pub session_id: String,
    /// The account: the caller, or the resident staff sign up (代办).
    pub user_id: String,
    #[serde(default)]
    pub family: Option<Family>,
    #[serde(default)]
    pub born: Option<i64>,
    /// [`Channel::App`] for one's own; how the resident asked staff otherwise.
    pub channel: Channel,
}

impl SignUpArgs {
    /// Checked against the year the sign-up was written in.
    pub fn validated(mut self, year: i64) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "entry_id", &self.entry_id);
        check_id(&mut invalid, "session_id", &self.session_id);
        check_id(&mut invalid, "user_id", &self.user_id);
        if let Some(f) = &mut self.family {
            f.name = f.name.trim().to_owned();
            f.relation = f.relation.trim().to_owned();
            required_text(
                &mut invalid,
                "family.name",
                "家人姓名",
                &f.name,
                MAX_NAME_CHARS,
            );
            required_text(
                &mut invalid,
                "family.relation",
                "和您的关系",
                &f.relation,
                MAX_RELATION_CHARS,
            );
        }
        if self
            .born
            .is_some_and(|b| !(EARLIEST_BORN..=year).contains(&b))
        {
            invalid.add(
                "born",
                format!("出生年份应在 {EARLIEST_BORN} 到 {year} 之间"),
            );
        }
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`CANCEL`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryRef {
    pub entry_id: String,
}

/// Arguments of [`MARK_ATTENDANCE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceArgs {
    pub entry_id: String,
    pub attended: bool,
}

/// The year of `at` in China: what ages are counted in.
pub fn year_of(at: Millis) -> i64 {
    china_clock(at).0
}
