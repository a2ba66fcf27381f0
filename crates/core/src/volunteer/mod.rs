//! Volunteering (志愿服务): activities and their shifts, sign-ups with an ordered
//! waitlist, check-in and check-out with a code, and the hours ledger (时间银行).

mod choices;
mod hours;
mod optimistic;
mod site;

pub use crate::roster::{Placement, Roster, RosterError};
pub use choices::{Check, next_shift};
pub use hours::{
    LedgerEntry, LedgerReason, POOL_ACCOUNT, balance, credited_minutes, format_hours,
    minutes_from_hours, reminder_due, served, shift_time_label,
};
pub use optimistic::RULES;
pub use site::{EARLY_CHECK_IN_MINUTES, LATE_CHECK_OUT_MINUTES};

use serde::{Deserialize, Serialize};

use crate::Millis;
use crate::account::{is_valid_phone, normalize_phone};
use crate::roster::{Closed, Sitting};
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, optional_text, required_text};

/// Activities of a community; public.
pub const ACTIVITIES: &str = "activities";
/// Shifts of the activities, with places taken as of the last sync; public
/// (the check-in code only reaches staff).
pub const SHIFTS: &str = "shifts";
/// A volunteer's own sign-ups; staff get their community's.
pub const SIGNUPS: &str = "signups";
/// A volunteer's own profile; staff get their community's.
pub const VOLUNTEERS: &str = "volunteers";
/// A person's own time-bank entries; staff get their community's.
pub const LEDGER: &str = "ledger";

pub const FEATURE: Feature = Feature {
    name: "volunteering",
    collections: &[
        Collection {
            name: ACTIVITIES,
            since_schema: 5,
        },
        Collection {
            name: SHIFTS,
            since_schema: 5,
        },
        Collection {
            name: SIGNUPS,
            since_schema: 5,
        },
        Collection {
            name: VOLUNTEERS,
            since_schema: 5,
        },
        Collection {
            name: LEDGER,
            since_schema: 5,
        },
    ],
    mutations: &[
        SAVE_PROFILE,
        SAVE_ACTIVITY,
        SAVE_SHIFT,
        CANCEL_SHIFT,
        SIGN_UP,
        WITHDRAW,
        CHECK_IN,
        CHECK_OUT,
        MARK_NO_SHOW,
        CONFIRM_HOURS,
        ADJUST_HOURS,
        TRANSFER_HOURS,
        UNLOCK_CHECK_IN,
    ],
};

/// Mutation: fill or change a volunteer profile (own, or by staff for a resident).
pub const SAVE_PROFILE: &str = "volunteer.save_profile";
/// Mutation: create or edit an activity. Staff only.
pub const SAVE_ACTIVITY: &str = "volunteer.save_activity";
/// Mutation: create or edit a shift. Staff only.
pub const SAVE_SHIFT: &str = "volunteer.save_shift";
/// Mutation: cancel a shift; everyone signed up is told. Staff only.
pub const CANCEL_SHIFT: &str = "volunteer.cancel_shift";
/// Mutation: sign up for a shift; the server decides confirmed or waitlisted.
pub const SIGN_UP: &str = "volunteer.sign_up";
/// Mutation: "去不了": give the place up before the shift starts.
pub const WITHDRAW: &str = "volunteer.withdraw";
/// Mutation: check in at the site with the shift's code.
pub const CHECK_IN: &str = "volunteer.check_in";
/// Mutation: check out with the same code; the hours are credited.
pub const CHECK_OUT: &str = "volunteer.check_out";
/// Mutation: staff let a volunteer check in again after too many wrong codes.
pub const UNLOCK_CHECK_IN: &str = "volunteer.unlock_check_in";
/// Mutation: staff mark a confirmed volunteer who did not come.
pub const MARK_NO_SHOW: &str = "volunteer.mark_no_show";
/// Mutation: staff credit a volunteer who checked in but never checked out.
pub const CONFIRM_HOURS: &str = "volunteer.confirm_hours";
/// Mutation: staff add a correcting ledger entry, with a note.
pub const ADJUST_HOURS: &str = "timebank.adjust";
/// Mutation: give hours to a family member (same household).
pub const TRANSFER_HOURS: &str = "timebank.transfer";

pub const MAX_TITLE_CHARS: usize = 40;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_NOTE_CHARS: usize = 200;
pub const MAX_CAPACITY: u32 = 500;
/// The longest shift: a day.
pub const MAX_SHIFT_MINUTES: i64 = 24 * 60;
/// Check-in codes have this many digits (a shift stored with a shorter code before keeps it
/// for checking in; saving the shift again asks for a new one).
pub const CHECK_IN_CODE_DIGITS: usize = 6;
/// Wrong codes a sign-up may try before check-in is locked until staff unlock it.
pub const MAX_WRONG_CODES: u32 = 5;

