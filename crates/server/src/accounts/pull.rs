//! What staff devices pull of their community's accounts.

use linli_core::access::Action;
use linli_core::account::RESIDENTS;
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};

/// Staff devices keep their community's accounts; no one else gets them.
pub async fn residents(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    if !viewer
        .user
        .is_some_and(|u| u.role.may(Action::ReadResidents))
    {
        return Ok(Vec::new());
    }
    let rows = db::changed(tx, viewer.community_id, w).await?;
    Ok(changes(RESIDENTS, rows, |card| card.id.clone()))
}
