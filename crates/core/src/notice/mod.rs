//! Notices (通知公告) from the residents' committee, and residents'
//! acknowledgements of urgent ones (我已知晓).

mod acks;
mod optimistic;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use acks::{BuildingAcks, acks_by_building};
pub use optimistic::RULES;

use crate::Millis;
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, char_len, required_text};

/// Collection of notices a device may see.
pub const NOTICES: &str = "notices";
/// Collection of acknowledgements: a resident's own; staff see their community's.
pub const NOTICE_ACKS: &str = "notice_acks";

/// Mutation: publish a new notice or edit one (same id). Staff only.
pub const PUBLISH: &str = "notice.publish";
/// Mutation: withdraw a notice; it disappears from every device. Staff only.
pub const WITHDRAW: &str = "notice.withdraw";
/// Mutation: "我已知晓" on a notice.
pub const ACKNOWLEDGE: &str = "notice.acknowledge";

pub const FEATURE: Feature = Feature {
    name: "notices",
    collections: &[
        Collection {
            name: NOTICES,
            since_schema: 2,
        },
        Collection {
            name: NOTICE_ACKS,
            since_schema: 2,
        },
    ],
    mutations: &[PUBLISH, WITHDRAW, ACKNOWLEDGE],
};

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_BODY_CHARS: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Notice,
    Event,
    Outage,
    Safety,
    ResidentAffairs,
    PartyAffairs,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Notice,
        Category::Event,
        Category::Outage,
        Category::Safety,
        Category::ResidentAffairs,
        Category::PartyAffairs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Notice => "通知",
            Category::Event => "活动",
            Category::Outage => "停水停电",
            Category::Safety => "安全提示",
            Category::ResidentAffairs => "居务公开",
            Category::PartyAffairs => "党务公开",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    Normal,
    Important,
    /// Residents are asked to confirm they have read it (我已知晓).
    Urgent,
}

impl Importance {
    pub fn label(self) -> &'static str {
        match self {
            Importance::Normal => "普通",
            Importance::Important => "重要",
            Importance::Urgent => "紧急",
        }
    }
}

/// A notice as devices store and show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub community_id: String,
    pub category: Category,
    pub importance: Importance,
    pub title: String,
    /// Plain text; paragraphs separated by blank lines. Never interpreted as HTML.
    pub body: String,
    pub pinned: bool,
    /// Building ids it is meant for; `None` for the whole community.
    pub audience: Option<Vec<String>>,
    pub author_name: String,
    pub published_at: Millis,
    pub expires_at: Option<Millis>,
    /// For an urgent notice: after how many hours the households of the care register
    /// that have not confirmed it go to the top of their 网格员's and 楼栋长's call list
    /// (0: at once); `None` for no welfare check.
    #[serde(default)]
    pub call_after_hours: Option<u32>,
}

impl Notice {
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    pub fn is_expired(&self, now: Millis) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// Whether it is meant for someone living in `building_id`: everyone, when it goes
    /// to the whole community.
    pub fn is_for(&self, building_id: Option<&str>) -> bool {
        self.audience
            .as_ref()
            .is_none_or(|a| building_id.is_some_and(|b| a.iter().any(|x| x == b)))
    }
}

/// The order of the notice list: urgent first, then pinned, then newest.
pub fn list_order(a: &Notice, b: &Notice) -> Ordering {
    (b.importance == Importance::Urgent)
        .cmp(&(a.importance == Importance::Urgent))
        .then(b.pinned.cmp(&a.pinned))
        .then(b.published_at.cmp(&a.published_at))
}

/// Arguments of [`PUBLISH`]. The device chooses the id, so a notice written
/// offline can be edited again before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishArgs {
    pub id: String,
    pub category: Category,
    pub importance: Importance,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub audience: Option<Vec<String>>,
    #[serde(default)]
    pub expires_at: Option<Millis>,
    /// See [`Notice::call_after_hours`]; dropped unless the notice is urgent.
    #[serde(default)]
    pub call_after_hours: Option<u32>,
}

/// The longest wait before a welfare check that staff may choose, in hours.
pub const MAX_CALL_AFTER_HOURS: u32 = 72;

impl PublishArgs {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.title = self.title.trim().to_owned();
        self.body = self.body.trim().to_owned();
        if self.importance != Importance::Urgent {
            self.call_after_hours = None;
        }
        let mut invalid = Invalid::default();
        if self
            .call_after_hours
            .is_some_and(|h| h > MAX_CALL_AFTER_HOURS)
        {
            invalid.add(
                "call_after_hours",
                format!("未确认的重点户最多等 {MAX_CALL_AFTER_HOURS} 小时就要打电话"),
            );
        }
        required_text(&mut invalid, "title", "标题", &self.title, MAX_TITLE_CHARS);
        required_text(&mut invalid, "body", "正文", &self.body, MAX_BODY_CHARS);
        if self.id.trim().is_empty() || char_len(&self.id) > 64 {
            invalid.add("id", "通知编号无效");
        }
        if self.audience.as_ref().is_some_and(Vec::is_empty) {
            invalid.add("audience", "请至少选择一栋楼，或选择全社区");
        }
        invalid.finish().map(|()| self)
    }
}

