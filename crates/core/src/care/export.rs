//! The 台账 staff hand in, from what is entered once: the register one row per person in
//! the importer's own columns (an exported file imported again changes nothing), a
//! month's calls and visits, and the figures of each grid with the households by tag.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::import::COLUMNS;
use super::today::way;
use super::{ContactKind, Day, Household, Month, Outcome, TagKind, Visit};
use crate::Millis;

/// The register file's columns: the importer's, then when the household was last
/// visited and last reached.
pub fn register_header() -> Vec<&'static str> {
    let mut header: Vec<&str> = COLUMNS.iter().map(|c| c.label).collect();
    header.extend(["上次上门", "上次联系上"]);
    header
}

fn date(at: Option<Millis>) -> String {
    at.map(|at| crate::time::china_time_inputs(at).0)
        .unwrap_or_default()
}

/// The register, a row per person, along the way through the buildings; what is the
/// household's (tags, emergency contact, note, contacts) on its first person's row.
pub fn register_rows(households: &[Household]) -> Vec<Vec<String>> {
    let mut sorted: Vec<&Household> = households.iter().collect();
    sorted.sort_by(|a, b| way(a, b));
    let mut rows = Vec::new();
    for h in sorted {
        let tags: Vec<String> = h.tags.iter().map(super::Tag::label).collect();
        let e = h.emergency.as_ref();
        for (i, m) in h.members.iter().enumerate() {
            let first = i == 0;
            let household = |text: String| if first { text } else { String::new() };
            rows.push(vec![
                h.building_name.clone(),
                h.unit.clone(),
                h.room.clone(),
                m.name.clone(),
                m.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                m.phone.clone().unwrap_or_default(),
                m.relation.clone(),
                if m.lives_here { "是" } else { "否" }.to_owned(),
                household(tags.join("、")),
                household(e.map(|e| e.name.clone()).unwrap_or_default()),
                household(e.map(|e| e.phone.clone()).unwrap_or_default()),
                household(e.map(|e| e.relation.clone()).unwrap_or_default()),
                household(h.note.clone()),
                household(date(h.contacts.last_visit_at)),
                household(date(h.contacts.last_reached_at)),
            ]);
        }
    }
    rows
}

pub const VISITS_HEADER: [&str; 10] = [
    "日期",
    "时间",
    "楼栋",
    "单元",
    "房号",
    "户主",
    "方式",
    "情况",
    "情况说明",
    "登记人",
];

/// The calls and visits of `month`, in the order they were made.
pub fn visit_rows(visits: &[Visit], households: &[Household], month: Month) -> Vec<Vec<String>> {
    let mut chosen: Vec<&Visit> = visits
        .iter()
        .filter(|v| month.contains(super::day_of(v.at)))
        .collect();
    chosen.sort_by_key(|v| (v.at, v.id.clone()));
    chosen
        .into_iter()
        .map(|v| {
            let h = households.iter().find(|h| h.id == v.household_id);
            let of = |f: fn(&Household) -> &str| h.map(f).unwrap_or_default().to_owned();
            let (day, time) = crate::time::china_time_inputs(v.at);
            vec![
                day,
                time,
                of(|h| &h.building_name),
                of(|h| &h.unit),
                of(|h| &h.room),
                of(Household::main_name),
                v.kind.label().to_owned(),
                v.outcome.label().to_owned(),
                v.note.clone(),
                v.by_name.clone(),
            ]
        })
        .collect()
}

/// A grid as the figures count it: its name and buildings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridBuildings {
    pub name: String,
    pub building_ids: Vec<String>,
}

/// One grid's figures: its households now, and its contacts in the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridFigures {
    pub grid: String,
    pub households: u32,
    /// Households with at least one care tag (高龄 included).
    pub tagged: u32,
    /// Visits due today or earlier, and of those past their day.
    pub visits_due: u32,
    pub visits_overdue: u32,
    pub calls_due: u32,
    pub calls_overdue: u32,
    /// Contacts of the month that reached someone, and those that met nobody.
    pub visits_done: u32,
    pub calls_done: u32,
    pub not_seen: u32,
}

/// How many households have one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagCount {
    pub kind: TagKind,
    pub label: String,
    pub households: u32,
}

