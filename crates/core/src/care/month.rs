//! Calendar months in China time: what the 台账 counts by, and when a 低保 household is
//! next reviewed.

use super::Day;
use crate::Millis;
use crate::time::{civil_from_days, days_from_civil};

/// A calendar month, "2026-11".
/// Months compare in time: the year first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i64,
    pub month: i64,
}

impl Month {
    /// "2026-11", "2026-1", "2026/11" or "2026年11月"; `None` for anything else.
    pub fn parse(text: &str) -> Option<Month> {
        let text = text.trim().trim_end_matches('月');
        let (year, month) = text.split_once(['-', '/', '年'])?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        ((1900..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The month `day` is in.
    pub fn of(day: Day) -> Month {
        let (year, month, _) = civil_from_days(day);
        Month { year, month }
    }

    /// Its first day and the first day of the next month.
    fn days(self) -> (Day, Day) {
        let next = self.next();
        (
            days_from_civil(self.year, self.month, 1),
            days_from_civil(next.year, next.month, 1),
        )
    }

    /// Its first moment and the first moment of the next month, in China time.
    pub fn span(self) -> (Millis, Millis) {
        let (first, next) = self.days();
        let start = |day: Day| crate::time::parse_china_time(&day_text(day), "00:00");
        (
            start(first).unwrap_or(0),
            start(next).unwrap_or(Millis::MAX),
        )
    }

    pub fn contains(self, day: Day) -> bool {
        let (first, next) = self.days();
        (first..next).contains(&day)
    }

    /// "2026年11月".
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    /// "2026-11", as a month input gives it.
    pub fn text(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

fn day_text(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{china_day, parse_china_time};

    fn at(date: &str) -> Millis {
        parse_china_time(date, "10:00").unwrap()
    }

    #[test]
    fn months_are_read_and_bounded_in_china_time() {
        let cases = [
            ("2026-11", true),
            ("2026年11月", true),
            ("2026/11", true),
            ("2026-2", true),
            ("2026-13", false),
            ("11月", false),
        ];
        for (text, ok) in cases {
            assert_eq!(Month::parse(text).is_some(), ok, "{text}");
        }
        let december = Month::parse("2026-12").unwrap();
        assert!(december.contains(china_day(at("2026-12-31"))));
        assert!(!december.contains(china_day(at("2027-01-01"))));
        assert_eq!(Month::of(china_day(at("2027-01-01"))).label(), "2027年1月");
        let (start, end) = december.span();
        assert_eq!(start, parse_china_time("2026-12-01", "00:00").unwrap());
        assert_eq!(end, parse_china_time("2027-01-01", "00:00").unwrap());
    }
}
