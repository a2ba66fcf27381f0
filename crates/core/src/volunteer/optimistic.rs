//! How volunteering mutations change what the person sees before the server decides.

use super::*;
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: SAVE_PROFILE,
        apply: save_profile,
    },
    Rule {
        mutation: SAVE_ACTIVITY,
        apply: save_activity,
    },
    Rule {
        mutation: SAVE_SHIFT,
        apply: save_shift,
    },
    Rule {
        mutation: CANCEL_SHIFT,
        apply: cancel_shift,
    },
    Rule {
        mutation: SIGN_UP,
        apply: sign_up,
    },
    Rule {
        mutation: WITHDRAW,
        apply: withdraw,
    },
    Rule {
        mutation: MARK_NO_SHOW,
        apply: mark_no_show,
    },
    Rule {
        mutation: CHECK_IN,
        apply: check_in,
    },
    Rule {
        mutation: CHECK_OUT,
        apply: check_out,
    },
    // Confirming hours changes what the server credits, which only a pull can show.
    Rule {
        mutation: CONFIRM_HOURS,
        apply: |_, _| {},
    },
    Rule {
        mutation: ADJUST_HOURS,
        apply: adjust_hours,
    },
    Rule {
        mutation: TRANSFER_HOURS,
        apply: transfer_hours,
    },
    Rule {
        mutation: UNLOCK_CHECK_IN,
        apply: unlock_check_in,
    },
];

fn save_profile(m: &Mutation, view: &mut View) {
    if let Ok(mut profile) = m.args::<VolunteerProfile>() {
        if let Some(old) = view.get(VOLUNTEERS, &profile.user_id) {
            profile.name = old["name"].as_str().unwrap_or_default().to_owned();
        }
        view.put(VOLUNTEERS, &profile.user_id.clone(), &profile);
    }
}

fn save_activity(m: &Mutation, view: &mut View) {
    if let Ok(activity) = m.args::<Activity>() {
        view.put(ACTIVITIES, &activity.id.clone(), &activity);
    }
}

fn save_shift(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<ShiftArgs>() else {
        return;
    };
    let old = view.row::<Shift>(SHIFTS, &a.id);
    let shift = Shift {
        id: a.id.clone(),
        activity_id: a.activity_id,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        capacity: a.capacity.clamp(0, i64::from(MAX_CAPACITY)) as u32,
        confirmed: old.as_ref().map_or(0, |s| s.confirmed),
        waitlisted: old.as_ref().map_or(0, |s| s.waitlisted),
        cancelled: false,
        check_in_code: Some(a.check_in_code),
    };
    view.put(SHIFTS, &a.id, &shift);
}

fn cancel_shift(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CancelShiftArgs>() {
        view.modify(SHIFTS, &a.shift_id, |s: &mut Shift| s.cancelled = true);
    }
}

fn sign_up(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<SignUpArgs>() {
        let signup = Signup {
            id: a.signup_id.clone(),
            shift_id: a.shift_id,
            user_id: a.user_id,
            user_name: String::new(),
            status: SignupStatus::Pending,
            position: None,
            signed_up_at: m.created_at,
            checked_in_at: None,
            checked_out_at: None,
            credited_minutes: None,
            check_in_locked: false,
        };
        view.put(SIGNUPS, &a.signup_id, &signup);
    }
}

/// A sign-up leaves the roster: given up by the volunteer, or marked absent by staff.
fn leave(m: &Mutation, view: &mut View, status: SignupStatus) {
    if let Ok(a) = m.args::<SignupRef>() {
        view.modify(SIGNUPS, &a.signup_id, |s: &mut Signup| {
            s.status = status;
            s.position = None;
        });
    }
}

fn withdraw(m: &Mutation, view: &mut View) {
    leave(m, view, SignupStatus::Withdrawn);
}

fn mark_no_show(m: &Mutation, view: &mut View) {
    leave(m, view, SignupStatus::NoShow);
}

fn check_in(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CheckArgs>() {
        view.modify(SIGNUPS, &a.signup_id, |s: &mut Signup| {
            s.checked_in_at = Some(m.created_at);
        });
    }
}

fn unlock_check_in(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<SignupRef>() {
        view.modify(SIGNUPS, &a.signup_id, |s: &mut Signup| {
            s.check_in_locked = false;
        });
    }
}

fn check_out(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CheckArgs>() {
        view.modify(SIGNUPS, &a.signup_id, |s: &mut Signup| {
            s.checked_out_at = Some(m.created_at);
        });
    }
}

/// A ledger entry the person wrote, shown until the server's arrives.
fn own_entry(
    view: &mut View,
    m: &Mutation,
    id: String,
    user_id: String,
    minutes: i64,
    reason: LedgerReason,
    note: String,
) {
    let entry = LedgerEntry {
        id: id.clone(),
        user_id,
        minutes,
        reason,
        note,
        by_name: "我".to_owned(),
        created_at: m.created_at,
    };
    view.put(LEDGER, &id, &entry);
}

fn adjust_hours(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<AdjustArgs>() {
        own_entry(
            view,
            m,
            a.entry_id,
            a.user_id,
            a.minutes,
            LedgerReason::Adjustment,
            a.note,
        );
    }
}

fn transfer_hours(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<TransferArgs>() {
        own_entry(
            view,
            m,
            a.entry_id,
            a.user_id,
            -a.minutes,
            LedgerReason::TransferOut,
            String::new(),
        );
    }
}
