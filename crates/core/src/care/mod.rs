//! 网格 care register (一户一表) and household visits (入户走访): one record per flat with
//! its people and care tags, the rhythm at which each household is called and visited,
//! and the contacts staff and 楼栋长 log at the door, offline too.
//!
//! Who sees what is a rule of its own ([`Sight`]): the household's 网格员 the whole record;
//! a 楼栋长, and the community's staff on their devices, only names, flat and the tags a
//! neighbour may know; the residents of the household their members and emergency
//! contact. The server projects every row it sends through [`Household::seen_as`], so a
//! device never receives what its account may not see.

mod entitlements;
pub mod export;
pub mod import;
mod month;
mod optimistic;
mod rhythm;
mod today;
mod welfare;

use serde::{Deserialize, Serialize};

pub use entitlements::{Entitlement, entitlements};
pub use month::Month;
pub use optimistic::{HELP_CATEGORY, RULES, help_submission};
pub use rhythm::{
    Day, Period, Rhythm, RhythmRule, Unit, add_period, day_label, day_of, default_rhythms,
    rhythm_for,
};
pub use today::{DueItem, Flag, flags, floor, today_list};
pub use welfare::{WELFARE_CHECK_DAYS, WelfareCheck, call_list, welfare_checks};

use crate::Millis;
use crate::access::{Reach, Standing, Target};
use crate::account::{Role, is_contact_phone, normalize_phone};
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, optional_text, required_text};

/// Synced collections: households (each as the viewer may see it), their contacts
/// (visits and calls) for the household's 网格员, and the community's rhythms.
pub const HOUSEHOLDS: &str = "care_households";
pub const VISITS: &str = "care_visits";
pub const RHYTHMS: &str = "care_rhythms";

pub const FEATURE: Feature = Feature {
    name: "care",
    collections: &[
        Collection {
            name: HOUSEHOLDS,
            since_schema: 9,
        },
        Collection {
            name: VISITS,
            since_schema: 9,
        },
        Collection {
            name: RHYTHMS,
            since_schema: 9,
        },
    ],
    mutations: &[
        SAVE_HOUSEHOLD,
        SET_TAGS,
        CORRECT_HOUSEHOLD,
        LOG_CONTACT,
        SAVE_RHYTHM,
    ],
};

/// Mutation names.
pub const SAVE_HOUSEHOLD: &str = "care.save_household";
pub const SET_TAGS: &str = "care.set_tags";
pub const CORRECT_HOUSEHOLD: &str = "care.correct_household";
pub const LOG_CONTACT: &str = "care.log_contact";
pub const SAVE_RHYTHM: &str = "care.save_rhythm";

pub const MAX_MEMBERS: usize = 20;
pub const MAX_NAME_CHARS: usize = 20;
pub const MAX_RELATION_CHARS: usize = 10;
pub const MAX_NOTE_CHARS: usize = 300;
pub const MAX_OTHER_TAG_CHARS: usize = 20;
/// 高龄: aged 80 or more in the current year.
pub const AGED_FROM: i64 = 80;
const EARLIEST_BIRTH_YEAR: i64 = 1900;

/// One person of a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Not for a 楼栋长's eyes: `None` in what they receive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 户主, 配偶, 子女… in the household's own words.
    #[serde(default)]
    pub relation: String,
    /// Whether they live in the flat (a child working elsewhere does not).
    pub lives_here: bool,
}

/// Whom to call when the household cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergencyContact {
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub relation: String,
}

/// A care tag staff give a household. 高龄 is not given: it follows from birth years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tag {
    /// 独居.
    Alone,
    /// 空巢: elderly people whose children live elsewhere.
    EmptyNest,
    /// 失能 (`partial`: 半失能).
    Incapacitated { partial: bool },
    /// 残疾, with the grade of the certificate (1–4) when known to the viewer.
    Disability {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        grade: Option<u8>,
    },
    /// 低保, with the month of its next review (复核, "2027-03") when staff keep it.
    Dibao {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review: Option<String>,
    },
    /// 低边.
    Dibian,
    /// 优抚 (军烈属 and others entitled to special care).
    Youfu,
    /// 留守儿童.
    LeftBehindChild,
    /// 其他, in staff's words.
    Other { text: String },
}

/// What a tag is, without its details: what rhythms are given for, and what lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    Alone,
    EmptyNest,
    Aged,
    Incapacitated,
    Disability,
    Dibao,
    Dibian,
    Youfu,
    LeftBehindChild,
    Other,
}

