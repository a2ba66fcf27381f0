//! 今天该走访 / 该打电话: the households whose visit or call is due or overdue, longest
//! waiting first, then along the way through the buildings (building, unit, floor);
//! and what is flagged to the community worker.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{ContactKind, Day, Household, TagKind};
use crate::time::china_day;

/// One line of today's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub household_id: String,
    pub kind: ContactKind,
    pub due: Day,
    /// Days past the due day (0: due today).
    pub overdue_days: i64,
    /// Somebody tried today and met nobody (没见到人): still due.
    pub tried_today: bool,
    /// The title of the urgent notice nobody in the household has confirmed, when that is
    /// why it is called first ([`super::call_list`]).
    pub welfare: Option<String>,
}

impl DueItem {
    /// "今天到期", "已超期 9 天", "紧急通知「寒潮预警」还没确认".
    pub fn label(&self) -> String {
        if let Some(title) = &self.welfare {
            format!("紧急通知「{title}」还没确认")
        } else if self.overdue_days == 0 {
            "今天到期".to_owned()
        } else {
            format!("已超期 {} 天", self.overdue_days)
        }
    }
}

/// What the community worker is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// 没见到人 twice or more in a row.
    MissedTwice,
    /// A household living alone whose call or visit is overdue.
    OverdueAlone,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::MissedTwice => "连续两次没见到人",
            Flag::OverdueAlone => "独居老人超期未联系",
        }
    }
}

/// The leading number of a name or room ("12栋" → 12, "301" → 301), for natural order.
fn number(text: &str) -> Option<u32> {
    let digits: String = text
        .trim()
        .chars()
        .map(crate::validate::ascii_digit)
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The floor of a room: "301" is on the 3rd, "1102" on the 11th.
pub fn floor(room: &str) -> u32 {
    number(room).map_or(0, |n| n / 100)
}

/// The order of the way through the buildings: building, unit, floor, room.
pub(super) fn way(a: &Household, b: &Household) -> Ordering {
    let key = |h: &Household| {
        (
            number(&h.building_name).unwrap_or(u32::MAX),
            h.building_name.clone(),
            number(&h.unit).unwrap_or(u32::MAX),
            floor(&h.room),
            number(&h.room).unwrap_or(u32::MAX),
            h.room.clone(),
        )
    };
    key(a).cmp(&key(b))
}

/// Whether somebody tried `h` on `today` and met nobody.
pub(super) fn tried_on(h: &Household, today: Day) -> bool {
    h.contacts.last_try_at.map(china_day) == Some(today)
}

/// The households of `households` whose `kind` of contact is due on or before `today`.
pub fn today_list(households: &[Household], today: Day, kind: ContactKind) -> Vec<DueItem> {
    let mut due: Vec<(&Household, DueItem)> = households
        .iter()
        .filter_map(|h| {
            let (call, visit) = h.rhythm.due(&h.contacts, h.registered_at);
            let day = match kind {
                ContactKind::Call => call,
                ContactKind::Visit => visit,
            }?;
            (day <= today).then(|| {
                let item = DueItem {
                    household_id: h.id.clone(),
                    kind,
                    due: day,
                    overdue_days: today - day,
                    tried_today: tried_on(h, today),
                    welfare: None,
                };
                (h, item)
            })
        })
        .collect();
    due.sort_by(|(ha, a), (hb, b)| a.due.cmp(&b.due).then_with(|| way(ha, hb)));
    due.into_iter().map(|(_, item)| item).collect()
}

/// What the community worker is told about `h` on `today`.
pub fn flags(h: &Household, today: Day) -> Vec<Flag> {
    let mut flags = Vec::new();
    if h.contacts.missed_in_row >= 2 {
        flags.push(Flag::MissedTwice);
    }
    let (call, visit) = h.rhythm.due(&h.contacts, h.registered_at);
    let overdue = [call, visit].into_iter().flatten().any(|d| d < today);
    if overdue && h.kinds.contains(&TagKind::Alone) {
        flags.push(Flag::OverdueAlone);
    }
    flags
}
