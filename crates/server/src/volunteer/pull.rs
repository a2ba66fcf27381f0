//! What devices pull of volunteering.

use linli_core::access::Action;
use linli_core::sync::Change;
use linli_core::volunteer::{ACTIVITIES, LEDGER, SHIFTS, SIGNUPS, VOLUNTEERS};

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes, scoped_changes};

/// Activities are public within their community, visitors included.
pub async fn activities(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed_activities(tx, viewer.community_id, w).await?;
    Ok(changes(ACTIVITIES, rows, |a| a.id.clone()))
}

/// Shifts are public too, but only the devices of those who run them get the check-in code.
pub async fn shifts(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let mut rows = db::changed_shifts(tx, viewer.community_id, w).await?;
    if !viewer.may(Action::ScheduleShifts) {
        for shift in &mut rows {
            shift.row.check_in_code = None;
        }
    }
    Ok(changes(SHIFTS, rows, |s| s.id.clone()))
}

/// A volunteer's own sign-ups; staff also those of the people they act for.
pub async fn signups(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let scope = viewer.scope(tx, Action::ActForResidents).await?;
    let Some(owner) = scope.owner() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_signups(tx, viewer.community_id, owner, w).await?;
    Ok(scoped_changes(
        SIGNUPS,
        rows,
        &scope,
        |s| s.id.clone(),
        |s| &s.user_id,
    ))
}

/// A volunteer's own profile; staff also those whose emergency contacts they may read.
pub async fn profiles(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let scope = viewer.scope(tx, Action::ReadEmergencyContacts).await?;
    let Some(owner) = scope.owner() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_profiles(tx, viewer.community_id, owner, w).await?;
    Ok(scoped_changes(
        VOLUNTEERS,
        rows,
        &scope,
        |p| p.user_id.clone(),
        |p| &p.user_id,
    ))
}

/// A volunteer's own time-bank entries; staff also those of the people they act for.
pub async fn ledger(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let scope = viewer.scope(tx, Action::ActForResidents).await?;
    let Some(owner) = scope.owner() else {
        return Ok(Vec::new());
    };
    let rows = db::changed_entries(tx, viewer.community_id, owner, w).await?;
    Ok(scoped_changes(
        LEDGER,
        rows,
        &scope,
        |e| e.id.clone(),
        |e| &e.user_id,
    ))
}