impl TagKind {
    pub const ALL: [TagKind; 10] = [
        TagKind::Alone,
        TagKind::EmptyNest,
        TagKind::Aged,
        TagKind::Incapacitated,
        TagKind::Disability,
        TagKind::Dibao,
        TagKind::Dibian,
        TagKind::Youfu,
        TagKind::LeftBehindChild,
        TagKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TagKind::Alone => "独居",
            TagKind::EmptyNest => "空巢",
            TagKind::Aged => "高龄",
            TagKind::Incapacitated => "失能",
            TagKind::Disability => "残疾",
            TagKind::Dibao => "低保",
            TagKind::Dibian => "低边",
            TagKind::Youfu => "优抚",
            TagKind::LeftBehindChild => "留守儿童",
            TagKind::Other => "其他",
        }
    }

    /// Allowance status (低保, 低边) is not for a 楼栋长's eyes.
    pub fn is_allowance(self) -> bool {
        matches!(self, TagKind::Dibao | TagKind::Dibian)
    }
}

impl Tag {
    pub fn kind(&self) -> TagKind {
        match self {
            Tag::Alone => TagKind::Alone,
            Tag::EmptyNest => TagKind::EmptyNest,
            Tag::Incapacitated { .. } => TagKind::Incapacitated,
            Tag::Disability { .. } => TagKind::Disability,
            Tag::Dibao { .. } => TagKind::Dibao,
            Tag::Dibian => TagKind::Dibian,
            Tag::Youfu => TagKind::Youfu,
            Tag::LeftBehindChild => TagKind::LeftBehindChild,
            Tag::Other { .. } => TagKind::Other,
        }
    }

    /// "半失能", "残疾二级", "低保（2027年3月复核）", "其他：行动不便".
    pub fn label(&self) -> String {
        match self {
            Tag::Dibao {
                review: Some(review),
            } => match Month::parse(review) {
                Some(m) => format!("低保（{}复核）", m.label()),
                None => "低保".to_owned(),
            },
            Tag::Incapacitated { partial: true } => "半失能".to_owned(),
            Tag::Disability { grade: Some(g) } => {
                let grade = ["一", "二", "三", "四"].get(usize::from(*g).wrapping_sub(1));
                format!("残疾{}级", grade.unwrap_or(&"?"))
            }
            Tag::Other { text } => format!("其他：{text}"),
            tag => tag.kind().label().to_owned(),
        }
    }
}

/// How a contact was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// 上门.
    Visit,
    /// 电话.
    Call,
}

impl ContactKind {
    pub fn label(self) -> &'static str {
        match self {
            ContactKind::Visit => "上门",
            ContactKind::Call => "电话",
        }
    }
}

/// What the contact found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 正常.
    Normal,
    /// 需要帮助: a 说事 case is filed on the household's behalf.
    NeedsHelp,
    /// 没见到人 (or nobody answered the phone).
    NotSeen,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Normal => "正常",
            Outcome::NeedsHelp => "需要帮助",
            Outcome::NotSeen => "没见到人",
        }
    }

    /// Whether somebody was reached: only then is the call or visit done.
    pub fn reached(self) -> bool {
        self != Outcome::NotSeen
    }
}

/// How much of a household a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sight {
    /// The household's 网格员 (and staff reading one record online, audited).
    Full,
    /// A 楼栋长 of the building, and staff's lists: names, flat, tags other than allowance
    /// status, without birth years, grades, phones or the emergency contact.
    Summary,
    /// The household's own residents: members and emergency contact, no tags.
    Own,
}

/// When the household was last reached, and how often in a row it was not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contacts {
    /// The last visit that reached someone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_visit_at: Option<Millis>,
    /// The last call or visit that reached someone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reached_at: Option<Millis>,
    /// The last try of any outcome (a 没见到人 today shows on the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_try_at: Option<Millis>,
    /// 没见到人 this many times in a row.
    #[serde(default)]
    pub missed_in_row: u32,
}

impl Contacts {
    /// The contacts after one more of `kind` with `outcome` at `at`.
    pub fn after(mut self, kind: ContactKind, outcome: Outcome, at: Millis) -> Self {
        let later = |old: Option<Millis>| Some(old.map_or(at, |o| o.max(at)));
        self.last_try_at = later(self.last_try_at);
        if outcome.reached() {
            self.missed_in_row = 0;
            self.last_reached_at = later(self.last_reached_at);
            if kind == ContactKind::Visit {
                self.last_visit_at = later(self.last_visit_at);
            }
        } else {
            self.missed_in_row += 1;
        }
        self
    }
}

