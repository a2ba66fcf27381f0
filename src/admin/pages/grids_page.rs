use leptos::prelude::*;
use linli_core::account::Role;
use linli_core::admin::{BuildingInfo, GridInfo, GridRequest, PersonSummary};

use crate::admin::components::loaded::loaded;
use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::{delete, load, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;
use building_choice::BuildingChoice;
use grid_card::GridCard;
use worker_choice::WorkerChoice;

mod building_choice;
mod grid_card;
mod worker_choice;

/// 网格 (管理员): the grids with their 网格员 and buildings (a building in one grid at
/// most); a grid created, changed whole, or removed.
#[component]
pub fn GridsPage() -> impl IntoView {
    let session = use_session();
    let grids =
        LocalResource::new(move || load::<Vec<GridInfo>>(session.token(), "/admin/grids".into()));
    let buildings = LocalResource::new(move || {
        load::<Vec<BuildingInfo>>(session.token(), "/admin/buildings".into())
    });
    let workers = LocalResource::new(move || {
        load::<Vec<PersonSummary>>(
            session.token(),
            format!("/admin/people?role={}", Role::GridWorker.as_str()),
        )
    });
    // The grid being changed (`None`: a new one).
    let editing = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let worker_id = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let form = use_form();
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        worker_id.set(String::new());
        chosen.set(Vec::new());
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let req = GridRequest {
            name: name.get_untracked(),
            worker_id: Some(worker_id.get_untracked()).filter(|w| !w.is_empty()),
            building_ids: chosen.get_untracked(),
        };
        let (method, path) = match editing.get_untracked() {
            Some(id) => (Method::PUT, format!("/admin/grids/{id}")),
            None => (Method::POST, "/admin/grids".to_owned()),
        };
        form.submit(
            req.validated(),
            move |req| async move { write::<_, GridInfo>(&token, method, &path, &req).await },
            move |_| {
                reset();
                grids.refetch();
                buildings.refetch();
            },
        );
    };
    let edit = Callback::new(move |grid: GridInfo| {
        editing.set(Some(grid.id));
        name.set(grid.name);
        worker_id.set(grid.worker.map(|w| w.id).unwrap_or_default());
        chosen.set(grid.buildings.into_iter().map(|b| b.id).collect());
    });
    let remove = Callback::new(move |id: String| {
        let Some(token) = session.token() else { return };
        form.run(
            async move { delete(&token, &format!("/admin/grids/{id}")).await },
            move |()| {
                grids.refetch();
                buildings.refetch();
            },
        );
    });
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"网格"</h1>
            <NeedsNetwork />
            {loaded(grids, move |list| view! {
                <ul class="admin-list">
                    {list.into_iter().map(|grid| view! { <GridCard grid edit remove /> }).collect_view()}
                </ul>
            })}
            <form class="form card" on:submit=on_submit novalidate>
                <h2>{move || if editing.get().is_some() { "修改网格" } else { "新建网格" }}</h2>
                <TextField label="网格名称" name="name" value=name error=form.field("name") hint="例如：第一网格" />
                <WorkerChoice workers worker_id error=form.field("worker_id") />
                <BuildingChoice buildings chosen />
                <FormAlert error=form.error() />
                <div class="actions">
                    <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"保存网格"</button>
                    {move || editing.get().is_some().then(|| view! {
                        <button class="button" type="button" on:click=move |_| reset()>"不改了"</button>
                    })}
                </div>
            </form>
        </section>
    }
}
