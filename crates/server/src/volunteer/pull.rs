//! What devices pull of volunteering.

use linli_core::sync::Change;
use linli_core::volunteer::{ACTIVITIES, LEDGER, SHIFTS, SIGNUPS, VOLUNTEERS};

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};

/// Activities are public within their community, visitors included.
pub async fn activities(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed_activities(tx, viewer.community_id, w).await?;
    Ok(changes(ACTIVITIES, rows, |a| a.id.clone()))
}

/// Shifts are public too, but only staff devices get the check-in code.
pub async fn shifts(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let mut rows = db::changed_shifts(tx, viewer.community_id, w).await?;
    if !viewer.is_staff() {
        for shift in &mut rows {
            shift.row.check_in_code = None;
        }
    }
    Ok(changes(SHIFTS, rows, |s| s.id.clone()))
}

/// A volunteer's own sign-ups; staff get their community's.
pub async fn signups(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(owner) = viewer.personal_scope() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_signups(tx, viewer.community_id, owner, w).await?;
    Ok(changes(SIGNUPS, rows, |s| s.id.clone()))
}

/// A volunteer's own profile; staff get their community's.
pub async fn profiles(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(owner) = viewer.personal_scope() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_profiles(tx, viewer.community_id, owner, w).await?;
    Ok(changes(VOLUNTEERS, rows, |p| p.user_id.clone()))
}

/// A volunteer's own time-bank entries; staff get their community's.
pub async fn ledger(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(owner) = viewer.personal_scope() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_entries(tx, viewer.community_id, owner, w).await?;
    Ok(changes(LEDGER, rows, |e| e.id.clone()))
}
