//! What staff and 楼栋长 devices pull of the accounts within their reach.

use linli_core::access::Action;
use linli_core::account::RESIDENTS;
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, kept_changes};

/// Accounts within the viewer's reach (a 楼栋长's building, a 网格员's grid, a 社区工作者's
/// community, those waiting to be verified included, and for staff their colleagues);
/// the others arrive as deletions (moved away, or no longer staff). Residents and
/// visitors get none.
pub async fn residents(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user.filter(|u| u.role.may(Action::ReadResidents)) else {
        return Ok(Vec::new());
    };
    let rows = db::changed(tx, viewer.community_id, w).await?;
    Ok(kept_changes(
        RESIDENTS,
        rows,
        |card| card.id.clone(),
        |card| user.reads(&card.id, card.role, card.address.building_id.as_deref()),
    ))
}
