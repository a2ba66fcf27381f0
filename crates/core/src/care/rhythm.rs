//! How often a household is called and visited: rules by care tags, which a community
//! changes, and the due dates they give, as calendar days in China time (a month after
//! 31 January is the last day of February).

use serde::{Deserialize, Serialize};

use super::{Contacts, TagKind};
use crate::Millis;
use crate::time::{china_day, civil_from_days, days_from_civil};
use crate::validate::{Invalid, char_len};

/// A calendar day in China time: days since 1970-01-01.
pub type Day = i64;

/// A unit of a rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Day,
    Week,
    Month,
}

/// The China-time day of a moment.
pub fn day_of(at: Millis) -> Day {
    china_day(at)
}

/// "12月1日", and the year when it is not `this_year`'s.
pub fn day_label(day: Day, this_year: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    if y == this_year {
        format!("{m}月{d}日")
    } else {
        format!("{y}年{m}月{d}日")
    }
}

/// "every 3 months".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub every: u32,
    pub unit: Unit,
}

impl Period {
    pub const fn weeks(every: u32) -> Self {
        Period {
            every,
            unit: Unit::Week,
        }
    }

    pub const fn months(every: u32) -> Self {
        Period {
            every,
            unit: Unit::Month,
        }
    }

    /// "每周", "每 2 周", "每季度", "每半年".
    pub fn label(self) -> String {
        match (self.every, self.unit) {
            (1, Unit::Day) => "每天".to_owned(),
            (1, Unit::Week) => "每周".to_owned(),
            (1, Unit::Month) => "每月".to_owned(),
            (3, Unit::Month) => "每季度".to_owned(),
            (6, Unit::Month) => "每半年".to_owned(),
            (12, Unit::Month) => "每年".to_owned(),
            (n, Unit::Day) => format!("每 {n} 天"),
            (n, Unit::Week) => format!("每 {n} 周"),
            (n, Unit::Month) => format!("每 {n} 个月"),
        }
    }

    /// Roughly how many days, to compare periods of different units.
    fn approx_days(self) -> u32 {
        self.every
            * match self.unit {
                Unit::Day => 1,
                Unit::Week => 7,
                Unit::Month => 30,
            }
    }

    fn check(self, invalid: &mut Invalid, field: &str) {
        let max = match self.unit {
            Unit::Day => 366,
            Unit::Week => 52,
            Unit::Month => 12,
        };
        if self.every == 0 || self.every > max {
            invalid.add(field, "间隔应在一天到一年之间");
        }
    }
}

/// The day one period after `day`; months keep the day of the month, or end with the
/// month when it is shorter.
pub fn add_period(day: Day, p: Period) -> Day {
    match p.unit {
        Unit::Day => day + i64::from(p.every),
        Unit::Week => day + 7 * i64::from(p.every),
        Unit::Month => {
            let (y, m, d) = civil_from_days(day);
            let months = y * 12 + (m - 1) + i64::from(p.every);
            let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
            let last = days_from_civil(y + i64::from(m == 12), m % 12 + 1, 1) - 1;
            let last_day = civil_from_days(last).2;
            days_from_civil(y, m, d.min(last_day))
        }
    }
}

/// How often a household is called and visited (none: not on that list).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rhythm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<Period>,
}

impl Rhythm {
    /// When the next call and visit are due: one period after the last that reached
    /// someone (a visit also counts as a call), or from registration when there was none.
    pub fn due(&self, contacts: &Contacts, registered_at: Millis) -> (Option<Day>, Option<Day>) {
        let next = |period: Option<Period>, last: Option<Millis>| {
            period.map(|p| match last {
                Some(at) => add_period(china_day(at), p),
                None => china_day(registered_at),
            })
        };
        (
            next(self.call, contacts.last_reached_at),
            next(self.visit, contacts.last_visit_at),
        )
    }
}

/// A community's rule: households with all of `tags` are called and visited at least this
/// often. A rule without tags holds for every household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RhythmRule {
    pub id: String,
    pub tags: Vec<TagKind>,
    #[serde(default)]
    pub call: Option<Period>,
    #[serde(default)]
    pub visit: Option<Period>,
    /// Order on the settings page.
    #[serde(default)]
    pub position: u32,
}

impl RhythmRule {
    /// "独居 + 高龄".
    pub fn label(&self) -> String {
        if self.tags.is_empty() {
            "每一户".to_owned()
        } else {
            let names: Vec<&str> = self.tags.iter().map(|t| t.label()).collect();
            names.join(" + ")
        }
    }

    /// `care.save_rhythm` takes a rule whole.
    pub fn validated(mut self) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        if self.id.trim().is_empty() || char_len(&self.id) > 64 {
            invalid.add("id", "编号无效，请刷新页面后重试");
        }
        self.tags.sort_unstable();
        self.tags.dedup();
        if self.call.is_none() && self.visit.is_none() {
            invalid.add("visit", "请至少设定打电话或上门的间隔");
        }
        if let Some(p) = self.call {
            p.check(&mut invalid, "call");
        }
        if let Some(p) = self.visit {
            p.check(&mut invalid, "visit");
        }
        invalid.finish().map(|()| self)
    }
}

/// The rules every community starts with; staff change them.
pub fn default_rhythms() -> Vec<RhythmRule> {
    use TagKind::*;
    let rule = |id: &str, tags: &[TagKind], call, visit| RhythmRule {
        id: id.to_owned(),
        tags: tags.to_vec(),
        call,
        visit,
        position: 0,
    };
    let (week, month) = (Period::weeks(1), Period::months(1));
    let mut rules = vec![
        rule("every", &[], None, Some(Period::months(6))),
        rule("alone_aged", &[Alone, Aged], Some(week), Some(month)),
        rule(
            "alone",
            &[Alone],
            Some(Period::weeks(2)),
            Some(Period::months(2)),
        ),
        rule(
            "empty_nest_aged",
            &[EmptyNest, Aged],
            Some(Period::weeks(2)),
            Some(month),
        ),
        rule("aged", &[Aged], Some(month), Some(Period::months(3))),
        rule("incapacitated", &[Incapacitated], Some(week), Some(month)),
        rule("disability", &[Disability], None, Some(Period::months(3))),
        rule("dibao", &[Dibao], None, Some(Period::months(3))),
        rule("dibian", &[Dibian], None, Some(Period::months(3))),
        rule("youfu", &[Youfu], None, Some(Period::months(3))),
        rule("left_behind", &[LeftBehindChild], None, Some(month)),
    ];
    for (i, r) in rules.iter_mut().enumerate() {
        r.position = i as u32;
    }
    rules
}

/// The rhythm of a household with `kinds`: for calls and for visits, the shortest that any
/// rule whose tags it all has gives.
pub fn rhythm_for(rules: &[RhythmRule], kinds: &[TagKind]) -> Rhythm {
    let shortest = |a: Option<Period>, b: Option<Period>| match (a, b) {
        (Some(a), Some(b)) => Some(if b.approx_days() < a.approx_days() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    rules
        .iter()
        .filter(|r| r.tags.iter().all(|t| kinds.contains(t)))
        .fold(Rhythm::default(), |acc, r| Rhythm {
            call: shortest(acc.call, r.call),
            visit: shortest(acc.visit, r.visit),
        })
}
