//! What devices pull of the register: each household as the viewer may see it (the core's
//! `sight_of`; one they may not see arrives as a deletion, so it never reaches their
//! device), the visits of the households whose 网格员 they are (and those they logged),
//! and the community's rhythms for those who keep a list.

use linli_core::access::Reach;
use linli_core::care::{self, HOUSEHOLDS, Household, RHYTHMS, Sight, VISITS};
use linli_core::sync::Change;

use super::db;
use crate::auth::CurrentUser;
use crate::db::{Conn, now_ms, people};
use crate::sync::pull::{Viewer, Window, changes};

/// The flat the viewer lives in, if they live in the community.
async fn own_flat(
    tx: &mut Conn,
    user: &CurrentUser,
) -> sqlx::Result<Option<(String, String, String)>> {
    Ok(people::person(tx, &user.id).await?.and_then(|p| {
        p.household()
            .map(|(b, u, r)| (b.to_owned(), u.to_owned(), r.to_owned()))
    }))
}

/// What `user`, living in `flat`, sees of `h`.
pub fn sight(
    user: &CurrentUser,
    flat: Option<&(String, String, String)>,
    h: &Household,
) -> Option<Sight> {
    let own = user.verified && flat.is_some_and(|(b, u, r)| h.is_at(b, u, r));
    care::sight_of(user.role, &user.standing(), &h.building_id, own)
}

pub async fn households(
    tx: &mut Conn,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::changed_households(tx, viewer.community_id, w).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let flat = own_flat(tx, user).await?;
    let rules = db::rhythms(tx, viewer.community_id).await?;
    let now = now_ms();
    Ok(rows
        .into_iter()
        .map(|v| {
            let mut h = v.row;
            let id = h.id.clone();
            let data = sight(user, flat.as_ref(), &h).and_then(|s| {
                h.derive(&rules, now);
                serde_json::to_value(h.seen_as(s)).ok()
            });
            Change {
                collection: HOUSEHOLDS.to_owned(),
                id,
                version: v.version as u64,
                data,
            }
        })
        .collect())
}

/// A visit reaches the household's 网格员, and whoever logged it.
pub async fn visits(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    if care::list_reach(user.role) == Reach::Nowhere {
        return Ok(Vec::new());
    }
    let rows = db::changed_visits(tx, viewer.community_id, w).await?;
    Ok(rows
        .into_iter()
        .map(|v| {
            let s = v.row;
            let full = care::sight_of(user.role, &user.standing(), &s.building_id, false)
                == Some(Sight::Full);
            let keep = full || s.by_id == user.id;
            Change {
                collection: VISITS.to_owned(),
                id: s.visit.id.clone(),
                version: v.version as u64,
                data: keep.then(|| serde_json::to_value(&s.visit).ok()).flatten(),
            }
        })
        .collect())
}

pub async fn rhythms(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    if viewer
        .user
        .is_none_or(|u| care::list_reach(u.role) == Reach::Nowhere)
    {
        return Ok(Vec::new());
    }
    let rows = db::changed_rhythms(tx, viewer.community_id, w).await?;
    Ok(changes(RHYTHMS, rows, |r| r.id.clone()))
}
