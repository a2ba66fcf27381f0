//! What a household is entitled to, told to its 网格员 in time: someone turning 60 this
//! year may get the 老年人优待证, someone turning 80 the 高龄津贴; a 低保 household whose
//! review (复核) is this month or next, or already past, must bring its papers. Each
//! reminder names the directory item that says how.

use super::today::way;
use super::{Day, Household, Month, Tag};

/// Ages at which something is to be applied for: what, and the directory item about it.
const BY_AGE: [(i64, &str, &str); 2] = [
    (60, "可以办老年人优待证", "老年人优待证办理"),
    (80, "可以申领高龄津贴", "高龄津贴申领"),
];

/// The directory item on 低保.
const DIBAO: &str = "最低生活保障申请";

/// One reminder for one household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    pub household_id: String,
    /// "王秀兰今年满 80 岁，可以申领高龄津贴".
    pub label: String,
    /// The name of the directory item on how to apply.
    pub service: &'static str,
}

/// The reminders on `today` for `households` (as far as the viewer sees their birth years
/// and allowances), along the way through the buildings.
pub fn entitlements(households: &[Household], today: Day) -> Vec<Entitlement> {
    let this = Month::of(today);
    let mut sorted: Vec<&Household> = households.iter().collect();
    sorted.sort_by(|a, b| way(a, b));
    let mut out = Vec::new();
    for h in sorted {
        let mut remind = |label: String, service| {
            out.push(Entitlement {
                household_id: h.id.clone(),
                label,
                service,
            })
        };
        for m in h.members.iter().filter(|m| m.lives_here) {
            let age = m.birth_year.map(|born| this.year - born);
            for (at, what, service) in BY_AGE {
                if age == Some(at) {
                    remind(format!("{}今年满 {at} 岁，{what}", m.name), service);
                }
            }
        }
        let review = h.tags.iter().find_map(|t| match t {
            Tag::Dibao { review: Some(r) } => Month::parse(r),
            _ => None,
        });
        match review {
            Some(r) if r < this => {
                remind(format!("低保{}该复核了，请提醒带齐材料", r.label()), DIBAO)
            }
            Some(r) if r <= this.next() => {
                remind(format!("低保{}复核，请提醒准备材料", r.label()), DIBAO)
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::care::Tag;
    use crate::care::tests::{self, member};

    fn household(id: &str, building: &str, people: &[(&str, Option<i64>, bool)]) -> Household {
        let mut h = tests::household(id, building, "101", Vec::new());
        h.members = people
            .iter()
            .map(|(name, born, lives_here)| member(name, name, *born, *lives_here))
            .collect();
        h
    }

    #[test]
    fn turning_60_and_80_this_year_and_allowance_reviews() {
        let review = |month: &str| Tag::Dibao {
            review: Some(month.into()),
        };
        let mut soon = household("h4", "4栋", &[("周平", Some(1970), true)]);
        soon.tags = vec![review("2027-01")];
        let mut past = household("h6", "6栋", &[("刘明", Some(1972), true)]);
        past.tags = vec![review("2026-10")];
        let mut later = household("h7", "7栋", &[("钱进", Some(1975), true)]);
        later.tags = vec![review("2027-02")];
        let register = [
            household(
                "h12",
                "12栋",
                &[
                    ("李大爷", Some(1946), true),
                    ("在外的女儿", Some(1966), false),
                ],
            ),
            household(
                "h3",
                "3栋",
                &[("王秀兰", Some(1946), true), ("刘建", Some(1966), true)],
            ),
            household(
                "h5",
                "5栋",
                &[("赵奶奶", Some(1945), true), ("钱某", None, true)],
            ),
            soon,
            past,
            later,
        ];
        let today = crate::time::days_from_civil(2026, 12, 2);
        let reminders = entitlements(&register, today);
        let got: Vec<(&str, &str)> = reminders
            .iter()
            .map(|e| (e.label.as_str(), e.service))
            .collect();
        assert_eq!(
            got,
            [
                ("王秀兰今年满 80 岁，可以申领高龄津贴", "高龄津贴申领"),
                ("刘建今年满 60 岁，可以办老年人优待证", "老年人优待证办理"),
                ("低保2027年1月复核，请提醒准备材料", "最低生活保障申请"),
                ("低保2026年10月该复核了，请提醒带齐材料", "最低生活保障申请"),
                ("李大爷今年满 80 岁，可以申领高龄津贴", "高龄津贴申领"),
            ],
            "along the way; only people living there; 81 is last year's; a review two months off waits"
        );
    }
}
