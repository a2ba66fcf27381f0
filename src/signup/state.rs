//! The sign-up rows on the device, as the pages read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::signup::{ENTRIES, Entry, OPENINGS, Opening, SESSIONS, Session, Subject};

use crate::state::sync::{Row, use_sync};

/// Whether sign-ups are open on the notice or directory item `id`: read from the rows as
/// stored, so that the pages that ask share no sign-up code with the 报名 part.
pub fn opened_on(id: &str) -> bool {
    use_sync()
        .collection::<serde_json::Value>(OPENINGS)
        .rows()
        .iter()
        .any(|r| r.value["subject"]["id"] == id)
}

/// Sign-ups opened on a notice or a directory item.
pub fn openings_on(subject: &Subject) -> Vec<Opening> {
    use_sync()
        .collection::<Opening>(OPENINGS)
        .values()
        .into_iter()
        .filter(|o| &o.subject == subject)
        .collect()
}

pub fn opening(id: &str) -> Option<Opening> {
    use_sync().collection::<Opening>(OPENINGS).get(id)
}

/// The sessions of an opening, earliest first.
pub fn sessions_of(opening_id: &str) -> Vec<Session> {
    let mut sessions: Vec<Session> = use_sync()
        .collection::<Session>(SESSIONS)
        .values()
        .into_iter()
        .filter(|s| s.opening_id == opening_id)
        .collect();
    sessions.sort_by_key(|s| s.starts_at);
    sessions
}

pub fn session(id: &str) -> Option<Session> {
    use_sync().collection::<Session>(SESSIONS).get(id)
}

/// Sign-ups of an opening on the device (a resident's own, staff those they act for),
/// in the list's order (each group in the order they signed up), each with whether a
/// write to it waits to be sent.
pub fn entries_of(opening_id: &str) -> Vec<Row<Entry>> {
    let mut rows: Vec<Row<Entry>> = use_sync()
        .collection::<Entry>(ENTRIES)
        .rows()
        .iter()
        .filter(|r| r.value.opening_id == opening_id)
        .cloned()
        .collect();
    rows.sort_by_key(|r| (r.value.list_rank(), r.value.signed_up_at));
    rows
}

/// The person's own sign-ups, newest first.
pub fn my_entries(user_id: &str) -> Vec<Row<Entry>> {
    let mut rows: Vec<Row<Entry>> = use_sync()
        .collection::<Entry>(ENTRIES)
        .rows()
        .iter()
        .filter(|r| r.value.user_id == user_id)
        .cloned()
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.value.signed_up_at));
    rows
}
