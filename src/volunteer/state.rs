//! The volunteering rows on the device, as the pages read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::Millis;
use linli_core::inbox::{INBOX, InboxMessage};
use linli_core::volunteer::{
    ACTIVITIES, Activity, LEDGER, LedgerEntry, SHIFTS, SIGNUPS, Shift, Signup, VOLUNTEERS,
    VolunteerProfile,
};

use crate::state::sync::{Collection, Row, use_sync};

fn collection<T>(name: &'static str) -> Collection<T> {
    use_sync().collection(name)
}

pub fn activity(id: &str) -> Option<Activity> {
    collection::<Activity>(ACTIVITIES).get(id)
}

pub fn activities() -> Vec<Activity> {
    collection::<Activity>(ACTIVITIES).values()
}

/// Every shift on the device, earliest first.
pub fn shifts() -> Vec<Shift> {
    let mut shifts = collection::<Shift>(SHIFTS).values();
    shifts.sort_by_key(|s| s.starts_at);
    shifts
}

pub fn shift(id: &str) -> Option<Shift> {
    collection::<Shift>(SHIFTS).get(id)
}

/// Sign-ups on the device: a volunteer's own, or (staff) the community's.
pub fn signups() -> Vec<Signup> {
    collection::<Signup>(SIGNUPS).values()
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
    collection::<VolunteerProfile>(VOLUNTEERS).get(user_id)
}

/// Time-bank entries of one person, newest first.
pub fn ledger(user_id: &str) -> Vec<LedgerEntry> {
    newest_first(&collection::<LedgerEntry>(LEDGER).rows(), user_id, |e| {
        (&e.user_id, e.created_at)
    })
}

/// The person's inbox, newest first.
pub fn messages(user_id: &str) -> Vec<InboxMessage> {
    newest_first(&collection::<InboxMessage>(INBOX).rows(), user_id, |m| {
        (&m.user_id, m.created_at)
    })
}

/// The rows that are `user_id`'s, newest first, by what `whose_when` says of each.
fn newest_first<T: Clone>(
    rows: &[Row<T>],
    user_id: &str,
    whose_when: fn(&T) -> (&String, Millis),
) -> Vec<T> {
    let mut theirs: Vec<&T> = rows
        .iter()
        .map(|r| &r.value)
        .filter(|v| whose_when(v).0 == user_id)
        .collect();
    theirs.sort_by_key(|v| std::cmp::Reverse(whose_when(v).1));
    theirs.into_iter().cloned().collect()
}
