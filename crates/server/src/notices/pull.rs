//! What devices pull of notices.

use linli_core::access::Action;
use linli_core::notice::{NOTICE_ACKS, NOTICES};
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, scoped_changes};

/// Notices changed in the window, as the viewer may see them: withdrawn ones, and ones
/// for other buildings (unless the viewer is staff), arrive as deletions. A resident
/// still 待核实 sees what a visitor sees: no building's notices, not even their own's.
pub async fn notices(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let building = viewer
        .user
        .filter(|u| u.verified)
        .and_then(|u| u.building_id.as_deref());
    let rows = db::changed(tx, viewer.community_id, w).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let for_viewer = viewer.is_staff()
                || row
                    .notice
                    .audience
                    .as_ref()
                    .is_none_or(|a| building.is_some_and(|b| a.iter().any(|x| x == b)));
            Change {
                collection: NOTICES.to_owned(),
                id: row.notice.id.clone(),
                version: row.version as u64,
                data: (for_viewer && !row.withdrawn)
                    .then(|| serde_json::to_value(&row.notice).unwrap_or_default()),
            }
        })
        .collect())
}

/// A resident's own acknowledgements; staff and 楼栋长 also those of the people within
/// their reach ([`Action::ViewAcks`]).
pub async fn acks(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let scope = viewer.scope(tx, Action::ViewAcks).await?;
    let Some(owner) = scope.owner() else {
        return Ok(Vec::new());
    };
    let rows = db::acks_changed(tx, viewer.community_id, owner, w).await?;
    Ok(scoped_changes(
        NOTICE_ACKS,
        rows,
        &scope,
        |ack| format!("{}:{}", ack.notice_id, ack.user_id),
        |ack| &ack.user_id,
    ))
}