/// Arguments of [`WITHDRAW`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithdrawArgs {
    pub notice_id: String,
}

/// Arguments of [`ACKNOWLEDGE`]. `user_id` lets the device show its own
/// acknowledgement at once; the server checks it is the caller's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcknowledgeArgs {
    pub notice_id: String,
    pub user_id: String,
}

impl AcknowledgeArgs {
    /// The id of the acknowledgement row.
    pub fn ack_id(&self) -> String {
        format!("{}:{}", self.notice_id, self.user_id)
    }
}

/// When an acknowledgement tapped at `device_at` (the device's clock) counts as made:
/// never before the notice was published, nor later than the server's clock `now`.
pub fn acknowledged_at(device_at: Millis, published_at: Millis, now: Millis) -> Millis {
    device_at.min(now).max(published_at)
}

/// A resident's "我已知晓", as staff see it for the welfare check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeAck {
    pub notice_id: String,
    pub user_id: String,
    /// When the resident tapped it, by their device's clock (also when offline).
    pub acknowledged_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledgement_times_are_bounded() {
        let (published, now) = (1_000, 5_000);
        let cases = [
            (3_000, 3_000),
            (500, published),
            (9_000, now),
            (published, published),
        ];
        for (device, expected) in cases {
            assert_eq!(
                acknowledged_at(device, published, now),
                expected,
                "{device}"
            );
        }
    }

    fn args(title: &str, body: &str) -> PublishArgs {
        PublishArgs {
            id: "n1".into(),
            category: Category::Outage,
            importance: Importance::Urgent,
            title: title.into(),
            body: body.into(),
            pinned: false,
            audience: None,
            expires_at: None,
            call_after_hours: None,
        }
    }

    #[test]
    fn a_welfare_check_is_for_urgent_notices_within_three_days() {
        let with = |importance, hours| PublishArgs {
            importance,
            call_after_hours: Some(hours),
            ..args("寒潮预警", "请关好门窗")
        };
        let kept = with(Importance::Urgent, 4).validated().unwrap();
        assert_eq!(kept.call_after_hours, Some(4));
        let dropped = with(Importance::Important, 4).validated().unwrap();
        assert_eq!(dropped.call_after_hours, None);
        let err = with(Importance::Urgent, 73).validated().unwrap_err();
        assert_eq!(err.fields[0].field, "call_after_hours");
    }

    #[test]
    fn title_and_body_limits() {
        assert!(
            args("明天停水", "3栋、5栋 9:00-17:00 停水")
                .validated()
                .is_ok()
        );
        let err = args("", " ").validated().unwrap_err();
        assert!(err.has("title") && err.has("body"));
        let long_title = "停".repeat(MAX_TITLE_CHARS + 1);
        let err = args(&long_title, "x").validated().unwrap_err();
        assert_eq!(err.fields[0].message, "标题不能超过 60 个字");
    }

    #[test]
    fn empty_audience_is_refused() {
        let mut a = args("t", "b");
        a.audience = Some(vec![]);
        assert!(a.validated().unwrap_err().has("audience"));
    }

    /// An urgent notice for `audience`, published at 0.
    pub(super) fn notice(audience: Option<&[&str]>) -> Notice {
        Notice {
            id: "n1".into(),
            community_id: "c".into(),
            category: Category::Outage,
            importance: Importance::Urgent,
            title: "明天停水".into(),
            body: String::new(),
            pinned: false,
            audience: audience.map(|a| a.iter().map(|b| (*b).to_owned()).collect()),
            author_name: "居委会".into(),
            published_at: 0,
            expires_at: None,
            call_after_hours: None,
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let notice = Notice {
            body: "第一段\n\n\n第二段\n还是第二段\n\n".into(),
            expires_at: Some(10),
            ..notice(None)
        };
        assert_eq!(
            notice.paragraphs().collect::<Vec<_>>(),
            ["第一段", "第二段\n还是第二段"]
        );
        assert!(!notice.is_expired(9));
        assert!(notice.is_expired(10));
    }

    #[test]
    fn a_notice_is_for_its_buildings_or_everyone() {
        let cases = [
            (None, Some("b3"), true),
            (None, None, true),
            (Some(&["b3", "b5"][..]), Some("b3"), true),
            (Some(&["b3", "b5"][..]), Some("b7"), false),
            (Some(&["b3"][..]), None, false),
        ];
        for (audience, building, expected) in cases {
            assert_eq!(
                notice(audience).is_for(building),
                expected,
                "{audience:?} {building:?}"
            );
        }
    }

    #[test]
    fn urgent_then_pinned_then_newest() {
        let at = |importance, pinned, published_at| Notice {
            importance,
            pinned,
            published_at,
            ..notice(None)
        };
        let mut list = [
            at(Importance::Normal, false, 5),
            at(Importance::Important, true, 1),
            at(Importance::Urgent, false, 2),
            at(Importance::Normal, false, 9),
            at(Importance::Urgent, true, 0),
        ];
        list.sort_by(list_order);
        let order: Vec<_> = list.iter().map(|n| n.published_at).collect();
        assert_eq!(order, [0, 2, 1, 9, 5]);
    }
}
