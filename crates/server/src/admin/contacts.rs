//! 联系社区 through sync: one row for every viewer, visitors included, kept for offline use.

use linli_core::admin::{CONTACTS, CONTACTS_ROW};
use linli_core::sync::Change;

use super::db::contacts as db;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window};

/// The viewer's 联系社区 when anything on it changed in the window: the office, its
/// staff, the grids and building heads all stamp the community's contacts version. A
/// move to another building starts the mover's devices afresh (a new scope).
pub async fn contacts(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(version) = db::version(tx, viewer.community_id).await? else {
        return Ok(Vec::new());
    };
    if version <= w.since || version > w.until {
        return Ok(Vec::new());
    }
    let building = viewer.user.and_then(|u| u.building_id.as_deref());
    let row = db::contacts(tx, viewer.community_id, building).await?;
    Ok(row
        .map(|row| Change {
            collection: CONTACTS.to_owned(),
            id: CONTACTS_ROW.to_owned(),
            version: version as u64,
            data: serde_json::to_value(row).ok(),
        })
        .into_iter()
        .collect())
}
