//! How volunteering mutations change what the person sees before the server decides.

use super::*;
use crate::sync::mutators::{args, modify, put};
use crate::sync::{Mutation, View};

/// Applies a volunteering mutation; returns false for any other name.
pub fn apply(m: &Mutation, view: &mut View) -> bool {
    match m.name.as_str() {
        SAVE_PROFILE => {
            if let Some(mut profile) = args::<VolunteerProfile>(m) {
                if let Some(old) = view.get(VOLUNTEERS, &profile.user_id) {
                    profile.name = old["name"].as_str().unwrap_or_default().to_owned();
                }
                put(view, VOLUNTEERS, &profile.user_id.clone(), &profile);
            }
        }
        SAVE_ACTIVITY => {
            if let Some(activity) = args::<Activity>(m) {
                put(view, ACTIVITIES, &activity.id.clone(), &activity);
            }
        }
        SAVE_SHIFT => {
            if let Some(a) = args::<ShiftArgs>(m) {
                let old = view
                    .get(SHIFTS, &a.id)
                    .and_then(|data| serde_json::from_value::<Shift>(data.clone()).ok());
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
                put(view, SHIFTS, &a.id, &shift);
            }
        }
        CANCEL_SHIFT => {
            if let Some(a) = args::<CancelShiftArgs>(m) {
                modify(view, SHIFTS, &a.shift_id, |s: &mut Shift| {
                    s.cancelled = true
                });
            }
        }
        SIGN_UP => {
            if let Some(a) = args::<SignUpArgs>(m) {
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
                };
                put(view, SIGNUPS, &a.signup_id, &signup);
            }
        }
        WITHDRAW | MARK_NO_SHOW => {
            let status = if m.name == WITHDRAW {
                SignupStatus::Withdrawn
            } else {
                SignupStatus::NoShow
            };
            if let Some(a) = args::<SignupRef>(m) {
                modify(view, SIGNUPS, &a.signup_id, |s: &mut Signup| {
                    s.status = status;
                    s.position = None;
                });
            }
        }
        CHECK_IN | CHECK_OUT => {
            if let Some(a) = args::<CheckArgs>(m) {
                let at = m.created_at;
                let check_in = m.name == CHECK_IN;
                modify(view, SIGNUPS, &a.signup_id, |s: &mut Signup| {
                    if check_in {
                        s.checked_in_at = Some(at);
                    } else {
                        s.checked_out_at = Some(at);
                    }
                });
            }
        }
        ADJUST_HOURS => {
            if let Some(a) = args::<AdjustArgs>(m) {
                let entry = LedgerEntry {
                    id: a.entry_id.clone(),
                    user_id: a.user_id,
                    minutes: a.minutes,
                    reason: LedgerReason::Adjustment,
                    note: a.note,
                    by_name: "我".to_owned(),
                    created_at: m.created_at,
                };
                put(view, LEDGER, &a.entry_id, &entry);
            }
        }
        TRANSFER_HOURS => {
            if let Some(a) = args::<TransferArgs>(m) {
                let entry = LedgerEntry {
                    id: a.entry_id.clone(),
                    user_id: a.user_id,
                    minutes: -a.minutes,
                    reason: LedgerReason::TransferOut,
                    note: String::new(),
                    by_name: "我".to_owned(),
                    created_at: m.created_at,
                };
                put(view, LEDGER, &a.entry_id, &entry);
            }
        }
        CONFIRM_HOURS => {}
        _ => return false,
    }
    true
}
