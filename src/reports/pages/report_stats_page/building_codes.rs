use leptos::prelude::*;

use crate::state::community;
use crate::state::session::use_session;

/// Printable QR codes that open the report form for a building.
#[component]
pub(super) fn BuildingCodes() -> impl IntoView {
    let session = use_session();
    let buildings = community::buildings();
    view! {
        <h2>"楼栋二维码"</h2>
        <p>"打印后贴在楼道里，居民扫码就能直接反映这栋楼的问题。"</p>
        <ul class="building-grid plain-list">
            {move || {
                let community = session.user().and_then(|u| u.community_id).unwrap_or_default();
                buildings.get().into_iter().map(|b| view! {
                    <li><a class="tap-link" target="_blank" href=format!("/api/communities/{community}/buildings/{}/report-qr.svg", b.id)>{b.name}</a></li>
                }).collect_view()
            }}
        </ul>
    }
}
