//! What devices pull of the directory.

use linli_core::directory::SERVICES;
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};

/// Service items are public within their community.
pub async fn services(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let rows = db::changed(tx, viewer.community_id, w).await?;
    Ok(changes(SERVICES, rows, |item| item.id.clone()))
}
