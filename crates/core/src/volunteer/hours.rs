//! The time bank (时间银行): credited hours and the append-only ledger.

use serde::{Deserialize, Serialize};

use super::MINUTE;
use crate::Millis;
use crate::time::{china_clock, china_day};

/// Why a ledger entry exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerReason {
    /// Hours served on a shift.
    Served,
    /// A correction by staff, always with a note.
    Adjustment,
    TransferOut,
    TransferIn,
    /// Hours earned helping a neighbour (互助), paid by the one helped or the pool.
    HelpGiven,
    /// Hours paid for help received (互助), by the one helped or by the pool.
    HelpReceived,
}

impl LedgerReason {
    pub fn label(self) -> &'static str {
        match self {
            LedgerReason::Served => "志愿服务",
            LedgerReason::Adjustment => "工作人员调整",
            LedgerReason::TransferOut => "转赠家人",
            LedgerReason::TransferIn => "家人转入",
            LedgerReason::HelpGiven => "邻里互助",
            LedgerReason::HelpReceived => "接受互助",
        }
    }
}

/// The account of a community's 互助池 in [`LedgerEntry::user_id`]: hours staff pay for
/// residents in hardship come from it. It belongs to no person (the server stores no user
/// for it), so no person's id can be this.
pub const POOL_ACCOUNT: &str = "community_pool";

/// One time-bank entry. Never edited or deleted: a correction is a new entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: String,
    pub user_id: String,
    /// Positive credits, negative debits.
    pub minutes: i64,
    pub reason: LedgerReason,
    /// What it was for, in words: the shift, the staff note, the family member.
    pub note: String,
    /// Who made the entry.
    pub by_name: String,
    pub created_at: Millis,
}

/// A person's balance: the sum of their entries, in minutes.
pub fn balance<'a>(entries: impl IntoIterator<Item = &'a LedgerEntry>) -> i64 {
    entries.into_iter().map(|e| e.minutes).sum()
}

/// Minutes served on shifts (累计志愿服务): corrections and transfers left out.
pub fn served<'a>(entries: impl IntoIterator<Item = &'a LedgerEntry>) -> i64 {
    entries
        .into_iter()
        .filter(|e| e.reason == LedgerReason::Served)
        .map(|e| e.minutes)
        .sum()
}

/// Minutes to credit for a shift from `check_in` to `check_out` (or the
/// shift's end when nobody checked out): never negative and never more than
/// the shift's length.
pub fn credited_minutes(
    (starts_at, ends_at): (Millis, Millis),
    check_in: Millis,
    check_out: Option<Millis>,
) -> i64 {
    let length = (ends_at - starts_at).max(0) / MINUTE;
    let until = check_out.unwrap_or(ends_at).min(ends_at.max(check_in));
    ((until - check_in).max(0) / MINUTE).min(length)
}

/// Minutes from hours as a person types them ("1.5", "-0.5", "２"); 0 when it
/// is not a number, which validation then refuses.
pub fn minutes_from_hours(typed: &str) -> i64 {
    let ascii: String = typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    ascii
        .parse::<f64>()
        .ok()
        .filter(|h| h.is_finite())
        .map_or(0, |h| (h * 60.0).round() as i64)
}

/// Hours for people: "2 小时", "1.5 小时", "-0.5 小时".
pub fn format_hours(minutes: i64) -> String {
    let tenths = (minutes * 10 + minutes.signum() * 30) / 60;
    if tenths % 10 == 0 {
        format!("{} 小时", tenths / 10)
    } else {
        format!("{:.1} 小时", tenths as f64 / 10.0)
    }
}

/// When a shift runs, as people say it: "11月23日 09:00–11:00".
pub fn shift_time_label(starts_at: Millis, ends_at: Millis) -> String {
    let (_, month, day, h, m) = china_clock(starts_at);
    let (_, end_month, end_day, eh, em) = china_clock(ends_at);
    let end_date = if (end_month, end_day) == (month, day) {
        String::new()
    } else {
        format!("{end_month}月{end_day}日 ")
    };
    format!("{month}月{day}日 {h:02}:{m:02}–{end_date}{eh:02}:{em:02}")
}

