//! What devices pull of sign-ups: openings and sessions (with places taken) are public
//! within their community; a sign-up only reaches its own account and the staff who act
//! for that resident (a 网格员 their grid's, 社区工作者 and admins everyone's). To anyone
//! else a sign-up that changed arrives as a deletion: no name, no flat.

use linli_core::access::Action;
use linli_core::signup::{ENTRIES, OPENINGS, SESSIONS};
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes, scoped_changes};

pub async fn openings(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed_openings(tx, viewer.community_id, w).await?;
    Ok(changes(OPENINGS, rows, |o| o.id.clone()))
}

pub async fn sessions(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed_sessions(tx, viewer.community_id, w).await?;
    Ok(changes(SESSIONS, rows, |s| s.id.clone()))
}

pub async fn entries(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let scope = viewer.scope(tx, Action::ActForResidents).await?;
    let Some(owner) = scope.owner() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_entries(tx, viewer.community_id, owner, w).await?;
    Ok(scoped_changes(
        ENTRIES,
        rows,
        &scope,
        |e| e.id.clone(),
        |e| &e.user_id,
    ))
}
