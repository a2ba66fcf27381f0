//! How 说事 mutations change what the person sees before the server decides.

use super::*;
use crate::sync::mutators::{args, modify, put};
use crate::sync::{Mutation, View};

fn event(m: &Mutation, kind: EventKind, note: &str) -> Event {
    Event {
        at: m.created_at,
        kind,
        note: note.to_owned(),
        by_name: "我".to_owned(),
    }
}

/// Applies a 说事 mutation; returns false for any other name.
pub fn apply(m: &Mutation, view: &mut View) -> bool {
    match m.name.as_str() {
        SUBMIT => {
            let Some(a) = args::<SubmitArgs>(m) else {
                return true;
            };
            let category = view
                .get(CATEGORIES, &a.category_id)
                .and_then(|c| serde_json::from_value::<Category>(c.clone()).ok())
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
            put(view, REPORTS, &report.id.clone(), &report);
        }
        SUPPORT => {
            if let Some(a) = args::<SupportArgs>(m) {
                modify(view, REPORTS, &a.report_id, |r: &mut Report| {
                    if !r.me_too {
                        r.me_too = true;
                        r.supporters += 1;
                    }
                });
            }
        }
        ACT => {
            if let Some(a) = args::<ActArgs>(m) {
                modify(view, REPORTS, &a.report_id, |r: &mut Report| {
                    if let Ok(kind) = r.act(&a.action, m.created_at) {
                        r.timeline.push(event(m, kind, &a.note));
                    }
                });
            }
        }
        RATE => {
            if let Some(a) = args::<RateArgs>(m) {
                modify(view, REPORTS, &a.report_id, |r: &mut Report| {
                    r.rating = Some(Rating {
                        stars: a.stars,
                        comment: a.comment.clone(),
                    });
                });
            }
        }
        REOPEN => {
            if let Some(a) = args::<ReopenArgs>(m) {
                modify(view, REPORTS, &a.report_id, |r: &mut Report| {
                    r.state = CaseState::InProgress;
                    r.closed_at = None;
                    r.rating = None;
                    r.timeline.push(event(m, EventKind::Reopened, &a.reason));
                });
            }
        }
        SAVE_CATEGORY => {
            if let Some(c) = args::<Category>(m) {
                put(view, CATEGORIES, &c.id.clone(), &c);
            }
        }
        _ => return false,
    }
    true
}
