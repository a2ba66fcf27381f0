//! How 说事 mutations change what the person sees before the server decides.

use super::*;
use crate::sync::{Mutation, Rule, Rules, View};

fn event(m: &Mutation, kind: EventKind, note: &str) -> Event {
    Event {
        at: m.created_at,
        kind,
        note: note.to_owned(),
        by_name: "我".to_owned(),
    }
}

pub const RULES: Rules = &[
    Rule {
        mutation: SUBMIT,
        apply: submit,
    },
    Rule {
        mutation: SUPPORT,
        apply: support,
    },
    Rule {
        mutation: ACT,
        apply: act,
    },
    Rule {
        mutation: RATE,
        apply: rate,
    },
    Rule {
        mutation: REOPEN,
        apply: reopen,
    },
    Rule {
        mutation: SAVE_CATEGORY,
        apply: save_category,
    },
];

fn submit(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<SubmitArgs>() else {
        return;
    };
    let category = view
        .row::<Category>(CATEGORIES, &a.category_id)
        .or_else(|| {
            default_categories()
                .into_iter()
                .find(|c| c.id == a.category_id)
        })
        // A category this device never saw still shows the case; the server names it.
        .unwrap_or_else(|| Category {
            id: a.category_id.clone(),
            name: String::new(),
            respond_hours: 0,
            resolve_hours: 0,
            position: 0,
            retired: false,
        });
    let on_behalf = a.on_behalf.clone();
    let raiser = Raiser {
        reporter_id: None,
        reporter_name: on_behalf
            .as_ref()
            .map_or_else(|| "我".to_owned(), |b| b.name.clone()),
        channel: on_behalf.as_ref().map_or(Channel::App, |b| b.channel),
        filed_by_name: on_behalf.as_ref().map(|_| "我".to_owned()),
    };
    let note = a.description.clone();
    let mut report = Report::filed(a, &category, raiser, m.created_at);
    report.mine = on_behalf.is_none();
    report.handles = on_behalf.is_some();
    report.timeline = vec![event(m, EventKind::Submitted, &note)];
    view.put(REPORTS, &report.id.clone(), &report);
}

fn support(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<SupportArgs>() {
        view.modify(REPORTS, &a.report_id, |r: &mut Report| {
            if !r.me_too {
                r.me_too = true;
                r.supporters += 1;
            }
        });
    }
}

fn act(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<ActArgs>() {
        view.modify(REPORTS, &a.report_id, |r: &mut Report| {
            if let Ok(kind) = r.act(&a.action, m.created_at) {
                r.timeline.push(event(m, kind, &a.note));
            }
        });
    }
}

fn rate(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<RateArgs>() {
        view.modify(REPORTS, &a.report_id, |r: &mut Report| {
            r.rating = Some(Rating {
                stars: a.stars,
                comment: a.comment.clone(),
            });
        });
    }
}

fn reopen(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<ReopenArgs>() {
        view.modify(REPORTS, &a.report_id, |r: &mut Report| {
            r.state = CaseState::InProgress;
            r.closed_at = None;
            r.rating = None;
            r.timeline.push(event(m, EventKind::Reopened, &a.reason));
        });
    }
}

fn save_category(m: &Mutation, view: &mut View) {
    if let Ok(c) = m.args::<Category>() {
        view.put(CATEGORIES, &c.id.clone(), &c);
    }
}
