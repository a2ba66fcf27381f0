//! The person's community as pickers need it, offline too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::community::{Building, Community};

use crate::platform::{api, prefs};
use crate::state::session::use_session;

/// The buildings of the person's community: as last fetched at once, then
/// as the server has them when it can be reached.
pub fn buildings() -> Signal<Vec<Building>> {
    let session = use_session();
    let list = RwSignal::new(prefs::communities());
    spawn_local(async move {
        if let Some(fresh) = refresh().await {
            list.set(fresh);
        }
    });
    Signal::derive(move || {
        let community = session.user().and_then(|u| u.community_id);
        list.with(|all| {
            all.iter()
                .find(|c| Some(&c.id) == community.as_ref())
                .map(|c| c.buildings.clone())
                .unwrap_or_default()
        })
    })
}

/// Fetches the communities and their buildings and keeps them on the device, so
/// that a form first opened without a signal can still offer the buildings.
pub async fn refresh() -> Option<Vec<Community>> {
    let fresh = api::communities().await.ok()?;
    prefs::remember_communities(&fresh);
    Some(fresh)
}
