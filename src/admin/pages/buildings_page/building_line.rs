use leptos::prelude::*;
use linli_core::admin::{BuildingChange, BuildingInfo};

use crate::admin::state::{delete, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// One building: its grid, residents and 楼栋长; rename it, or retire it (the server
/// refuses while people live there, and says so).
#[component]
pub(super) fn BuildingLine(building: BuildingInfo, on_change: Callback<()>) -> impl IntoView {
    let session = use_session();
    let renaming = RwSignal::new(false);
    let name = RwSignal::new(building.name.clone());
    let form = use_form();
    let id = building.id.clone();
    let path = format!("/admin/buildings/{id}");
    let rename = {
        let path = path.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(token) = session.token() else { return };
            let change = BuildingChange {
                name: Some(name.get_untracked()),
                ..BuildingChange::default()
            };
            let checked = change.validated().map(|_| change);
            let path = path.clone();
            form.submit(
                checked,
                move |change| async move {
                    write::<_, BuildingInfo>(&token, Method::PATCH, &path, &change).await
                },
                move |_| {
                    renaming.set(false);
                    on_change.run(());
                },
            );
        }
    };
    let retire = move |_| {
        let Some(token) = session.token() else { return };
        let path = path.clone();
        form.run(async move { delete(&token, &path).await }, move |()| {
            on_change.run(())
        });
    };
    let facts = [
        building.units.map(|u| format!("{u} 个单元")),
        building.floors.map(|f| format!("{f} 层")),
        Some(format!("{} 位居民", building.residents)),
        building.grid.as_ref().map(|g| g.name.clone()),
        building
            .building_head
            .as_ref()
            .map(|h| format!("楼栋长 {}", h.name)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let title = building.name.clone();
    // The poster residents scan to 说事 about this building (for printing).
    let poster = session
        .user()
        .and_then(|u| u.community_id)
        .map(|community| format!("/api/communities/{community}/buildings/{id}/report-qr.svg"));
    view! {
        <li class="card building-line">
            <h3>{title.clone()}</h3>
            <p>{facts}</p>
            {move || if renaming.get() {
                view! {
                    <form class="form" on:submit=rename.clone() novalidate>
                        <TextField label="新名称" name="name" value=name error=form.field("name") />
                        <button class="button button-primary" type="submit">"保存名称"</button>
                    </form>
                }.into_any()
            } else {
                let retire = retire.clone();
                view! {
                    <div class="actions">
                        <button class="button" on:click=move |_| renaming.set(true)
                            aria-label=format!("给{title}改名")>"改名"</button>
                        <button class="button" on:click=retire
                            aria-label=format!("停用{title}")>"停用"</button>
                        {poster.clone().map(|href| view! {
                            <a class="button" href=href target="_blank" aria-label=format!("{title}的说事二维码海报")>"二维码海报"</a>
                        })}
                    </div>
                }.into_any()
            }}
            <FormAlert error=form.error() />
        </li>
    }
}
