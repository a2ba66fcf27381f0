//! Time as people in China read and enter it. China Standard Time (UTC+8) has no
//! daylight saving, so the same rules hold on the server and on any device,
//! whatever its own time zone.

use crate::Millis;

pub(crate) const MINUTE: Millis = 60_000;

/// How far ahead of the server's clock a device's may run: a time stamped later than
/// this has a wrong clock, not a real time.
pub const CLOCK_AHEAD_MS: Millis = 5 * MINUTE;

/// China Standard Time has no daylight saving: a calendar day there.
pub(crate) fn china_day(at: Millis) -> i64 {
    (at + 8 * 60 * MINUTE).div_euclid(24 * 60 * MINUTE)
}

/// Year, month, day, hour and minute of a moment in China Standard Time.
pub(crate) fn china_clock(at: Millis) -> (i64, i64, i64, i64, i64) {
    let minutes = (at + 8 * 60 * MINUTE).div_euclid(MINUTE);
    let minute_of_day = minutes.rem_euclid(24 * 60);
    let (year, month, day) = civil_from_days(minutes.div_euclid(24 * 60));
    (year, month, day, minute_of_day / 60, minute_of_day % 60)
}

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (era * 400 + yoe + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A China-time date (`2026-11-23`) and time (`09:00`), as date and time
/// inputs give them, as a moment.
pub fn parse_china_time(date: &str, time: &str) -> Option<Millis> {
    let mut ymd = date.trim().splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let (h, min) = time.trim().split_once(':')?;
    let (h, min): (i64, i64) = (h.parse().ok()?, min.get(..2)?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || min > 59 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    Some(((days * 24 + h - 8) * 60 + min) * MINUTE)
}

/// The date and time inputs' values for a moment, in China time.
pub fn china_time_inputs(at: Millis) -> (String, String) {
    let (year, month, day, h, m) = china_clock(at);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{h:02}:{m:02}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_and_time_inputs_round_trip() {
        let start = 1_795_395_600_000;
        assert_eq!(parse_china_time("2026-11-23", "09:00"), Some(start));
        assert_eq!(
            china_time_inputs(start),
            ("2026-11-23".to_owned(), "09:00".to_owned())
        );
        assert_eq!(
            china_time_inputs(1_835_411_400_000),
            ("2028-02-29".to_owned(), "12:30".to_owned())
        );
        assert_eq!(
            parse_china_time("2028-02-29", "12:30:00"),
            Some(1_835_411_400_000)
        );
        for (date, time) in [
            ("", "09:00"),
            ("2026-13-01", "09:00"),
            ("2026-11-23", "25:00"),
            ("2026-11-23", ""),
        ] {
            assert_eq!(parse_china_time(date, time), None, "{date} {time}");
        }
    }
}
