//! 居民说事: matters residents raise, each followed by staff to a result.
//! A case (report) carries its deadlines, stamped from its category's promise
//! when it arrives, and a timeline of everything staff told the resident.

mod choices;
mod optimistic;
mod stats;
mod workflow;

use serde::{Deserialize, Serialize};

pub use optimistic::RULES;
pub use stats::{Figures, MonthFigures, Stats, stats};
pub use workflow::{Actor, Overdue, Step, WorkflowError, advance, overdue, property_may, urgency};

use crate::Millis;
use crate::account::{is_contact_phone, normalize_phone};
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, optional_text, required_text};

/// Synced collections: the community's categories and the cases a person may see.
pub const CATEGORIES: &str = "report_categories";
pub const REPORTS: &str = "reports";

pub const FEATURE: Feature = Feature {
    name: "reports",
    collections: &[
        Collection {
            name: CATEGORIES,
            since_schema: 6,
        },
        Collection {
            name: REPORTS,
            since_schema: 6,
        },
    ],
    mutations: &[SUBMIT, SUPPORT, ACT, RATE, REOPEN, SAVE_CATEGORY],
};

/// Mutation names.
pub const SUBMIT: &str = "report.submit";
pub const SUPPORT: &str = "report.support";
pub const ACT: &str = "report.act";
pub const RATE: &str = "report.rate";
pub const REOPEN: &str = "report.reopen";
pub const SAVE_CATEGORY: &str = "report.save_category";

pub const MAX_PHOTOS: usize = 4;
pub const MAX_DESCRIPTION_CHARS: usize = 500;
pub const MAX_NOTE_CHARS: usize = 300;
pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_UNIT_ROOM_CHARS: usize = 10;
/// The longest promise a category may make: 30 days.
pub const MAX_PROMISE_HOURS: u32 = 720;
/// How long after 已办结 the resident may say it is not fixed.
pub const REOPEN_WINDOW_MS: Millis = 7 * 24 * HOUR_MS;
/// How long closed cases stay on the community board (说事墙).
pub const BOARD_CLOSED_DAYS: i64 = 30;

pub(crate) const HOUR_MS: Millis = 60 * 60_000;

/// A kind of matter, with what the community promises for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Accepted (受理) within this many hours of arriving.
    pub respond_hours: u32,
    /// Resolved (办结) within this many hours of arriving.
    pub resolve_hours: u32,
    /// Order in pickers.
    pub position: u32,
    /// No longer offered for new cases; the cases filed under it keep its name.
    #[serde(default)]
    pub retired: bool,
}

impl Category {
    /// What the resident is told before sending.
    pub fn promise(&self) -> String {
        format!(
            "我们将在 {}内受理，一般 {}内办好",
            hours_label(self.respond_hours),
            hours_label(self.resolve_hours)
        )
    }

    /// When a case arriving at `at` is to be accepted by.
    pub fn respond_by(&self, at: Millis) -> Millis {
        at + i64::from(self.respond_hours) * HOUR_MS
    }

    /// When a case arriving (or reopened) at `at` is to be resolved by.
    pub fn resolve_by(&self, at: Millis) -> Millis {
        at + i64::from(self.resolve_hours) * HOUR_MS
    }

    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.name = self.name.trim().to_owned();
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        required_text(&mut invalid, "name", "类别名称", &self.name, 10);
        for (field, value) in [
            ("respond_hours", self.respond_hours),
            ("resolve_hours", self.resolve_hours),
        ] {
            if value == 0 || value > MAX_PROMISE_HOURS {
                invalid.add(field, "时限应在 1 小时到 30 天之间");
            }
        }
        if self.resolve_hours < self.respond_hours && !invalid.has("resolve_hours") {
            invalid.add("resolve_hours", "办结时限不能短于受理时限");
        }
        invalid.finish().map(|()| self)
    }
}

/// "24 小时", "3 天": two or more whole days read as days.
pub fn hours_label(hours: u32) -> String {
    if hours >= 48 && hours.is_multiple_of(24) {
        format!("{} 天", hours / 24)
    } else {
        format!("{hours} 小时")
    }
}

