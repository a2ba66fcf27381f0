//! What devices pull of the inbox.

use linli_core::inbox::INBOX;
use linli_core::sync::Change;

use super::db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};

/// Inbox messages reach only the person they are for, staff included.
pub async fn messages(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::changed_messages(tx, viewer.community_id, &user.id, w).await?;
    Ok(changes(INBOX, rows, |msg| msg.id.clone()))
}
