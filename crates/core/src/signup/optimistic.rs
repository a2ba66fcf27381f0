//! How sign-up mutations change what the person sees before the server decides.

use super::*;
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: SAVE_OPENING,
        apply: save_opening,
    },
    Rule {
        mutation: SAVE_SESSION,
        apply: save_session,
    },
    Rule {
        mutation: SIGN_UP,
        apply: sign_up,
    },
    Rule {
        mutation: CANCEL,
        apply: cancel,
    },
    Rule {
        mutation: MARK_ATTENDANCE,
        apply: mark_attendance,
    },
];

fn save_opening(m: &Mutation, view: &mut View) {
    if let Ok(opening) = m.args::<Opening>() {
        view.put(OPENINGS, &opening.id.clone(), &opening);
    }
}

fn save_session(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<SessionArgs>() else {
        return;
    };
    let old = view.row::<Session>(SESSIONS, &a.id);
    let session = Session {
        id: a.id.clone(),
        opening_id: a.opening_id,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        place: a.place,
        capacity: a.capacity.clamp(0, i64::from(MAX_CAPACITY)) as u32,
        buildings: a.buildings,
        confirmed: old.as_ref().map_or(0, |s| s.confirmed),
        waitlisted: old.as_ref().map_or(0, |s| s.waitlisted),
    };
    view.put(SESSIONS, &a.id, &session);
}

/// 待确认 until the server decides 已确认 or 候补.
fn sign_up(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<SignUpArgs>() else {
        return;
    };
    let opening_id = view
        .row::<Session>(SESSIONS, &a.session_id)
        .map(|s| s.opening_id)
        .unwrap_or_default();
    let entry = Entry {
        id: a.entry_id.clone(),
        opening_id,
        session_id: a.session_id,
        user_id: a.user_id,
        user_name: String::new(),
        flat: String::new(),
        family: a.family,
        born: a.born,
        status: EntryStatus::Pending,
        position: None,
        channel: a.channel,
        filed_by: None,
        signed_up_at: m.created_at,
        attended: None,
    };
    view.put(ENTRIES, &a.entry_id, &entry);
}

fn cancel(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<EntryRef>() {
        view.modify(ENTRIES, &a.entry_id, |e: &mut Entry| {
            e.status = EntryStatus::Cancelled;
            e.position = None;
        });
    }
}

fn mark_attendance(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<AttendanceArgs>() {
        view.modify(ENTRIES, &a.entry_id, |e: &mut Entry| {
            e.attended = Some(a.attended);
        });
    }
}