/// Whether a volunteer should be reminded of a shift starting at `starts_at`:
/// from the day before until it starts.
pub fn reminder_due(starts_at: Millis, now: Millis) -> bool {
    now < starts_at && china_day(starts_at) - china_day(now) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 60 * MINUTE;

    #[test]
    fn credited_hours_are_capped_by_the_shift() {
        let shift = (10 * H, 12 * H);
        let cases = [
            // (check in, check out, minutes)
            (10 * H, Some(12 * H), 120),
            (10 * H + 30 * MINUTE, Some(11 * H + 15 * MINUTE), 45),
            // Checked in early and stayed late: never more than the shift.
            (9 * H, Some(14 * H), 120),
            // Forgot to check out, for days: counted to the shift's end.
            (10 * H, None, 120),
            (11 * H, None, 60),
            // Checked in after the end, or out before in: nothing.
            (13 * H, None, 0),
            (11 * H, Some(10 * H), 0),
        ];
        for (check_in, check_out, expected) in cases {
            assert_eq!(
                credited_minutes(shift, check_in, check_out),
                expected,
                "{check_in} {check_out:?}"
            );
        }
    }

    #[test]
    fn balance_is_the_sum_of_the_ledger_and_served_counts_shifts_only() {
        let entry = |minutes, reason| LedgerEntry {
            id: format!("{minutes}"),
            user_id: "u".into(),
            minutes,
            reason,
            note: String::new(),
            by_name: "钱晓燕".into(),
            created_at: 0,
        };
        let ledger = [
            entry(120, LedgerReason::Served),
            entry(90, LedgerReason::Served),
            entry(-30, LedgerReason::Adjustment),
            entry(-60, LedgerReason::TransferOut),
        ];
        assert_eq!(balance(&ledger), 120);
        assert_eq!(balance(&[]), 0);
        assert_eq!(served(&ledger), 210);
        assert_eq!(served(&[]), 0);
    }

    #[test]
    fn typed_hours_become_minutes() {
        let cases = [
            ("1.5", 90),
            (" -0.5 ", -30),
            ("２", 120),
            ("１．５", 90),
            ("", 0),
            ("两小时", 0),
            ("inf", 0),
        ];
        for (typed, minutes) in cases {
            assert_eq!(minutes_from_hours(typed), minutes, "{typed:?}");
        }
    }

    #[test]
    fn hours_read_naturally() {
        let cases = [
            (0, "0 小时"),
            (120, "2 小时"),
            (90, "1.5 小时"),
            (100, "1.7 小时"),
            (-30, "-0.5 小时"),
        ];
        for (minutes, text) in cases {
            assert_eq!(format_hours(minutes), text);
        }
    }

    #[test]
    fn shift_times_in_china_time() {
        // 2026-11-23 01:00 UTC is 09:00 in Beijing.
        let start = 1_795_395_600_000;
        assert_eq!(
            shift_time_label(start, start + 2 * H),
            "11月23日 09:00–11:00"
        );
        assert_eq!(
            shift_time_label(start + 14 * H, start + 17 * H),
            "11月23日 23:00–11月24日 02:00"
        );
        // 2028-02-29 12:30 in Beijing.
        assert_eq!(
            shift_time_label(1_835_411_400_000, 1_835_411_400_000 + H),
            "2月29日 12:30–13:30"
        );
    }

    #[test]
    fn reminded_from_the_day_before() {
        // 2026-11-23 09:00 in Beijing is 01:00 UTC.
        let start = 1_795_395_600_000;
        let cases = [
            (start - 2 * 24 * H, false),
            // 2026-11-22 00:00 Beijing: the day before.
            (start - 33 * H, true),
            (start - 33 * H - MINUTE, false),
            (start - MINUTE, true),
            (start, false),
        ];
        for (now, due) in cases {
            assert_eq!(reminder_due(start, now), due, "{now}");
        }
    }
}