/// The categories every community starts with; staff change the times.
pub fn default_categories() -> Vec<Category> {
    [
        ("repair", "设施维修", 24, 72),
        ("sanitation", "环境卫生", 24, 48),
        ("property", "物业服务", 24, 72),
        ("parking", "停车交通", 24, 120),
        ("noise", "噪音扰民", 12, 48),
        ("dispute", "邻里纠纷", 24, 168),
        ("safety", "治安安全", 2, 24),
        ("suggestion", "意见建议", 72, 240),
        ("other", "其他", 48, 168),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (id, name, respond, resolve))| Category {
        id: id.to_owned(),
        name: name.to_owned(),
        respond_hours: respond,
        resolve_hours: resolve,
        position: i as u32,
        retired: false,
    })
    .collect()
}

/// How a case reached the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    App,
    /// Staff filed it for a resident who phoned (代办).
    Phone,
    /// Staff filed it for a resident who came in (代办).
    Visit,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::App => "手机提交",
            Channel::Phone => "电话反映",
            Channel::Visit => "上门反映",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Submitted,
    Accepted,
    InProgress,
    Resolved,
    /// Closed without being fixed, with a reason.
    ClosedUnresolved,
    /// The same matter as another case, which the reporter now follows.
    Duplicate,
}

impl CaseState {
    pub const ALL: [CaseState; 6] = [
        CaseState::Submitted,
        CaseState::Accepted,
        CaseState::InProgress,
        CaseState::Resolved,
        CaseState::ClosedUnresolved,
        CaseState::Duplicate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CaseState::Submitted => "已提交",
            CaseState::Accepted => "已受理",
            CaseState::InProgress => "处理中",
            CaseState::Resolved => "已办结",
            CaseState::ClosedUnresolved => "未解决关闭",
            CaseState::Duplicate => "重复",
        }
    }

    /// Still waiting for a result.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseState::Submitted | CaseState::Accepted | CaseState::InProgress
        )
    }
}

/// Who handles a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Assignee {
    /// A grid worker (网格员) of the community.
    GridWorker { user_id: String, name: String },
    /// The property management company (物业).
    Property,
}

impl Assignee {
    pub fn label(&self) -> String {
        match self {
            Assignee::GridWorker { name, .. } => format!("网格员 {name}"),
            Assignee::Property => "物业公司".to_owned(),
        }
    }
}

/// A point from the device's location, if the resident chose to add it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lng: f64,
}

/// Staff filing a case for a resident (代办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalf {
    /// The resident's account, when they have one: the case is then theirs to follow.
    #[serde(default)]
    pub resident_id: Option<String>,
    pub name: String,
    pub channel: Channel,
}

/// `report.submit`: a new case. Its id is the draft's, so sending a draft
/// twice files one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitArgs {
    pub id: String,
    pub category_id: String,
    pub description: String,
    #[serde(default)]
    pub building_id: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub room: Option<String>,
    /// Free text where the building picker does not fit ("小区东门").
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub geo: Option<GeoPoint>,
    /// Ids of photos uploaded as blobs.
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub on_behalf: Option<OnBehalf>,
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl SubmitArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.description = self.description.trim().to_owned();
        self.building_id = clean(self.building_id);
        self.unit = clean(self.unit);
        self.room = clean(self.room);
        self.place = clean(self.place);
        self.contact_phone = clean(self.contact_phone).map(|p| normalize_phone(&p));
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        if self.category_id.trim().is_empty() {
            invalid.add("category_id", "请选择是哪一类事");
        }
        if self.description.is_empty() {
            invalid.add("description", "请说一说是什么事");
        } else if char_len(&self.description) > MAX_DESCRIPTION_CHARS {
            invalid.add(
                "description",
                format!("情况说明不能超过 {MAX_DESCRIPTION_CHARS} 个字"),
            );
        }
        if self.building_id.is_none() && self.place.is_none() {
            invalid.add("building_id", "请选择楼栋，或写明在哪里");
        }
        optional_text(
            &mut invalid,
            "unit",
            "单元",
            self.unit.as_deref(),
            MAX_UNIT_ROOM_CHARS,
        );
        optional_text(
            &mut invalid,
            "room",
            "房号",
            self.room.as_deref(),
            MAX_UNIT_ROOM_CHARS,
        );
        optional_text(
            &mut invalid,
            "place",
            "地点",
            self.place.as_deref(),
            MAX_PLACE_CHARS,
        );
        if let Some(geo) = self.geo
            && !((-90.0..=90.0).contains(&geo.lat) && (-180.0..=180.0).contains(&geo.lng))
        {
            invalid.add("geo", "位置无效，请重新获取");
        }
        if self.photos.len() > MAX_PHOTOS {
            invalid.add("photos", format!("最多附 {MAX_PHOTOS} 张照片"));
        }
        if self
            .photos
            .iter()
            .any(|p| uuid::Uuid::parse_str(p).is_err())
        {
            invalid.add("photos", "照片编号无效，请重新选择照片");
        }
        if let Some(phone) = &self.contact_phone
            && !is_contact_phone(phone)
        {
            invalid.add("contact_phone", "联系电话应为手机号或座机号");
        }
        if let Some(behalf) = &mut self.on_behalf {
            behalf.name = behalf.name.trim().to_owned();
            required_text(&mut invalid, "on_behalf.name", "居民称呼", &behalf.name, 20);
            if behalf.channel == Channel::App {
                invalid.add("on_behalf.channel", "请选择居民是打电话还是上门反映的");
            }
            if self.contact_phone.is_none() && !invalid.has("contact_phone") {
                invalid.add("contact_phone", "代办时请留下居民的联系电话");
            }
        }
        invalid.finish().map(|()| self)
    }
}

