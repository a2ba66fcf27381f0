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

mod building_choice;

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
    let edit = move |grid: GridInfo| {
        editing.set(Some(grid.id));
        name.set(grid.name);
        worker_id.set(grid.worker.map(|w| w.id).unwrap_or_default());
        chosen.set(grid.buildings.into_iter().map(|b| b.id).collect());
    };
    let remove = move |id: String| {
        let Some(token) = session.token() else { return };
        form.run(
            async move { delete(&token, &format!("/admin/grids/{id}")).await },
            move |()| {
                grids.refetch();
                buildings.refetch();
            },
        );
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"网格"</h1>
            <NeedsNetwork />
            {loaded(grids, move |list| view! {
                <ul class="admin-list">
                    {list.into_iter().map(|g| {
                        let names = g.buildings.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join("、");
                        let worker = g.worker.as_ref().map_or("还没有网格员".to_owned(), |w| format!("网格员 {}", w.name));
                        let (for_edit, id) = (g.clone(), g.id.clone());
                        view! {
                            <li class="card">
                                <h2>{g.name.clone()}</h2>
                                <p>{format!("{worker} · {} 户", g.households)}</p>
                                <p>{if names.is_empty() { "还没有楼栋".to_owned() } else { names }}</p>
                                <div class="actions">
                                    <button class="button" on:click=move |_| edit(for_edit.clone())>"修改"</button>
                                    <button class="button" on:click=move |_| remove(id.clone())>"删除网格"</button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <form class="form card" on:submit=on_submit novalidate>
                <h2>{move || if editing.get().is_some() { "修改网格" } else { "新建网格" }}</h2>
                <TextField label="网格名称" name="name" value=name error=form.field("name") hint="例如：第一网格" />
                <div class="field">
                    <label for="field-worker">"网格员"</label>
                    <select id="field-worker" bind:value=worker_id>
                        <option value="">"暂不安排"</option>
                        {move || workers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|w| {
                            let id = w.id.clone();
                            let selected = move || worker_id.get() == id;
                            view! { <option value=w.id.clone() selected=selected>{w.display_name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error">{move || form.field("worker_id").get()}</p>
                </div>
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