/// One household (户) of the register, by flat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Household {
    pub id: String,
    pub building_id: String,
    /// "3栋", filled in by the server.
    #[serde(default)]
    pub building_name: String,
    pub unit: String,
    pub room: String,
    pub members: Vec<Member>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<EmergencyContact>,
    /// Given tags (none for a household's own residents).
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Every tag kind, 高龄 included as of the year the row was made (a 楼栋长 cannot work
    /// it out without birth years).
    #[serde(default)]
    pub kinds: Vec<TagKind>,
    /// The rhythm the community's rules give these tags.
    #[serde(default)]
    pub rhythm: Rhythm,
    #[serde(default)]
    pub contacts: Contacts,
    /// When the household entered the register: it is due from then.
    pub registered_at: Millis,
    #[serde(default)]
    pub note: String,
    #[serde(default = "full")]
    pub sight: Sight,
}

fn full() -> Sight {
    Sight::Full
}

/// How far an account keeps the register (creates households, edits them, sets tags):
/// a 网格员 their grid, 社区工作者 and admins the community.
pub fn register_reach(role: Role) -> Reach {
    match role {
        Role::GridWorker => Reach::Grid,
        Role::CommunityWorker | Role::Admin => Reach::Community,
        _ => Reach::Nowhere,
    }
}

/// How far an account's visit and call lists reach, and where it logs contacts: a 楼栋长
/// their building, besides those who keep the register.
pub fn list_reach(role: Role) -> Reach {
    match role {
        Role::BuildingHead => Reach::Building,
        role => register_reach(role),
    }
}

/// Who may change the community's rhythms.
pub fn may_set_rhythms(role: Role) -> bool {
    register_reach(role) == Reach::Community
}

/// What an account standing at `standing` sees of a household in `building_id` on its
/// device (`own`: the account lives there). The household's 网格员 sees it whole; 社区工作者
/// and admins, and the building's 楼栋长, its summary (staff read a whole record only
/// online, and that read is audited); its residents their own members and contact.
pub fn sight_of(
    role: Role,
    standing: &Standing<'_>,
    building_id: &str,
    own: bool,
) -> Option<Sight> {
    let target = Target::Building(Some(building_id));
    match list_reach(role) {
        Reach::Grid if Reach::Grid.covers(standing, target) => Some(Sight::Full),
        Reach::Community => Some(Sight::Summary),
        Reach::Building if Reach::Building.covers(standing, target) && !own => Some(Sight::Summary),
        _ if own => Some(Sight::Own),
        _ => None,
    }
}

/// Refusals of the register, in the person's words.
pub const NOT_KEEPER: &str = "只有网格员和社区工作者可以登记和修改一户一表";
pub const NOT_LISTED: &str = "只有网格员、楼栋长和社区工作者可以登记走访";
pub const NOT_OWN: &str = "只能修改自己家的成员和紧急联系人";
pub const NOT_RHYTHM_SETTER: &str = "只有社区工作者可以修改走访的频次";

/// A unit as the register keeps it: "2单元" is "2".
pub fn unit_number(unit: &str) -> &str {
    unit.trim().trim_end_matches("单元").trim()
}

/// The China-time year of a moment.
pub fn china_year(at: Millis) -> i64 {
    crate::time::china_clock(at).0
}

impl Household {
    /// "3栋 2单元 301".
    pub fn flat(&self) -> String {
        format!("{} {}单元 {}", self.building_name, self.unit, self.room)
    }

    /// Every tag kind, with 高龄 when someone living here is 80 or more in `year`.
    pub fn kinds_in(&self, year: i64) -> Vec<TagKind> {
        let mut kinds: Vec<TagKind> = self.tags.iter().map(Tag::kind).collect();
        let aged = self
            .members
            .iter()
            .any(|m| m.lives_here && m.birth_year.is_some_and(|born| year - born >= AGED_FROM));
        if aged {
            kinds.push(TagKind::Aged);
        }
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }

    /// Works out the kinds and the rhythm from the tags, members and the community's rules.
    pub fn derive(&mut self, rules: &[RhythmRule], at: Millis) {
        self.kinds = self.kinds_in(china_year(at));
        self.rhythm = rhythm_for(rules, &self.kinds);
    }

    /// The household as a viewer with `sight` may see it: what is left out never leaves
    /// the server.
    pub fn seen_as(mut self, sight: Sight) -> Household {
        self.sight = sight;
        match sight {
            Sight::Full => {}
            Sight::Summary => {
                for m in &mut self.members {
                    m.birth_year = None;
                    m.phone = None;
                }
                self.members.retain(|m| m.lives_here);
                self.emergency = None;
                self.note.clear();
                self.tags.retain(|t| !t.kind().is_allowance());
                for t in &mut self.tags {
                    match t {
                        Tag::Disability { grade } => *grade = None,
                        // Free text may say anything; the kind is enough.
                        Tag::Other { text } => text.clear(),
                        _ => {}
                    }
                }
                self.kinds.retain(|k| !k.is_allowance());
            }
            Sight::Own => {
                self.tags.clear();
                self.kinds.clear();
                self.note.clear();
                self.rhythm = Rhythm::default();
                self.contacts = Contacts::default();
            }
        }
        self
    }

