//! What a volunteer and staff may do about a shift and a sign-up, as the shift card, 我的志愿
//! and the roster offer it. The server checks the same conditions again when the step
//! arrives.

use super::{CHECK_IN, CHECK_OUT, EARLY_CHECK_IN_MINUTES, Shift, Signup, SignupStatus};
use crate::Millis;
use crate::time::MINUTE;

/// Checking in or out at the site, with the code the shift leader shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    In,
    Out,
}

impl Check {
    /// The mutation that records it.
    pub fn mutation(self) -> &'static str {
        match self {
            Check::In => CHECK_IN,
            Check::Out => CHECK_OUT,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Check::In => "签到",
            Check::Out => "签退",
        }
    }
}

impl Shift {
    /// Staff may still change or cancel it: not cancelled, and not started.
    pub fn open_to_changes(&self, now: Millis) -> bool {
        !self.cancelled && !self.has_started(now)
    }
}

impl Signup {
    /// 将要参加: the person still holds a place (or waits for one) on a shift not over yet;
    /// otherwise it is one they took part in, or gave up.
    pub fn is_coming(&self, shift: &Shift, now: Millis) -> bool {
        shift.ends_at > now && self.status.is_active()
    }

    /// Whether a shift card shows this as the person's place (it holds one, or they came)
    /// rather than offering to sign up.
    pub fn is_current(&self) -> bool {
        self.status.is_active() || self.checked_in_at.is_some()
    }

    /// 去不了: a place or waitlist position given up before the shift starts.
    pub fn may_withdraw(&self, shift: &Shift, now: Millis) -> bool {
        self.status.is_active() && !shift.has_started(now)
    }

    /// At the site: check-in from an hour before the start until the end, then check-out
    /// once, for a confirmed volunteer.
    pub fn check_due(&self, shift: &Shift, now: Millis) -> Option<Check> {
        let on_site = self.status == SignupStatus::Confirmed
            && now >= shift.starts_at - EARLY_CHECK_IN_MINUTES * MINUTE
            && self.checked_out_at.is_none()
            && (self.checked_in_at.is_some() || now < shift.ends_at);
        on_site.then_some(if self.checked_in_at.is_some() {
            Check::Out
        } else {
            Check::In
        })
    }

    /// Staff mark 未到: confirmed, and never checked in.
    pub fn may_mark_no_show(&self) -> bool {
        self.status == SignupStatus::Confirmed && self.checked_in_at.is_none()
    }

    /// Staff confirm the hours of someone who checked in and forgot to check out, once
    /// the shift has ended and nothing is credited yet.
    pub fn may_confirm_hours(&self, shift_ended: bool) -> bool {
        self.status == SignupStatus::Confirmed
            && shift_ended
            && self.checked_in_at.is_some()
            && self.checked_out_at.is_none()
            && self.credited_minutes.is_none()
    }

    /// Where the roster lists it: confirmed first, then the waitlist in order, then the
    /// undecided, then everyone else.
    pub fn roster_rank(&self) -> (u8, u32) {
        match self.status {
            SignupStatus::Confirmed => (0, 0),
            SignupStatus::Waitlisted => (1, self.position.unwrap_or(u32::MAX)),
            SignupStatus::Pending => (2, 0),
            _ => (3, 0),
        }
    }
}