/// `report.support`: "我也遇到" — the person has the same problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportArgs {
    pub report_id: String,
}

/// What staff do to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    Accept,
    Start,
    Resolve,
    CloseUnresolved,
    MarkDuplicate {
        of: String,
    },
    Assign {
        to: Assignee,
    },
    /// A note on the timeline without a change of state.
    Reply,
}

impl Action {
    pub fn step(&self) -> Step {
        match self {
            Action::Accept => Step::Accept,
            Action::Start => Step::Start,
            Action::Resolve => Step::Resolve,
            Action::CloseUnresolved => Step::CloseUnresolved,
            Action::MarkDuplicate { .. } => Step::MarkDuplicate,
            Action::Assign { .. } => Step::Assign,
            Action::Reply => Step::Reply,
        }
    }
}

/// `report.act`: staff move a case on, always with a note the resident reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActArgs {
    pub report_id: String,
    pub action: Action,
    pub note: String,
}

impl ActArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.note = self.note.trim().to_owned();
        let mut invalid = Invalid::default();
        let label = if self.action == Action::CloseUnresolved {
            "没能解决的原因"
        } else {
            "给居民的说明"
        };
        required_text(&mut invalid, "note", label, &self.note, MAX_NOTE_CHARS);
        if let Action::MarkDuplicate { of } = &self.action
            && (of.trim().is_empty() || *of == self.report_id)
        {
            invalid.add("of", "请选择与哪一件事重复");
        }
        invalid.finish().map(|()| self)
    }
}

/// `report.rate`: 满意度 after a case is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateArgs {
    pub report_id: String,
    pub stars: u8,
    #[serde(default)]
    pub comment: String,
}

impl RateArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.comment = self.comment.trim().to_owned();
        let mut invalid = Invalid::default();
        if !(1..=5).contains(&self.stars) {
            invalid.add("stars", "请选 1 到 5 颗星");
        }
        optional_text(
            &mut invalid,
            "comment",
            "评价",
            Some(&self.comment),
            MAX_NOTE_CHARS,
        );
        invalid.finish().map(|()| self)
    }
}

/// `report.reopen`: "还没解决", within [`REOPEN_WINDOW_MS`] of 已办结.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReopenArgs {
    pub report_id: String,
    pub reason: String,
}

impl ReopenArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.reason = self.reason.trim().to_owned();
        let mut invalid = Invalid::default();
        required_text(
            &mut invalid,
            "reason",
            "还没解决的地方",
            &self.reason,
            MAX_NOTE_CHARS,
        );
        invalid.finish().map(|()| self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Submitted,
    Accepted,
    Started,
    Resolved,
    ClosedUnresolved,
    MarkedDuplicate,
    Assigned,
    Replied,
    Reopened,
    Rated,
}

