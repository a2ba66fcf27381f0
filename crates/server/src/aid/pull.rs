//! What devices pull of 互助: each request as the viewer may see it (the core's
//! `sight_of`: a volunteer who has not taken it gets no phone; one they may not see, or no
//! longer, arrives as a deletion), and the community's floors.

use linli_core::aid::{self, REQUESTS, SETTINGS};
use linli_core::sync::Change;

use super::db;
use super::mutations::looker;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window, changes};
use crate::volunteer::db as volunteering;

pub async fn requests(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::changed_requests(tx, viewer.community_id, w).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let skills = volunteering::skills(tx, &user.id).await?;
    let me = looker(user, skills.as_deref());
    Ok(rows
        .into_iter()
        .map(|v| {
            let s = v.row;
            let id = s.request.id.clone();
            let data = aid::sight_of(&me, &s.request, s.building_id.as_deref())
                .and_then(|sight| serde_json::to_value(s.request.seen_as(sight)).ok());
            Change {
                collection: REQUESTS.to_owned(),
                id,
                version: v.version as u64,
                data,
            }
        })
        .collect())
}

/// The floors are the community's, for everyone logged in to see what they may pay.
pub async fn settings(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    if viewer.user.is_none() {
        return Ok(Vec::new());
    }
    let rows = db::changed_floors(tx, viewer.community_id, w).await?;
    Ok(changes(SETTINGS, rows, |s| s.id.clone()))
}
