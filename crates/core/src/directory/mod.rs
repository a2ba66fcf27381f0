//! The one-stop service directory (一站式服务): what each errand needs, where
//! to go, when, and whom to call.

mod optimistic;

use serde::{Deserialize, Serialize};

pub use optimistic::RULES;

use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, optional_text, required_text};

/// Collection of service items a device keeps.
pub const SERVICES: &str = "services";

/// Mutation: staff create or edit an item (same id).
pub const SAVE: &str = "service.save";

pub const FEATURE: Feature = Feature {
    name: "directory",
    collections: &[Collection {
        name: SERVICES,
        since_schema: 3,
    }],
    mutations: &[SAVE],
};

pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_SUMMARY_CHARS: usize = 80;
pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_LIST_ITEMS: usize = 30;
pub const MAX_LIST_ITEM_CHARS: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    SocialSecurity,
    MedicalInsurance,
    SocialAssistance,
    ElderlyCare,
    Disability,
    Employment,
    Household,
    FamilyPlanning,
    LegalAid,
    Convenience,
    Property,
    PartyMember,
}

impl ServiceCategory {
    pub const ALL: [ServiceCategory; 12] = [
        ServiceCategory::SocialSecurity,
        ServiceCategory::MedicalInsurance,
        ServiceCategory::SocialAssistance,
        ServiceCategory::ElderlyCare,
        ServiceCategory::Disability,
        ServiceCategory::Employment,
        ServiceCategory::Household,
        ServiceCategory::FamilyPlanning,
        ServiceCategory::LegalAid,
        ServiceCategory::Convenience,
        ServiceCategory::Property,
        ServiceCategory::PartyMember,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ServiceCategory::SocialSecurity => "社会保障",
            ServiceCategory::MedicalInsurance => "医疗保险",
            ServiceCategory::SocialAssistance => "社会救助",
            ServiceCategory::ElderlyCare => "养老服务",
            ServiceCategory::Disability => "残疾人服务",
            ServiceCategory::Employment => "就业创业",
            ServiceCategory::Household => "户籍与证明",
            ServiceCategory::FamilyPlanning => "计划生育与母婴",
            ServiceCategory::LegalAid => "法律援助与调解",
            ServiceCategory::Convenience => "便民服务",
            ServiceCategory::Property => "物业服务",
            ServiceCategory::PartyMember => "党员服务",
        }
    }
}

/// What a service item says, as staff write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceContent {
    pub category: ServiceCategory,
    /// e.g. 高龄津贴申领
    pub name: String,
    /// One line: what it is for.
    pub summary: String,
    /// Who qualifies (申请条件).
    pub eligibility: String,
    /// What to bring (所需材料), one entry each; residents tick them off.
    pub materials: Vec<String>,
    /// The steps (办理流程), in order.
    pub steps: Vec<String>,
    /// Where: address and window, e.g. 社区党群服务中心一楼 2号窗口.
    pub location: String,
    /// Opening hours, e.g. 周一至周五 8:30-12:00，14:00-17:30.
    pub hours: String,
    /// Phone to call; digits, dashes and spaces.
    pub phone: String,
    /// e.g. 免费
    pub fee: String,
    /// How long it takes (办结时限), e.g. 5个工作日.
    pub time_limit: String,
    /// Whether staff can handle it on the resident's behalf (代办).
    pub proxy: bool,
    /// When staff last checked it is correct, `YYYY-MM-DD`.
    pub checked_on: String,
}

impl ServiceContent {
    /// The text besides the name that search looks at: summary and materials.
    pub fn search_body(&self) -> String {
        std::iter::once(self.summary.as_str())
            .chain(self.materials.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn validated(mut self) -> Result<Self, Invalid> {
        let trim = |s: &mut String| *s = s.trim().to_owned();
        for s in [
            &mut self.name,
            &mut self.summary,
            &mut self.eligibility,
            &mut self.location,
            &mut self.hours,
            &mut self.phone,
            &mut self.fee,
            &mut self.time_limit,
            &mut self.checked_on,
        ] {
            trim(s);
        }
        for list in [&mut self.materials, &mut self.steps] {
            list.iter_mut().for_each(trim);
            list.retain(|s| !s.is_empty());
        }
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "name", "事项名称", &self.name, MAX_NAME_CHARS);
        required_text(
            &mut invalid,
            "summary",
            "一句话简介",
            &self.summary,
            MAX_SUMMARY_CHARS,
        );
        optional_text(
            &mut invalid,
            "eligibility",
            "申请条件",
            Some(&self.eligibility),
            MAX_TEXT_CHARS,
        );
        required_text(
            &mut invalid,
            "location",
            "办理地点",
            &self.location,
            MAX_SUMMARY_CHARS,
        );
        optional_text(
            &mut invalid,
            "hours",
            "办理时间",
            Some(&self.hours),
            MAX_SUMMARY_CHARS,
        );
        optional_text(
            &mut invalid,
            "fee",
            "收费",
            Some(&self.fee),
            MAX_SUMMARY_CHARS,
        );
        optional_text(
            &mut invalid,
            "time_limit",
            "办结时限",
            Some(&self.time_limit),
            MAX_SUMMARY_CHARS,
        );
        if !self.phone.is_empty()
            && !self
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '转'))
        {
            invalid.add("phone", "电话只能包含数字和“-”");
        }
        for (field, label, list) in [
            ("materials", "所需材料", &self.materials),
            ("steps", "办理流程", &self.steps),
        ] {
            if list.len() > MAX_LIST_ITEMS {
                invalid.add(field, format!("{label}最多 {MAX_LIST_ITEMS} 项"));
            } else if list.iter().any(|s| s.chars().count() > MAX_LIST_ITEM_CHARS) {
                invalid.add(
                    field,
                    format!("{label}每项不能超过 {MAX_LIST_ITEM_CHARS} 个字"),
                );
            }
        }
        if !is_date(&self.checked_on) {
            invalid.add("checked_on", "核对日期格式应为 2026-01-31");
        }
        invalid.finish().map(|()| self)
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Arguments of [`SAVE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveArgs {
    pub id: String,
    pub content: ServiceContent,
}

/// Pinyin of an item's text, computed once on the server so that search on a
/// device needs no dictionary: full pinyin and initials, without spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchKeys {
    pub name_pinyin: String,
    pub name_initials: String,
    /// Summary and materials together.
    pub body_pinyin: String,
    pub body_initials: String,
}

/// A service item as devices store and show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub id: String,
    pub community_id: String,
    pub content: ServiceContent,
    pub keys: SearchKeys,
}