impl EventKind {
    /// The heading of a timeline entry, in plain words.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Submitted => "已提交",
            EventKind::Accepted => "社区已受理",
            EventKind::Started => "正在处理",
            EventKind::Resolved => "已办结",
            EventKind::ClosedUnresolved => "未能解决，已关闭",
            EventKind::MarkedDuplicate => "与另一件事合并跟进",
            EventKind::Assigned => "已交给专人处理",
            EventKind::Replied => "社区回复",
            EventKind::Reopened => "居民反映还没解决",
            EventKind::Rated => "居民评价",
        }
    }
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: Millis,
    pub kind: EventKind,
    pub note: String,
    pub by_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub stars: u8,
    pub comment: String,
}

/// A case as a device sees it. What the viewer may not see is left out by the
/// server: the reporter of an anonymous case, and contact details of anyone
/// else's case (unless the viewer handles it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub category_id: String,
    pub category_name: String,
    pub description: String,
    pub building_id: Option<String>,
    pub building_name: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
    pub place: Option<String>,
    pub geo: Option<GeoPoint>,
    pub photos: Vec<String>,
    pub anonymous: bool,
    /// `None` when hidden from the viewer.
    pub reporter_id: Option<String>,
    /// "匿名居民" when hidden from the viewer.
    pub reporter_name: String,
    pub contact_phone: Option<String>,
    pub channel: Channel,
    /// The staff member who filed it for the resident (代办).
    pub filed_by_name: Option<String>,
    pub state: CaseState,
    pub assignee: Option<Assignee>,
    pub duplicate_of: Option<String>,
    pub supporters: u32,
    /// The viewer reported it.
    pub mine: bool,
    /// The viewer said "我也遇到" (or filed a duplicate of it).
    pub me_too: bool,
    /// The viewer may see contacts and move the case on.
    pub handles: bool,
    pub created_at: Millis,
    pub respond_by: Millis,
    pub resolve_by: Millis,
    pub accepted_at: Option<Millis>,
    pub resolved_at: Option<Millis>,
    pub closed_at: Option<Millis>,
    pub rating: Option<Rating>,
    pub timeline: Vec<Event>,
}

/// Who raised a new case, as the people following it see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Raiser {
    pub reporter_id: Option<String>,
    pub reporter_name: String,
    pub channel: Channel,
    /// The staff member who filed it for the resident (代办).
    pub filed_by_name: Option<String>,
}

impl Report {
    /// A case as it is filed at `at`: 已提交, with the category's promised times, an
    /// empty timeline, and nothing yet about the viewer.
    pub fn filed(a: SubmitArgs, category: &Category, raiser: Raiser, at: Millis) -> Self {
        Self {
            id: a.id,
            category_id: category.id.clone(),
            category_name: category.name.clone(),
            description: a.description,
            building_id: a.building_id,
            building_name: None,
            unit: a.unit,
            room: a.room,
            place: a.place,
            geo: a.geo,
            photos: a.photos,
            anonymous: a.anonymous,
            reporter_id: raiser.reporter_id,
            reporter_name: raiser.reporter_name,
            contact_phone: a.contact_phone,
            channel: raiser.channel,
            filed_by_name: raiser.filed_by_name,
            state: CaseState::Submitted,
            assignee: None,
            duplicate_of: None,
            supporters: 0,
            mine: false,
            me_too: false,
            handles: false,
            created_at: at,
            respond_by: category.respond_by(at),
            resolve_by: category.resolve_by(at),
            accepted_at: None,
            resolved_at: None,
            closed_at: None,
            rating: None,
            timeline: Vec::new(),
        }
    }

    /// "3栋2单元301" or the free-text place.
    pub fn location_label(&self) -> String {
        let mut label = self.building_name.clone().unwrap_or_default();
        if let Some(unit) = &self.unit {
            label.push_str(unit);
            if !unit.ends_with('单') && !unit.ends_with("单元") {
                label.push_str("单元");
            }
        }
        if let Some(room) = &self.room {
            label.push_str(room);
        }
        match &self.place {
            Some(place) if label.is_empty() => place.clone(),
            Some(place) => format!("{label}（{place}）"),
            None => label,
        }
    }

