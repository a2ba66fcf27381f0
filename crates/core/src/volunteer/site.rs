//! What happens at the site, and when a device's time for it is believed. A volunteer
//! may be offline at the site, so a check-in, a check-out or a withdrawal carries the
//! time it was tapped by the device's clock; the server takes that time only when it is
//! plausible: inside the shift's window, and received while the window is still open.
//!
//! The window of a shift runs from [`EARLY_CHECK_IN_MINUTES`] before its start to
//! [`LATE_CHECK_OUT_MINUTES`] after its end. Past it, hours are confirmed by staff from
//! the roster (`volunteer.confirm_hours`), not by the volunteer's phone.

use super::{MAX_WRONG_CODES, Shift};
use crate::Millis;
use crate::roster::Closed;
use crate::time::{CLOCK_AHEAD_MS, MINUTE};

/// How early before the start a volunteer may check in.
pub const EARLY_CHECK_IN_MINUTES: i64 = 60;
/// How long after the end a volunteer may still check out (and a check-in or check-out
/// tapped offline may still arrive).
pub const LATE_CHECK_OUT_MINUTES: i64 = 120;

const WRONG_CLOCK: &str = "手机上的时间不准（比现在快），请把手机时间调准后再试";
const CANCELLED: &str = "这个班次已经取消了";

impl Shift {
    /// The first and the last moment of the shift's site window.
    pub fn site_window(&self) -> (Millis, Millis) {
        (
            self.starts_at - EARLY_CHECK_IN_MINUTES * MINUTE,
            self.ends_at + LATE_CHECK_OUT_MINUTES * MINUTE,
        )
    }

    /// Whether the code is the shift's. `wrong_codes` tried before lock it at the limit.
    pub fn check_code(&self, code: &str, wrong_codes: u32) -> Result<(), &'static str> {
        if wrong_codes >= MAX_WRONG_CODES {
            Err("签到码输错次数太多，签到已锁定，请找现场负责人在报名名单里解除锁定")
        } else if self.check_in_code.as_deref() != Some(code.trim()) {
            Err("签到码不对，请再看一下现场负责人给的号码")
        } else {
            Ok(())
        }
    }

    /// Whether a check-in tapped at `at` (device) and received at `now` (server) counts.
    pub fn accepts_check_in(&self, at: Millis, now: Millis) -> Result<(), &'static str> {
        let (opens, closes) = self.site_window();
        if self.cancelled {
            Err(CANCELLED)
        } else if at > now + CLOCK_AHEAD_MS {
            Err(WRONG_CLOCK)
        } else if at >= self.ends_at || now > closes {
            Err("这个班次已经结束了，不能再签到")
        } else if at < opens {
            Err("还没到签到时间，开始前一小时内才能签到")
        } else {
            Ok(())
        }
    }

    /// Whether a check-out tapped at `at` and received at `now`, after a check-in at
    /// `checked_in_at`, counts.
    pub fn accepts_check_out(
        &self,
        checked_in_at: Millis,
        at: Millis,
        now: Millis,
    ) -> Result<(), &'static str> {
        let (_, closes) = self.site_window();
        if self.cancelled {
            Err(CANCELLED)
        } else if at > now + CLOCK_AHEAD_MS {
            Err(WRONG_CLOCK)
        } else if at > closes || now > closes {
            Err("这个班次已经结束两个多小时了，不能再签退，请找负责人确认时长")
        } else if at < checked_in_at {
            Err("签退时间早于签到时间，请检查手机的时间")
        } else {
            Ok(())
        }
    }

    /// Whether giving a place up, tapped at `at` and received at `now`, counts: only
    /// before the start, and (tapped offline) received before the end.
    pub fn accepts_withdrawal(&self, at: Millis, now: Millis) -> Result<(), &'static str> {
        self.sitting()
            .accepts_withdrawal(at, now)
            .map_err(|c| match c {
                Closed::Started => "班次已经开始，不能再取消；去不了请联系负责人",
                Closed::Ended | Closed::Cancelled => "这个班次已经结束了，不能再取消报名",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 60 * MINUTE;

    /// From 10:00 to 12:00, code 482193.
    fn shift() -> Shift {
        Shift {
            id: "s".into(),
            activity_id: "a".into(),
            starts_at: 10 * H,
            ends_at: 12 * H,
            capacity: 2,
            confirmed: 1,
            waitlisted: 0,
            cancelled: false,
            check_in_code: Some("482193".into()),
        }
    }

    #[test]
    fn codes_lock_after_five_wrong() {
        let s = shift();
        let cases = [
            ("482193", 0, true),
            (" 482193 ", 4, true),
            ("482193", 5, false),
            ("000000", 0, false),
            ("", 0, false),
        ];
        for (code, wrong, ok) in cases {
            assert_eq!(
                s.check_code(code, wrong).is_ok(),
                ok,
                "{code:?} after {wrong}"
            );
        }
        assert!(s.check_code("482193", 5).unwrap_err().contains("锁定"));
    }

    #[test]
    fn check_in_only_inside_the_window_and_received_in_time() {
        let s = shift();
        let cases = [
            // (tapped, received, accepted)
            (10 * H, 10 * H, true),
            (9 * H, 9 * H, true),
            (9 * H - MINUTE, 9 * H, false),
            (11 * H, 13 * H, true),
            (11 * H, 14 * H + MINUTE, false),
            (12 * H, 12 * H, false),
            (10 * H + 6 * MINUTE, 10 * H, false),
            (10 * H + 4 * MINUTE, 10 * H, true),
        ];
        for (at, now, ok) in cases {
            assert_eq!(s.accepts_check_in(at, now).is_ok(), ok, "{at} {now}");
        }
        let cancelled = Shift {
            cancelled: true,
            ..shift()
        };
        assert_eq!(cancelled.accepts_check_in(10 * H, 10 * H), Err(CANCELLED));
    }

    #[test]
    fn check_out_until_two_hours_after_the_end() {
        let s = shift();
        let cases = [
            // (checked in, tapped, received, accepted)
            (10 * H, 12 * H, 12 * H, true),
            (10 * H, 14 * H, 14 * H, true),
            (10 * H, 13 * H, 14 * H + MINUTE, false),
            (10 * H, 12 * H, 20 * H, false),
            (11 * H, 10 * H + 30 * MINUTE, 12 * H, false),
            (10 * H, 11 * H + 10 * MINUTE, 11 * H, false),
        ];
        for (checked_in, at, now, ok) in cases {
            assert_eq!(
                s.accepts_check_out(checked_in, at, now).is_ok(),
                ok,
                "{checked_in} {at} {now}"
            );
        }
    }

    #[test]
    fn withdrawal_before_the_start_received_before_the_end() {
        let s = shift();
        let cases = [
            (9 * H, 9 * H, true),
            (9 * H, 11 * H, true),
            (9 * H, 12 * H, false),
            (10 * H, 10 * H, false),
            (11 * H, 9 * H, true),
        ];
        for (at, now, ok) in cases {
            assert_eq!(s.accepts_withdrawal(at, now).is_ok(), ok, "{at} {now}");
        }
        assert!(
            s.accepts_withdrawal(9 * H, 13 * H)
                .unwrap_err()
                .contains("已经结束")
        );
    }
}
