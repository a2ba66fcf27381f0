//! What devices pull of 居民说事: categories for everyone, and every case for the
//! community's logged-in people, each as the viewer may see it.

use std::collections::{HashMap, HashSet};

use linli_core::account::Role;
use linli_core::report::{CATEGORIES, REPORTS, Report};
use linli_core::sync::Change;

use super::case::handles;
use super::db::{self, Case, EventRecord};
use crate::auth::CurrentUser;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};

/// How the reporter of an anonymous case is shown to everyone else.
const ANONYMOUS: &str = "匿名居民";

/// A case as `user` may see it: who reported an anonymous case, contacts, the
/// room and the location only for the reporter and the staff handling it.
fn for_viewer(
    mut r: Report,
    user: &CurrentUser,
    timeline: Vec<EventRecord>,
    me_too: bool,
) -> Report {
    r.handles = handles(user, &r);
    r.mine = r.reporter_id.as_deref() == Some(user.id.as_str());
    r.me_too = me_too;
    let sees_reporter = r.handles || r.mine;
    let hide_name = r.anonymous && !sees_reporter;
    if hide_name {
        r.reporter_name = ANONYMOUS.to_owned();
    }
    r.timeline = timeline
        .into_iter()
        .map(|e| {
            let mut event = e.event;
            if hide_name && e.by_user_id.is_some() && e.by_user_id == r.reporter_id {
                event.by_name = ANONYMOUS.to_owned();
            }
            event
        })
        .collect();
    if !sees_reporter {
        r.reporter_id = None;
        r.contact_phone = None;
        r.room = None;
        r.geo = None;
    }
    r
}

/// Categories are public within their community, visitors included.
pub async fn categories(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed_categories(tx, viewer.community_id, w).await?;
    Ok(changes(CATEGORIES, rows, |c| c.id.clone()))
}

/// Whether the viewer gets a case at all: the board (说事墙) is for the community's
/// verified residents and staff; 物业 get only the cases given to them, and a resident
/// still 待核实 only their own. The others arrive as deletions.
fn on_viewers_board(user: &CurrentUser, case: &Case) -> bool {
    let own = case.report.reporter_id.as_deref() == Some(user.id.as_str())
        || case.filed_by.as_deref() == Some(user.id.as_str());
    own || handles(user, &case.report) || (user.verified && user.role != Role::Property)
}

/// Every case of the community reaches its logged-in people who may see it (the
/// board, 说事墙), each as the viewer may see it, with its timeline.
pub async fn reports(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let cases = db::changed(tx, viewer.community_id, w).await?;
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = cases.iter().map(|c| c.report.id.as_str()).collect();
    let mut timelines: HashMap<String, Vec<EventRecord>> = HashMap::new();
    for e in db::events(tx, &ids).await? {
        timelines.entry(e.report_id.clone()).or_default().push(e);
    }
    let supported: HashSet<String> = db::supported_by(tx, &user.id).await?.into_iter().collect();
    Ok(cases
        .into_iter()
        .map(|c| {
            let timeline = timelines.remove(&c.report.id).unwrap_or_default();
            let me_too = supported.contains(&c.report.id);
            let shown = on_viewers_board(user, &c);
            let (id, version) = (c.report.id.clone(), c.version as u64);
            let data = shown
                .then(|| serde_json::to_value(for_viewer(c.report, user, timeline, me_too)).ok())
                .flatten();
            Change {
                collection: REPORTS.to_owned(),
                id,
                version,
                data,
            }
        })
        .collect())
}
