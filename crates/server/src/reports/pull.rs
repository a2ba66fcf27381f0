//! What devices pull of 居民说事: categories for everyone, and every case for the
//! community's logged-in people, each as the viewer may see it.

use std::collections::{HashMap, HashSet};

use linli_core::report::{CATEGORIES, REPORTS, Report};
use linli_core::sync::Change;

use super::case::handles;
use super::db::{self, EventRecord};
use crate::auth::CurrentUser;
use crate::db::Conn;
use crate::sync::pull::{Versioned, Viewer, Window, changes};

/// How the reporter of an anonymous case is shown to everyone else.
const ANONYMOUS: &str = "匿名居民";

/// A case as `user` may see it: who reported an anonymous case, contacts, the
/// room and the location only for the reporter and the staff handling it.
fn for_viewer(
    mut r: Report,
    user: &CurrentUser,
    areas: &[String],
    timeline: Vec<EventRecord>,
    me_too: bool,
) -> Report {
    r.handles = handles(user, areas, &r);
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

/// Every case of the community reaches its logged-in people (the board, 说事墙),
/// each as the viewer may see it, with its timeline.
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
    let areas = db::grid_areas(tx, &user.id).await?;
    let rows = cases
        .into_iter()
        .map(|c| {
            let timeline = timelines.remove(&c.report.id).unwrap_or_default();
            let me_too = supported.contains(&c.report.id);
            Versioned {
                version: c.version,
                row: for_viewer(c.report, user, &areas, timeline, me_too),
            }
        })
        .collect();
    Ok(changes(REPORTS, rows, |r| r.id.clone()))
}
