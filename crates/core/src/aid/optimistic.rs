//! How 互助 mutations change what the person sees before the server decides.

use super::*;
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: ASK,
        apply: ask,
    },
    Rule {
        mutation: TAKE,
        apply: take,
    },
    Rule {
        mutation: CANCEL,
        apply: cancel,
    },
    Rule {
        mutation: CONFIRM,
        apply: confirm,
    },
    Rule {
        mutation: SET_FLOORS,
        apply: set_floors,
    },
];

fn ask(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<AskArgs>() {
        let request = HelpRequest {
            id: a.id.clone(),
            kind: a.kind,
            at: a.at,
            place: a.place,
            note: a.note,
            requester_id: a.requester_id,
            requester_name: String::new(),
            requester_phone: None,
            channel: a.channel,
            filed_by: None,
            status: HelpStatus::Open,
            taker_id: None,
            taker_name: None,
            taker_phone: None,
            cancel_reason: None,
            minutes: None,
            from_pool: false,
            created_at: m.created_at,
        };
        view.put(REQUESTS, &a.id, &request);
    }
}

/// Taken on this device: 待确认 until the server says who was first.
fn take(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<TakeArgs>() {
        view.modify(REQUESTS, &a.request_id, |r: &mut HelpRequest| {
            r.status = HelpStatus::Pending;
            r.taker_id = Some(a.taker_id.clone());
        });
    }
}

fn cancel(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CancelArgs>() {
        view.modify(REQUESTS, &a.request_id, |r: &mut HelpRequest| {
            r.cancel_reason = Some(a.reason.clone());
            match a.side {
                CancelSide::Requester => r.status = HelpStatus::Cancelled,
                CancelSide::Taker => {
                    r.status = HelpStatus::Open;
                    r.taker_id = None;
                    r.taker_name = None;
                    r.taker_phone = None;
                }
            }
        });
    }
}

/// Done, with its hours; the ledger's entries arrive with the next pull.
fn confirm(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<ConfirmArgs>() {
        view.modify(REQUESTS, &a.request_id, |r: &mut HelpRequest| {
            r.status = HelpStatus::Done;
            r.minutes = Some(a.minutes);
            r.from_pool = a.from_pool;
        });
    }
}

fn set_floors(m: &Mutation, view: &mut View) {
    if let Ok(settings) = m.args::<FloorArgs>() {
        view.put(SETTINGS, &settings.id.clone(), &settings);
    }
}