/// `GET /api/care/figures?month=2026-11`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareFigures {
    /// "2026年11月".
    pub month: String,
    pub grids: Vec<GridFigures>,
    /// Every tag that some household has, in the tags' order.
    pub tags: Vec<TagCount>,
}

/// Households outside every grid are counted under this name.
pub const NO_GRID: &str = "未分网格";

/// The figures of `households` (with `kinds` and rhythms derived) and their `visits` for
/// `month`, grid by grid, as of `today`.
pub fn figures(
    households: &[Household],
    visits: &[Visit],
    grids: &[GridBuildings],
    month: Month,
    today: Day,
) -> CareFigures {
    let grid_of = |h: &Household| {
        grids
            .iter()
            .find(|g| g.building_ids.contains(&h.building_id))
            .map_or(NO_GRID, |g| g.name.as_str())
    };
    let mut out: Vec<GridFigures> = grids
        .iter()
        .map(|g| GridFigures {
            grid: g.name.clone(),
            ..GridFigures::default()
        })
        .collect();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for h in households {
        let name = grid_of(h);
        let i = match out.iter().position(|f| f.grid == name) {
            Some(i) => i,
            None => {
                out.push(GridFigures {
                    grid: name.to_owned(),
                    ..GridFigures::default()
                });
                out.len() - 1
            }
        };
        at.insert(&h.id, i);
        let f = &mut out[i];
        f.households += 1;
        f.tagged += u32::from(!h.kinds.is_empty());
        let (call, visit) = h.rhythm.due(&h.contacts, h.registered_at);
        let tally = |day: Option<Day>, due: &mut u32, overdue: &mut u32| {
            if let Some(day) = day.filter(|d| *d <= today) {
                *due += 1;
                *overdue += u32::from(day < today);
            }
        };
        tally(visit, &mut f.visits_due, &mut f.visits_overdue);
        tally(call, &mut f.calls_due, &mut f.calls_overdue);
    }
    let in_month = visits
        .iter()
        .filter(|v| month.contains(super::day_of(v.at)));
    for v in in_month {
        let Some(&i) = at.get(v.household_id.as_str()) else {
            continue;
        };
        let f = &mut out[i];
        match (v.outcome, v.kind) {
            (Outcome::NotSeen, _) => f.not_seen += 1,
            (_, ContactKind::Visit) => f.visits_done += 1,
            (_, ContactKind::Call) => f.calls_done += 1,
        }
    }
    let tags = TagKind::ALL
        .into_iter()
        .map(|kind| TagCount {
            kind,
            label: kind.label().to_owned(),
            households: count(households.iter().filter(|h| h.kinds.contains(&kind))),
        })
        .filter(|t| t.households > 0)
        .collect();
    CareFigures {
        month: month.label(),
        grids: out,
        tags,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::admin::import::RowStatus;
    use crate::care::import::{BuildingInReach, plan};
    use crate::care::tests::{self, at, member};
    use crate::care::{Contacts, Tag, default_rhythms};

    /// The rules' test household with 张大爷 born in `born`, and a son living elsewhere.
    fn household(id: &str, building: &str, room: &str, tags: Vec<Tag>, born: i64) -> Household {
        let mut h = tests::household(id, building, room, tags);
        h.members[0].birth_year = Some(born);
        h.members
            .push(member(&format!("{id}-2"), "张小明", None, false));
        h.derive(&default_rhythms(), at("2026-12-01"));
        h
    }

    fn visit(id: &str, household: &str, kind: ContactKind, outcome: Outcome, date: &str) -> Visit {
        Visit {
            id: id.into(),
            household_id: household.into(),
            kind,
            outcome,
            note: String::new(),
            at: at(date),
            by_name: "孙建国".into(),
            case_id: None,
        }
    }

    #[test]
    fn the_exported_register_imported_again_changes_nothing() {
        let register = vec![
            household(
                "h12",
                "12栋",
                "502",
                vec![Tag::Dibao { review: None }],
                1950,
            ),
            household(
                "h3",
                "3栋",
                "201",
                vec![
                    Tag::Alone,
                    Tag::Disability { grade: Some(2) },
                    Tag::Other {
                        text: "刚出院".into(),
                    },
                ],
                1938,
            ),
        ];
        let mut sheet = vec![register_header().into_iter().map(str::to_owned).collect()];
        sheet.extend(register_rows(&register));
        assert_eq!(
            sheet[1][..4],
            ["3栋", "1", "201", "张大爷"],
            "along the way: 3栋 first"
        );
        assert_eq!(sheet[1][8], "独居、残疾二级、其他：刚出院");
        assert_eq!(
            sheet[2][8], "",
            "the household's cells on its first row only"
        );
        let buildings: HashMap<String, BuildingInReach> = ["3栋", "12栋"]
            .map(|b| {
                (
                    b.to_owned(),
                    BuildingInReach {
                        id: format!("b-{b}"),
                        kept: true,
                    },
                )
            })
            .into();
        let mut no_ids = || unreachable!("nothing new");
        let plans = plan(&sheet, &buildings, &register, 2026, &mut no_ids).unwrap();
        assert_eq!(plans.len(), 4);
        assert!(
            plans.iter().all(|p| p.row.status == RowStatus::Same),
            "{plans:?}"
        );
    }

    #[test]
    fn a_months_contacts_in_order() {
        let register = [household("h3", "3栋", "201", vec![], 1950)];
        let visits = [
            visit(
                "v2",
                "h3",
                ContactKind::Call,
                Outcome::NotSeen,
                "2026-11-30",
            ),
            visit(
                "v1",
                "h3",
                ContactKind::Visit,
                Outcome::Normal,
                "2026-11-01",
            ),
            visit(
                "v0",
                "h3",
                ContactKind::Visit,
                Outcome::Normal,
                "2026-10-31",
            ),
            visit(
                "v3",
                "h3",
                ContactKind::Visit,
                Outcome::Normal,
                "2026-12-01",
            ),
        ];
        let rows = visit_rows(&visits, &register, Month::parse("2026-11").unwrap());
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r[0].as_str(), r[6].as_str(), r[7].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-01", "上门", "正常"),
                ("2026-11-30", "电话", "没见到人")
            ]
        );
        assert_eq!(rows[0][2..6], ["3栋", "1", "201", "张大爷"]);
    }

    #[test]
    fn figures_grid_by_grid() {
        let today = crate::time::china_day(at("2026-12-01"));
        let mut fresh = household("h4", "4栋", "101", vec![], 1970);
        fresh.contacts =
            Contacts::default().after(ContactKind::Visit, Outcome::Normal, at("2026-11-20"));
        let register = [
            household("h3", "3栋", "201", vec![Tag::Alone], 1938),
            fresh,
            household(
                "h30",
                "30栋",
                "101",
                vec![Tag::Dibao { review: None }],
                1960,
            ),
        ];
        let visits = [
            visit(
                "v1",
                "h4",
                ContactKind::Visit,
                Outcome::Normal,
                "2026-11-20",
            ),
            visit(
                "v2",
                "h3",
                ContactKind::Call,
                Outcome::NotSeen,
                "2026-11-21",
            ),
            visit("v3", "h3", ContactKind::Call, Outcome::Normal, "2026-10-21"),
        ];
        let grids = [GridBuildings {
            name: "第一网格".into(),
            building_ids: vec!["b-3栋".into(), "b-4栋".into()],
        }];
        let f = figures(
            &register,
            &visits,
            &grids,
            Month::parse("2026-11").unwrap(),
            today,
        );
        assert_eq!(f.month, "2026年11月");
        let first = &f.grids[0];
        assert_eq!(
            (first.grid.as_str(), first.households, first.tagged),
            ("第一网格", 2, 1)
        );
        assert_eq!(
            (first.visits_due, first.visits_overdue),
            (1, 1),
            "h3, never visited since January"
        );
        assert_eq!(
            (first.visits_done, first.calls_done, first.not_seen),
            (1, 0, 1)
        );
        assert_eq!(
            (f.grids[1].grid.as_str(), f.grids[1].households),
            (NO_GRID, 1)
        );
        let tags: Vec<(&str, u32)> = f
            .tags
            .iter()
            .map(|t| (t.label.as_str(), t.households))
            .collect();
        assert_eq!(tags, [("独居", 1), ("高龄", 1), ("低保", 1)]);
    }
}
