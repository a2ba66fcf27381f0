//! The volunteering rows on the device, as the pages read them. Each function
//! reads the sync view, so a page that calls it updates when rows change.

use linli_core::inbox::{INBOX, InboxMessage};
use linli_core::volunteer::{
    ACTIVITIES, Activity, LEDGER, LedgerEntry, SHIFTS, SIGNUPS, Shift, Signup, VOLUNTEERS,
    VolunteerProfile,
};

use crate::state::sync::use_sync;

pub fn activity(id: &str) -> Option<Activity> {
    use_sync().row(ACTIVITIES, id)
}

pub fn activities() -> Vec<Activity> {
    use_sync()
        .rows(ACTIVITIES)
        .into_iter()
        .map(|(a, _)| a)
        .collect()
}

/// Every shift on the device, earliest first.
pub fn shifts() -> Vec<Shift> {
    let mut shifts: Vec<Shift> = use_sync()
        .rows(SHIFTS)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    shifts.sort_by_key(|s| s.starts_at);
    shifts
}

pub fn shift(id: &str) -> Option<Shift> {
    use_sync().row(SHIFTS, id)
}

/// Sign-ups on the device: a volunteer's own, or (staff) the community's.
pub fn signups() -> Vec<Signup> {
    use_sync()
        .rows(SIGNUPS)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// The person's sign-ups, newest first.
pub fn my_signups(user_id: &str) -> Vec<Signup> {
    let mut mine: Vec<Signup> = signups()
        .into_iter()
        .filter(|s| s.user_id == user_id)
        .collect();
    mine.sort_by_key(|s| std::cmp::Reverse(s.signed_up_at));
    mine
}

/// The person's sign-up for a shift: the one still holding a place if any,
/// else the latest.
pub fn my_signup_for(user_id: &str, shift_id: &str) -> Option<Signup> {
    let mine: Vec<Signup> = my_signups(user_id)
        .into_iter()
        .filter(|s| s.shift_id == shift_id)
        .collect();
    mine.iter()
        .find(|s| s.status.is_active())
        .or(mine.first())
        .cloned()
}

pub fn profile(user_id: &str) -> Option<VolunteerProfile> {
    use_sync().row(VOLUNTEERS, user_id)
}

/// Time-bank entries of one person, newest first.
pub fn ledger(user_id: &str) -> Vec<LedgerEntry> {
    let mut entries: Vec<LedgerEntry> = use_sync()
        .rows(LEDGER)
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e: &LedgerEntry| e.user_id == user_id)
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    entries
}

/// The person's inbox, newest first.
pub fn messages(user_id: &str) -> Vec<InboxMessage> {
    let mut messages: Vec<InboxMessage> = use_sync()
        .rows(INBOX)
        .into_iter()
        .map(|(m, _)| m)
        .filter(|m: &InboxMessage| m.user_id == user_id)
        .collect();
    messages.sort_by_key(|m| std::cmp::Reverse(m.created_at));
    messages
}