    /// Whether a person whose address is `building_id`, `unit` ("2" or "2单元") and `room`
    /// lives in this household.
    pub fn is_at(&self, building_id: &str, unit: &str, room: &str) -> bool {
        self.building_id == building_id
            && self.unit == unit_number(unit)
            && self.room == room.trim()
    }

    /// The first phone of someone living here, else the emergency contact's.
    pub fn contact_phone(&self) -> Option<&str> {
        self.members
            .iter()
            .filter(|m| m.lives_here)
            .find_map(|m| m.phone.as_deref())
            .or(self.emergency.as_ref().map(|e| e.phone.as_str()))
    }

    /// The name a case filed for the household goes by: its first member living here.
    pub fn main_name(&self) -> &str {
        self.members
            .iter()
            .find(|m| m.lives_here)
            .or(self.members.first())
            .map_or("", |m| m.name.as_str())
    }
}

/// One contact with a household, as its 网格员 sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    pub id: String,
    pub household_id: String,
    pub kind: ContactKind,
    pub outcome: Outcome,
    #[serde(default)]
    pub note: String,
    pub at: Millis,
    pub by_name: String,
    /// The 说事 case filed for 需要帮助.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
}

/// `GET /api/care/households/{id}`: one household as the caller may see it, with its
/// contacts (newest first) when the caller sees it whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdRecord {
    pub household: Household,
    pub visits: Vec<Visit>,
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}

fn check_phone(invalid: &mut Invalid, field: &str, phone: &mut String) {
    *phone = normalize_phone(phone.trim());
    if !is_contact_phone(phone) {
        invalid.add(field, "电话应为手机号或座机号");
    }
}

/// Checks the members and emergency contact of a household, as staff and its residents
/// enter them, in `year` (no one is born later).
fn check_people(
    invalid: &mut Invalid,
    members: &mut [Member],
    emergency: &mut Option<EmergencyContact>,
    year: i64,
) {
    if members.is_empty() {
        invalid.add("members", "请至少填写一位家庭成员");
    } else if members.len() > MAX_MEMBERS {
        invalid.add("members", format!("一户最多 {MAX_MEMBERS} 位成员"));
    }
    for (i, m) in members.iter_mut().enumerate() {
        let at = |part: &str| format!("members.{i}.{part}");
        m.name = m.name.trim().to_owned();
        m.relation = m.relation.trim().to_owned();
        check_id(invalid, &at("id"), &m.id);
        required_text(invalid, &at("name"), "姓名", &m.name, MAX_NAME_CHARS);
        optional_text(
            invalid,
            &at("relation"),
            "与户主关系",
            Some(&m.relation),
            MAX_RELATION_CHARS,
        );
        if let Some(born) = m.birth_year
            && !(EARLIEST_BIRTH_YEAR..=year).contains(&born)
        {
            invalid.add(
                &at("birth_year"),
                format!("出生年份应在 {EARLIEST_BIRTH_YEAR} 到 {year} 年之间"),
            );
        }
        m.phone = clean(m.phone.take());
        if let Some(phone) = &mut m.phone {
            check_phone(invalid, &at("phone"), phone);
        }
    }
    let ids: std::collections::BTreeSet<&str> = members.iter().map(|m| m.id.as_str()).collect();
    if ids.len() != members.len() {
        invalid.add("members", "成员编号重复，请刷新页面后重试");
    }
    if let Some(e) = emergency {
        e.name = e.name.trim().to_owned();
        e.relation = e.relation.trim().to_owned();
        required_text(
            invalid,
            "emergency.name",
            "紧急联系人姓名",
            &e.name,
            MAX_NAME_CHARS,
        );
        check_phone(invalid, "emergency.phone", &mut e.phone);
        optional_text(
            invalid,
            "emergency.relation",
            "与居民关系",
            Some(&e.relation),
            MAX_RELATION_CHARS,
        );
    }
}