use crate::time::MINUTE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    Medical,
    Repair,
    Teaching,
    Driving,
    Counselling,
    Language,
    /// 理发: haircuts at home for those who cannot go out (互助).
    Haircut,
}

impl Skill {
    pub const ALL: [Skill; 7] = [
        Skill::Medical,
        Skill::Repair,
        Skill::Teaching,
        Skill::Driving,
        Skill::Counselling,
        Skill::Language,
        Skill::Haircut,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Skill::Medical => "医护",
            Skill::Repair => "维修",
            Skill::Teaching => "教学",
            Skill::Driving => "驾驶",
            Skill::Counselling => "心理疏导",
            Skill::Language => "外语",
            Skill::Haircut => "理发",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    ElderCare,
    Environment,
    Civility,
    AfterSchool,
    Patrol,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::ElderCare,
        ActivityKind::Environment,
        ActivityKind::Civility,
        ActivityKind::AfterSchool,
        ActivityKind::Patrol,
        ActivityKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::ElderCare => "敬老助老",
            ActivityKind::Environment => "环境整治",
            ActivityKind::Civility => "文明劝导",
            ActivityKind::AfterSchool => "四点半课堂",
            ActivityKind::Patrol => "治安巡逻",
            ActivityKind::Other => "其他",
        }
    }
}

/// A volunteer profile: what makes a resident a volunteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolunteerProfile {
    pub user_id: String,
    /// Filled in by the server; empty on a device until it syncs.
    #[serde(default)]
    pub name: String,
    pub skills: Vec<Skill>,
    /// In the volunteer's words, e.g. "周末上午，工作日晚上".
    pub availability: String,
    pub emergency_name: String,
    pub emergency_phone: String,
}

/// Arguments of [`SAVE_PROFILE`]: the profile itself.
pub type ProfileArgs = VolunteerProfile;

impl VolunteerProfile {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.availability = self.availability.trim().to_owned();
        self.emergency_name = self.emergency_name.trim().to_owned();
        self.emergency_phone = normalize_phone(&self.emergency_phone);
        self.skills.sort();
        self.skills.dedup();
        let mut invalid = Invalid::default();
        required_text(
            &mut invalid,
            "availability",
            "有空的时间",
            &self.availability,
            MAX_PLACE_CHARS,
        );
        required_text(
            &mut invalid,
            "emergency_name",
            "紧急联系人",
            &self.emergency_name,
            20,
        );
        if !is_valid_phone(&self.emergency_phone) {
            invalid.add(
                "emergency_phone",
                "紧急联系人电话应为 11 位手机号，以 1 开头",
            );
        }
        invalid.finish().map(|()| self)
    }
}

/// An activity as devices store and show it. Its shifts are separate rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    pub title: String,
    pub description: String,
    pub place: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub skills: Vec<Skill>,
}

/// Arguments of [`SAVE_ACTIVITY`]: the activity itself (same id edits it).
pub type ActivityArgs = Activity;

impl Activity {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.title = self.title.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.place = self.place.trim().to_owned();
        self.contact_name = self.contact_name.trim().to_owned();
        self.contact_phone = self.contact_phone.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        required_text(
            &mut invalid,
            "title",
            "活动名称",
            &self.title,
            MAX_TITLE_CHARS,
        );
        optional_text(
            &mut invalid,
            "description",
            "活动介绍",
            Some(&self.description),
            MAX_DESCRIPTION_CHARS,
        );
        required_text(&mut invalid, "place", "地点", &self.place, MAX_PLACE_CHARS);
        required_text(
            &mut invalid,
            "contact_name",
            "联系人",
            &self.contact_name,
            20,
        );
        required_text(
            &mut invalid,
            "contact_phone",
            "联系电话",
            &self.contact_phone,
            20,
        );
        invalid.finish().map(|()| self)
    }
}

/// A shift as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shift {
    pub id: String,
    pub activity_id: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub capacity: u32,
    /// Places taken and people waiting, as of the last sync.
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: bool,
    /// What the shift leader shows at the site. Only staff devices get it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_code: Option<String>,
}

impl Shift {
    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.confirmed)
    }

    pub fn has_started(&self, now: Millis) -> bool {
        now >= self.starts_at
    }

    /// When it happens, as the roster rules shared with sign-ups see it.
    pub fn sitting(&self) -> Sitting {
        Sitting {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            cancelled: self.cancelled,
        }
    }

    /// Whether a sign-up at `at` is still possible (the list may be full: then it waits).
    pub fn open_for_sign_up(&self, at: Millis) -> Result<(), &'static str> {
        self.sitting().open_for_sign_up(at).map_err(|c| match c {
            Closed::Cancelled => "这个班次已经取消了",
            Closed::Started | Closed::Ended => "这个班次已经开始或结束了，不能再报名",
        })
    }
}