/// The shift an activity list shows for `activity_id`: the first of `shifts` (earliest
/// first) not cancelled and not over at `now`.
pub fn next_shift<'a>(
    activity_id: &str,
    shifts: impl IntoIterator<Item = &'a Shift>,
    now: Millis,
) -> Option<&'a Shift> {
    shifts
        .into_iter()
        .find(|s| s.activity_id == activity_id && !s.cancelled && s.ends_at > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 60 * MINUTE;

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
            check_in_code: None,
        }
    }

    fn signup(status: SignupStatus, checked_in: Option<Millis>, out: Option<Millis>) -> Signup {
        Signup {
            id: "su".into(),
            shift_id: "s".into(),
            user_id: "u".into(),
            user_name: String::new(),
            status,
            position: None,
            signed_up_at: 0,
            checked_in_at: checked_in,
            checked_out_at: out,
            credited_minutes: None,
            check_in_locked: false,
        }
    }

    #[test]
    fn a_volunteer_checks_in_on_site_then_out_once() {
        use SignupStatus::*;
        let cases = [
            // (status, checked in, checked out, now, expected)
            (Confirmed, None, None, 9 * H - 1, None),
            (Confirmed, None, None, 9 * H, Some(Check::In)),
            (Confirmed, None, None, 11 * H, Some(Check::In)),
            (Confirmed, None, None, 12 * H, None),
            (Confirmed, Some(10 * H), None, 11 * H, Some(Check::Out)),
            // Checked in and forgot: check-out stays open after the end.
            (Confirmed, Some(10 * H), None, 20 * H, Some(Check::Out)),
            (Confirmed, Some(10 * H), Some(12 * H), 12 * H, None),
            (Waitlisted, None, None, 10 * H, None),
            (Pending, None, None, 10 * H, None),
        ];
        for (status, checked_in, out, now, expected) in cases {
            assert_eq!(
                signup(status, checked_in, out).check_due(&shift(), now),
                expected,
                "{status:?} in {checked_in:?} out {out:?} at {now}"
            );
        }
        assert_eq!(Check::In.mutation(), CHECK_IN);
        assert_eq!(Check::Out.label(), "签退");
    }

    #[test]
    fn what_a_card_shows_and_when_a_place_can_be_given_up() {
        use SignupStatus::*;
        let cases = [
            // (status, checked in, current, may withdraw before the start)
            (Pending, None, true, true),
            (Confirmed, None, true, true),
            (Waitlisted, None, true, true),
            (Withdrawn, None, false, false),
            (ShiftCancelled, None, false, false),
            (NoShow, None, false, false),
            (NoShow, Some(10 * H), true, false),
        ];
        for (status, checked_in, current, withdraw) in cases {
            let s = signup(status, checked_in, None);
            assert_eq!(s.is_current(), current, "{status:?} {checked_in:?}");
            assert_eq!(s.may_withdraw(&shift(), 9 * H), withdraw, "{status:?}");
            assert!(!s.may_withdraw(&shift(), 10 * H), "{status:?} once started");
        }
    }

    #[test]
    fn shifts_change_until_they_start_and_sign_ups_are_coming_until_they_end() {
        use SignupStatus::*;
        let mut cancelled = shift();
        cancelled.cancelled = true;
        let cases = [
            // (now, open to changes, confirmed coming, withdrawn coming)
            (9 * H, true, true, false),
            (10 * H, false, true, false),
            (12 * H, false, false, false),
        ];
        for (now, changes, coming, withdrawn) in cases {
            assert_eq!(shift().open_to_changes(now), changes, "at {now}");
            assert!(!cancelled.open_to_changes(now), "cancelled at {now}");
            let s = signup(Confirmed, None, None);
            assert_eq!(s.is_coming(&shift(), now), coming, "confirmed at {now}");
            let w = signup(Withdrawn, None, None);
            assert_eq!(w.is_coming(&shift(), now), withdrawn, "withdrawn at {now}");
        }
    }

    #[test]
    fn staff_mark_no_shows_and_confirm_forgotten_check_outs() {
        use SignupStatus::*;
        let cases = [
            // (status, checked in, checked out, credited, ended, no-show, confirm hours)
            (Confirmed, None, None, None, true, true, false),
            (Confirmed, Some(10 * H), None, None, true, false, true),
            (Confirmed, Some(10 * H), None, None, false, false, false),
            (
                Confirmed,
                Some(10 * H),
                Some(12 * H),
                None,
                true,
                false,
                false,
            ),
            (Confirmed, Some(10 * H), None, Some(120), true, false, false),
            (Waitlisted, None, None, None, true, false, false),
        ];
        for (status, checked_in, out, credited, ended, no_show, confirm) in cases {
            let mut s = signup(status, checked_in, out);
            s.credited_minutes = credited;
            let what = format!("{status:?} in {checked_in:?} out {out:?} credited {credited:?}");
            assert_eq!(s.may_mark_no_show(), no_show, "{what}");
            assert_eq!(s.may_confirm_hours(ended), confirm, "{what} ended {ended}");
        }
    }

    #[test]
    fn the_roster_lists_the_confirmed_then_the_waitlist_in_order() {
        use SignupStatus::*;
        let mut list = [
            (NoShow, None),
            (Pending, None),
            (Waitlisted, Some(2)),
            (Confirmed, None),
            (Waitlisted, Some(1)),
        ]
        .map(|(status, position)| Signup {
            position,
            ..signup(status, None, None)
        });
        list.sort_by_key(Signup::roster_rank);
        let order: Vec<_> = list.iter().map(|s| (s.status, s.position)).collect();
        assert_eq!(
            order,
            [
                (Confirmed, None),
                (Waitlisted, Some(1)),
                (Waitlisted, Some(2)),
                (Pending, None),
                (NoShow, None)
            ]
        );
    }

    #[test]
    fn the_list_shows_the_next_shift_still_to_come() {
        let mut cancelled = shift();
        cancelled.id = "c".into();
        cancelled.cancelled = true;
        let mut other = shift();
        other.id = "o".into();
        other.activity_id = "b".into();
        let mut later = shift();
        later.id = "l".into();
        later.starts_at = 20 * H;
        later.ends_at = 22 * H;
        let shifts = [cancelled, other, shift(), later];
        let next = |now| next_shift("a", &shifts, now).map(|s| s.id.as_str());
        assert_eq!(next(H), Some("s"));
        assert_eq!(next(11 * H), Some("s"));
        assert_eq!(next(12 * H), Some("l"));
        assert_eq!(next(22 * H), None);
    }
}