    /// Whether the community board shows it: open, or closed within the last month.
    pub fn on_board(&self, now: Millis) -> bool {
        self.state != CaseState::Duplicate
            && (self.state.is_open()
                || self
                    .closed_at
                    .is_some_and(|at| now - at <= BOARD_CLOSED_DAYS * 24 * HOUR_MS))
    }
}

/// Open cases of the same category and building: offered as "我也遇到"
/// before a resident files the same thing again.
pub fn similar<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    category_id: &str,
    building_id: &str,
) -> Vec<&'a Report> {
    let mut found: Vec<&Report> = reports
        .into_iter()
        .filter(|r| {
            r.state.is_open()
                && !r.mine
                && r.category_id == category_id
                && r.building_id.as_deref() == Some(building_id)
        })
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.supporters));
    found
}

fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Edit = fn(&mut SubmitArgs);

    /// A report as a resident files it.
    pub(super) fn submit() -> SubmitArgs {
        SubmitArgs {
            id: "00000000-0000-4000-8000-000000000001".into(),
            category_id: "repair".into(),
            description: " 3栋2单元楼道灯坏了 ".into(),
            building_id: Some("b3".into()),
            unit: Some("2".into()),
            room: None,
            place: Some("  ".into()),
            geo: None,
            photos: vec![],
            anonymous: false,
            contact_phone: Some("138 0000 0004".into()),
            on_behalf: None,
        }
    }

    #[test]
    fn a_report_is_tidied_and_checked() {
        let ok = submit().validated().unwrap();
        assert_eq!(ok.description, "3栋2单元楼道灯坏了");
        assert_eq!(ok.place, None);
        assert_eq!(ok.contact_phone.as_deref(), Some("13800000004"));

        let cases: [(Edit, &str); 9] = [
            (|a| a.description = "  ".into(), "description"),
            (
                |a| a.description = "字".repeat(MAX_DESCRIPTION_CHARS + 1),
                "description",
            ),
            (|a| a.building_id = None, "building_id"),
            (
                |a| a.photos = vec![uuid::Uuid::nil().to_string(); 5],
                "photos",
            ),
            (|a| a.photos = vec!["../etc".into()], "photos"),
            (
                |a| a.contact_phone = Some("call me".into()),
                "contact_phone",
            ),
            (
                |a| {
                    a.geo = Some(GeoPoint {
                        lat: 120.0,
                        lng: 30.0,
                    })
                },
                "geo",
            ),
            (
                |a| {
                    a.contact_phone = None;
                    a.on_behalf = Some(OnBehalf {
                        resident_id: None,
                        name: "王阿姨".into(),
                        channel: Channel::Phone,
                    });
                },
                "contact_phone",
            ),
            (|a| a.category_id = String::new(), "category_id"),
        ];
        for (change, field) in cases {
            let mut args = submit();
            change(&mut args);
            let err = args.validated().unwrap_err();
            assert!(err.has(field), "{field}: {err:?}");
        }
        let mut landline = submit();
        landline.contact_phone = Some("027-8765-4321".into());
        assert!(landline.validated().is_ok());
    }

    #[test]
    fn categories_promise_in_plain_words() {
        let repair = &default_categories()[0];
        assert_eq!(repair.promise(), "我们将在 24 小时内受理，一般 3 天内办好");
        let safety = default_categories()
            .into_iter()
            .find(|c| c.id == "safety")
            .unwrap();
        assert_eq!(
            safety.promise(),
            "我们将在 2 小时内受理，一般 24 小时内办好"
        );
        let mut bad = repair.clone();
        bad.respond_hours = 48;
        bad.resolve_hours = 24;
        assert!(bad.clone().validated().unwrap_err().has("resolve_hours"));
        bad.respond_hours = 0;
        assert!(bad.validated().unwrap_err().has("respond_hours"));
    }

    #[test]
    fn staff_notes_are_required() {
        let act = |action| ActArgs {
            report_id: "r1".into(),
            action,
            note: " ".into(),
        };
        assert!(act(Action::Accept).validated().unwrap_err().has("note"));
        let err = act(Action::CloseUnresolved).validated().unwrap_err();
        assert_eq!(err.fields[0].message, "请填写没能解决的原因");
        let mut dup = act(Action::MarkDuplicate { of: "r1".into() });
        dup.note = "同一件事".into();
        assert!(dup.validated().unwrap_err().has("of"));
    }
}