/// Arguments of [`SAVE_SHIFT`]. The device chooses the id and the check-in code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftArgs {
    pub id: String,
    pub activity_id: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub capacity: i64,
    pub check_in_code: String,
}

impl ShiftArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.check_in_code = self.check_in_code.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        if self.ends_at <= self.starts_at {
            invalid.add("ends_at", "结束时间要晚于开始时间");
        } else if self.ends_at - self.starts_at > MAX_SHIFT_MINUTES * MINUTE {
            invalid.add("ends_at", "一个班次最长 24 小时，请分成几个班次");
        }
        if !(1..=i64::from(MAX_CAPACITY)).contains(&self.capacity) {
            invalid.add("capacity", format!("人数应在 1 到 {MAX_CAPACITY} 之间"));
        }
        if self.check_in_code.len() != CHECK_IN_CODE_DIGITS
            || !self.check_in_code.bytes().all(|b| b.is_ascii_digit())
        {
            invalid.add("check_in_code", "签到码应为 6 位数字");
        }
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`CANCEL_SHIFT`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelShiftArgs {
    pub shift_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    /// Recorded on the device, not yet decided by the server (待确认).
    Pending,
    Confirmed,
    Waitlisted,
    /// The volunteer gave the place up (去不了).
    Withdrawn,
    /// The shift was cancelled by staff.
    ShiftCancelled,
    /// Confirmed, but did not come.
    NoShow,
}

impl SignupStatus {
    pub fn label(self) -> &'static str {
        match self {
            SignupStatus::Pending => "待确认",
            SignupStatus::Confirmed => "已确认",
            SignupStatus::Waitlisted => "候补",
            SignupStatus::Withdrawn => "已取消",
            SignupStatus::ShiftCancelled => "班次取消",
            SignupStatus::NoShow => "未到",
        }
    }

    /// Still holding a place or a waitlist position (or may, once decided).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            SignupStatus::Pending | SignupStatus::Confirmed | SignupStatus::Waitlisted
        )
    }
}

/// A sign-up as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signup {
    pub id: String,
    pub shift_id: String,
    pub user_id: String,
    #[serde(default)]
    pub user_name: String,
    pub status: SignupStatus,
    /// Place in the waitlist, from 1, while waitlisted.
    #[serde(default)]
    pub position: Option<u32>,
    pub signed_up_at: Millis,
    #[serde(default)]
    pub checked_in_at: Option<Millis>,
    #[serde(default)]
    pub checked_out_at: Option<Millis>,
    /// Minutes credited to the time bank for this shift, once credited.
    #[serde(default)]
    pub credited_minutes: Option<i64>,
    /// Too many wrong codes were tried: check-in waits until staff unlock it.
    #[serde(default)]
    pub check_in_locked: bool,
}

/// Arguments of [`SIGN_UP`]. The device chooses the sign-up's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignUpArgs {
    pub signup_id: String,
    pub shift_id: String,
    pub user_id: String,
}

/// Arguments of [`WITHDRAW`], [`MARK_NO_SHOW`], [`CONFIRM_HOURS`] and [`UNLOCK_CHECK_IN`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupRef {
    pub signup_id: String,
}

/// Arguments of [`CHECK_IN`] and [`CHECK_OUT`]; the time is the mutation's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckArgs {
    pub signup_id: String,
    pub code: String,
}

/// Arguments of [`ADJUST_HOURS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdjustArgs {
    pub entry_id: String,
    pub user_id: String,
    /// Positive adds, negative takes away.
    pub minutes: i64,
    pub note: String,
}

impl AdjustArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.note = self.note.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "entry_id", &self.entry_id);
        if self.minutes == 0 || self.minutes.abs() > 100 * 60 {
            invalid.add("minutes", "调整的时长应在 100 小时以内，且不能为 0");
        }
        required_text(&mut invalid, "note", "调整原因", &self.note, MAX_NOTE_CHARS);
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`TRANSFER_HOURS`]: hours given to a family member (same
/// household), named by their phone number, which the giver knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferArgs {
    pub entry_id: String,
    /// The giver: the caller, so the device can show the entry at once.
    pub user_id: String,
    pub to_phone: String,
    pub minutes: i64,
}

impl TransferArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.to_phone = normalize_phone(&self.to_phone);
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "entry_id", &self.entry_id);
        if !is_valid_phone(&self.to_phone) {
            invalid.add("to_phone", "请填写家人注册邻里用的 11 位手机号");
        }
        if self.minutes <= 0 {
            invalid.add("minutes", "转赠的时长要大于 0");
        }
        invalid.finish().map(|()| self)
    }
}

fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}

