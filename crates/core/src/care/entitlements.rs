//! What a household is entitled to ask for, told to its 网格员 in time: someone turning 60
//! this year may get the 老年人优待证, someone turning 80 the 高龄津贴. Each reminder names
//! the directory item that says how to apply.

use super::Household;
use super::today::way;

/// Ages at which something is to be applied for: what, and the directory item about it.
const BY_AGE: [(i64, &str, &str); 2] = [
    (60, "可以办老年人优待证", "老年人优待证办理"),
    (80, "可以申领高龄津贴", "高龄津贴申领"),
];

/// One reminder for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    pub household_id: String,
    pub member: String,
    pub age: i64,
    /// "可以申领高龄津贴".
    pub what: &'static str,
    /// The name of the directory item on how to apply.
    pub service: &'static str,
}

impl Entitlement {
    /// "王秀兰今年满 80 岁，可以申领高龄津贴".
    pub fn label(&self) -> String {
        format!("{}今年满 {} 岁，{}", self.member, self.age, self.what)
    }
}

/// The reminders of `year` for the people living in `households` whose birth years the
/// viewer sees, along the way through the buildings.
pub fn entitlements(households: &[Household], year: i64) -> Vec<Entitlement> {
    let mut sorted: Vec<&Household> = households.iter().collect();
    sorted.sort_by(|a, b| way(a, b));
    sorted
        .into_iter()
        .flat_map(|h| {
            h.members
                .iter()
                .filter(|m| m.lives_here)
                .flat_map(move |m| {
                    let age = m.birth_year.map(|born| year - born);
                    BY_AGE.iter().filter(move |(at, ..)| Some(*at) == age).map(
                        move |&(age, what, service)| Entitlement {
                            household_id: h.id.clone(),
                            member: m.name.clone(),
                            age,
                            what,
                            service,
                        },
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn turning_60_and_80_this_year() {
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
        ];
        let got: Vec<(String, &str)> = entitlements(&register, 2026)
            .iter()
            .map(|e| (e.label(), e.service))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "王秀兰今年满 80 岁，可以申领高龄津贴".to_owned(),
                    "高龄津贴申领"
                ),
                (
                    "刘建今年满 60 岁，可以办老年人优待证".to_owned(),
                    "老年人优待证办理"
                ),
                (
                    "李大爷今年满 80 岁，可以申领高龄津贴".to_owned(),
                    "高龄津贴申领"
                ),
            ],
            "along the way; only people living there; 81 is last year's"
        );
    }
}
