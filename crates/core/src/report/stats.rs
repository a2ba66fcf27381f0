//! Figures for staff: how many cases came in, were accepted and closed, how
//! fast, and how residents rated the result — overall, per category, per month.

use std::collections::BTreeMap;

use super::{CaseState, Report};
use crate::Millis;
use crate::time::china_clock;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub received: u32,
    pub accepted: u32,
    /// 已办结 or closed unresolved.
    pub closed: u32,
    pub median_to_accept: Option<Millis>,
    pub median_to_close: Option<Millis>,
    pub average_rating: Option<f64>,
    pub ratings: u32,
}

impl Figures {
    /// Closed as a share of received, in whole percent.
    pub fn closure_percent(&self) -> Option<u32> {
        (self.received > 0).then(|| (self.closed * 100 + self.received / 2) / self.received)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    /// "2026-11", China time.
    pub month: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub total: Figures,
    /// By category name, in the order of `categories` given.
    pub by_category: Vec<(String, Figures)>,
    /// Oldest month first.
    pub by_month: Vec<MonthFigures>,
}

fn median(mut values: Vec<Millis>) -> Option<Millis> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if !n.is_multiple_of(2) => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

fn figures<'a>(cases: impl IntoIterator<Item = &'a Report>) -> Figures {
    let mut f = Figures::default();
    let (mut to_accept, mut to_close, mut stars) = (Vec::new(), Vec::new(), Vec::new());
    for r in cases {
        f.received += 1;
        if let Some(at) = r.accepted_at {
            f.accepted += 1;
            to_accept.push(at - r.created_at);
        }
        if matches!(r.state, CaseState::Resolved | CaseState::ClosedUnresolved) {
            f.closed += 1;
            if let Some(at) = r.closed_at {
                to_close.push(at - r.created_at);
            }
        }
        if let Some(rating) = &r.rating {
            stars.push(f64::from(rating.stars));
        }
    }
    f.median_to_accept = median(to_accept);
    f.median_to_close = median(to_close);
    f.ratings = stars.len() as u32;
    f.average_rating = (!stars.is_empty()).then(|| stars.iter().sum::<f64>() / stars.len() as f64);
    f
}

fn month_of(at: Millis) -> String {
    let (year, month, ..) = china_clock(at);
    format!("{year:04}-{month:02}")
}

/// Figures over `reports` (duplicates left out: they count once, as their
/// original), grouped by the month each case arrived.
pub fn stats(reports: &[Report], categories: &[String]) -> Stats {
    let cases: Vec<&Report> = reports
        .iter()
        .filter(|r| r.state != CaseState::Duplicate)
        .collect();
    let mut months: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    for r in &cases {
        months.entry(month_of(r.created_at)).or_default().push(r);
    }
    Stats {
        total: figures(cases.iter().copied()),
        by_category: categories
            .iter()
            .map(|name| {
                let of = cases.iter().copied().filter(|r| &r.category_name == name);
                (name.clone(), figures(of))
            })
            .collect(),
        by_month: months
            .into_iter()
            .map(|(month, cases)| MonthFigures {
                month,
                figures: figures(cases),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Channel, Rating};

    const HOUR: Millis = 60 * 60_000;
    /// 2026-11-01 00:00 China time.
    const NOV: Millis = 1_793_462_400_000;

    fn case(category: &str, created_at: Millis, state: CaseState) -> Report {
        Report {
            id: format!("{category}{created_at}"),
            category_id: category.into(),
            category_name: category.into(),
            description: String::new(),
            building_id: None,
            building_name: None,
            unit: None,
            room: None,
            place: None,
            geo: None,
            photos: vec![],
            anonymous: false,
            reporter_id: None,
            reporter_name: String::new(),
            contact_phone: None,
            channel: Channel::App,
            filed_by_name: None,
            state,
            assignee: None,
            duplicate_of: None,
            supporters: 0,
            mine: false,
            me_too: false,
            handles: true,
            created_at,
            respond_by: created_at + 24 * HOUR,
            resolve_by: created_at + 72 * HOUR,
            accepted_at: (state != CaseState::Submitted).then_some(created_at + 2 * HOUR),
            resolved_at: None,
            closed_at: matches!(state, CaseState::Resolved | CaseState::ClosedUnresolved)
                .then_some(created_at + 30 * HOUR),
            rating: None,
            timeline: vec![],
        }
    }

    #[test]
    fn counts_rates_and_medians_per_category_and_month() {
        let mut rated = case("设施维修", NOV + HOUR, CaseState::Resolved);
        rated.rating = Some(Rating {
            stars: 4,
            comment: String::new(),
        });
        rated.accepted_at = Some(NOV + 5 * HOUR);
        let mut five = case("设施维修", NOV - 48 * HOUR, CaseState::Resolved);
        five.rating = Some(Rating {
            stars: 5,
            comment: String::new(),
        });
        let reports = vec![
            rated,
            five,
            case("设施维修", NOV + 2 * HOUR, CaseState::InProgress),
            case("噪音扰民", NOV + 3 * HOUR, CaseState::Submitted),
            case("噪音扰民", NOV + 4 * HOUR, CaseState::ClosedUnresolved),
            case("噪音扰民", NOV + 5 * HOUR, CaseState::Duplicate),
        ];
        let s = stats(
            &reports,
            &["设施维修".into(), "噪音扰民".into(), "其他".into()],
        );
        assert_eq!(s.total.received, 5);
        assert_eq!(s.total.accepted, 4);
        assert_eq!(s.total.closed, 3);
        assert_eq!(s.total.closure_percent(), Some(60));
        assert_eq!(s.total.median_to_accept, Some(2 * HOUR));
        assert_eq!(s.total.median_to_close, Some(30 * HOUR));
        assert_eq!(s.total.average_rating, Some(4.5));

        let repair = &s.by_category[0].1;
        assert_eq!((repair.received, repair.closed), (3, 2));
        assert_eq!(repair.median_to_accept, Some(2 * HOUR));
        let noise = &s.by_category[1].1;
        assert_eq!((noise.received, noise.accepted, noise.closed), (2, 1, 1));
        assert_eq!(noise.average_rating, None);
        assert_eq!(s.by_category[2].1, Figures::default());
        assert_eq!(s.by_category[2].1.closure_percent(), None);

        let months: Vec<(&str, u32)> = s
            .by_month
            .iter()
            .map(|m| (m.month.as_str(), m.figures.received))
            .collect();
        assert_eq!(months, [("2026-10", 1), ("2026-11", 4)]);
    }
}