/// Whether two time ranges share any moment (touching ends do not clash).
pub fn overlaps(a: (Millis, Millis), b: (Millis, Millis)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The first of `others` (shifts the person is already on) that clashes with
/// `shift`: another shift, not cancelled, at an overlapping time.
pub fn find_clash<'a>(
    shift: &Shift,
    others: impl IntoIterator<Item = &'a Shift>,
) -> Option<&'a Shift> {
    others.into_iter().find(|o| {
        o.id != shift.id
            && !o.cancelled
            && overlaps((shift.starts_at, shift.ends_at), (o.starts_at, o.ends_at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 60 * MINUTE;

    fn shift(start: Millis, end: Millis) -> Shift {
        Shift {
            id: "s".into(),
            activity_id: "a".into(),
            starts_at: start,
            ends_at: end,
            capacity: 2,
            confirmed: 1,
            waitlisted: 0,
            cancelled: false,
            check_in_code: Some("482100".into()),
        }
    }

    #[test]
    fn overlap_rules() {
        let cases = [
            ((0, 2 * H), (H, 3 * H), true),
            ((0, 2 * H), (2 * H, 3 * H), false),
            ((H, 2 * H), (0, 3 * H), true),
            ((0, H), (3 * H, 4 * H), false),
            ((0, 3 * H), (H, 2 * H), true),
        ];
        for (a, b, expected) in cases {
            assert_eq!(overlaps(a, b), expected, "{a:?} {b:?}");
            assert_eq!(overlaps(b, a), expected, "{b:?} {a:?}");
        }
    }

    #[test]
    fn clashes_ignore_the_same_and_cancelled_shifts() {
        let wanted = shift(10 * H, 12 * H);
        let mut cancelled = shift(11 * H, 13 * H);
        cancelled.id = "c".into();
        cancelled.cancelled = true;
        let mut later = shift(12 * H, 14 * H);
        later.id = "l".into();
        let mut clashing = shift(9 * H, 10 * H + MINUTE);
        clashing.id = "x".into();
        let same = wanted.clone();
        assert_eq!(find_clash(&wanted, [&same, &cancelled, &later]), None);
        assert_eq!(
            find_clash(&wanted, [&later, &clashing]).map(|s| s.id.as_str()),
            Some("x")
        );
    }

    #[test]
    fn sign_up_only_before_start_and_not_cancelled() {
        let mut s = shift(10 * H, 12 * H);
        assert!(s.open_for_sign_up(9 * H).is_ok());
        assert!(s.open_for_sign_up(10 * H).is_err());
        s.cancelled = true;
        assert_eq!(s.open_for_sign_up(0), Err("这个班次已经取消了"));
        assert_eq!(shift(0, H).places_left(), 1);
    }

    #[test]
    fn shift_args_are_checked() {
        let args = |start, end, capacity, code: &str| ShiftArgs {
            id: "s1".into(),
            activity_id: "a1".into(),
            starts_at: start,
            ends_at: end,
            capacity,
            check_in_code: code.into(),
        };
        assert!(args(H, 2 * H, 10, "004217").validated().is_ok());
        // Four digits were guessed in a few dozen tries; a new or changed shift needs six.
        for short in ["0042", "00421"] {
            assert!(
                args(H, 2 * H, 10, short)
                    .validated()
                    .unwrap_err()
                    .has("check_in_code")
            );
        }
        let err = args(2 * H, H, -1, "42a").validated().unwrap_err();
        assert!(err.has("ends_at") && err.has("capacity") && err.has("check_in_code"));
        assert!(
            args(0, 25 * H, 0, "111100")
                .validated()
                .unwrap_err()
                .has("capacity")
        );
        assert!(
            args(0, 25 * H, 1, "111100")
                .validated()
                .unwrap_err()
                .has("ends_at")
        );
    }

    #[test]
    fn profile_needs_an_emergency_contact() {
        let profile = VolunteerProfile {
            user_id: "u".into(),
            name: String::new(),
            skills: vec![Skill::Medical, Skill::Medical],
            availability: " 周末上午 ".into(),
            emergency_name: "王强".into(),
            emergency_phone: "139 0000 1111".into(),
        };
        let ok = profile.clone().validated().unwrap();
        assert_eq!(ok.emergency_phone, "13900001111");
        assert_eq!(ok.skills, [Skill::Medical]);
        let bad = VolunteerProfile {
            emergency_phone: "12345".into(),
            availability: String::new(),
            ..profile
        };
        let err = bad.validated().unwrap_err();
        assert!(err.has("emergency_phone") && err.has("availability"));
    }

    #[test]
    fn adjustments_need_a_note() {
        let args = AdjustArgs {
            entry_id: "e".into(),
            user_id: "u".into(),
            minutes: -30,
            note: " ".into(),
        };
        assert!(args.clone().validated().unwrap_err().has("note"));
        let ok = AdjustArgs {
            note: "补记上周漏签".into(),
            ..args
        };
        assert!(ok.validated().is_ok());
    }
}