/// Checks care tags: each kind once, grades 1–4, 其他 with a few words.
fn check_tags(invalid: &mut Invalid, tags: &mut [Tag]) {
    let mut kinds: Vec<TagKind> = tags.iter().map(Tag::kind).collect();
    kinds.sort_unstable();
    let len = kinds.len();
    kinds.dedup();
    if kinds.len() != len {
        invalid.add("tags", "同一个标签只能选一次");
    }
    for tag in tags {
        match tag {
            Tag::Disability { grade: Some(g) } if !(1..=4).contains(g) => {
                invalid.add("tags", "残疾等级应为一到四级");
            }
            Tag::Other { text } => {
                *text = text.trim().to_owned();
                required_text(invalid, "tags", "其他标签的说明", text, MAX_OTHER_TAG_CHARS);
            }
            Tag::Dibao { review } => {
                let typed = review.take().filter(|r| !r.trim().is_empty());
                match typed.as_deref().map(Month::parse) {
                    Some(None) => invalid.add("tags", "低保复核月份请写成 2027-03 这样"),
                    month => *review = month.flatten().map(Month::text),
                }
            }
            _ => {}
        }
    }
}

/// `care.save_household`: staff create a household or change its flat, members,
/// emergency contact and note (tags are [`SetTagsArgs`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveHouseholdArgs {
    pub id: String,
    pub building_id: String,
    pub unit: String,
    pub room: String,
    pub members: Vec<Member>,
    #[serde(default)]
    pub emergency: Option<EmergencyContact>,
    #[serde(default)]
    pub note: String,
}

impl SaveHouseholdArgs {
    pub fn validated(mut self, year: i64) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "id", &self.id);
        self.unit = unit_number(&self.unit).to_owned();
        self.room = self.room.trim().to_owned();
        self.note = self.note.trim().to_owned();
        if self.building_id.trim().is_empty() {
            invalid.add("building_id", "请选择楼栋");
        }
        required_text(&mut invalid, "unit", "单元", &self.unit, 10);
        required_text(&mut invalid, "room", "房号", &self.room, 10);
        optional_text(
            &mut invalid,
            "note",
            "备注",
            Some(&self.note),
            MAX_NOTE_CHARS,
        );
        check_people(&mut invalid, &mut self.members, &mut self.emergency, year);
        invalid.finish().map(|()| self)
    }

    /// The household the form makes at `now`: its tags, contacts and registration kept
    /// from the register's `old` record of it.
    pub fn into_household(self, old: Option<&Household>, now: Millis) -> Household {
        Household {
            id: self.id,
            building_id: self.building_id,
            building_name: String::new(),
            unit: self.unit,
            room: self.room,
            members: self.members,
            emergency: self.emergency,
            tags: old.map(|h| h.tags.clone()).unwrap_or_default(),
            kinds: Vec::new(),
            rhythm: Rhythm::default(),
            contacts: old.map(|h| h.contacts).unwrap_or_default(),
            registered_at: old.map_or(now, |h| h.registered_at),
            note: self.note,
            sight: Sight::Full,
        }
    }
}

/// `care.set_tags`: the household's care tags, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTagsArgs {
    pub household_id: String,
    pub tags: Vec<Tag>,
}

impl SetTagsArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        check_tags(&mut invalid, &mut self.tags);
        invalid.finish().map(|()| self)
    }
}

/// `care.correct_household`: a resident corrects their own household's members and
/// emergency contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectHouseholdArgs {
    pub household_id: String,
    pub members: Vec<Member>,
    #[serde(default)]
    pub emergency: Option<EmergencyContact>,
}

impl CorrectHouseholdArgs {
    pub fn validated(mut self, year: i64) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        check_people(&mut invalid, &mut self.members, &mut self.emergency, year);
        invalid.finish().map(|()| self)
    }
}

/// `care.log_contact`: a call or visit, logged once at the door. Its id is the device's,
/// so sending it again logs nothing more; 需要帮助 files a 说事 case with the same id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogContactArgs {
    pub id: String,
    pub household_id: String,
    pub kind: ContactKind,
    pub outcome: Outcome,
    #[serde(default)]
    pub note: String,
}

impl LogContactArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        if uuid::Uuid::parse_str(&self.id).is_err() {
            invalid.add("id", "编号无效，请刷新页面后重试");
        }
        self.note = self.note.trim().to_owned();
        optional_text(
            &mut invalid,
            "note",
            "情况说明",
            Some(&self.note),
            MAX_NOTE_CHARS,
        );
        invalid.finish().map(|()| self)
    }

    /// What the 说事 case for 需要帮助 says.
    pub fn case_description(&self) -> String {
        let how = match self.kind {
            ContactKind::Visit => "上门走访",
            ContactKind::Call => "电话问候",
        };
        if self.note.is_empty() {
            format!("{how}时居民需要帮助，请尽快联系")
        } else {
            format!("{how}时居民需要帮助：{}", self.note)
        }
    }
}

#[cfg(test)]
mod tests;
