use leptos::prelude::*;
use linli_core::admin::{AddBuildingsRequest, AddedBuildings, BuildingInfo};

use crate::admin::components::loaded::loaded;
use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::{load, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

mod building_line;

use building_line::BuildingLine;

/// 楼栋 (管理员): the community's buildings; many added at once ("1-54栋"), each renamed
/// or retired (refused, with the reason, while people live there).
#[component]
pub fn BuildingsPage() -> impl IntoView {
    let session = use_session();
    let buildings = LocalResource::new(move || {
        load::<Vec<BuildingInfo>>(session.token(), "/admin/buildings".into())
    });
    let names = RwSignal::new(String::new());
    let units = RwSignal::new(String::new());
    let floors = RwSignal::new(String::new());
    let added = RwSignal::new(None::<AddedBuildings>);
    let form = use_form();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let req = AddBuildingsRequest {
            names: names.get_untracked(),
            units: units.get_untracked(),
            floors: floors.get_untracked(),
        };
        let checked = req.validated().map(|_| req);
        form.submit(
            checked,
            move |req| async move {
                write::<_, AddedBuildings>(&token, Method::POST, "/admin/buildings", &req).await
            },
            move |result| {
                added.set(Some(result));
                names.set(String::new());
                buildings.refetch();
            },
        );
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"楼栋"</h1>
            <NeedsNetwork />
            <form class="form card" on:submit=on_submit novalidate>
                <h2>"添加楼栋"</h2>
                <TextField label="楼栋" name="names" value=names error=form.field("names")
                    hint="可以一次添加多栋，例如：1-54栋，或 1-3号楼, 综合楼" />
                <div class="field-row">
                    <TextField label="每栋几个单元" name="units" value=units error=form.field("units") hint="例如：1-3单元" />
                    <TextField label="层数" name="floors" value=floors error=form.field("floors") hint="例如：6" />
                </div>
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"添加"</button>
            </form>
            {move || added.get().map(|a| view! {
                <p class="summary" role="status">
                    {format!("已添加 {} 栋", a.added.len())}
                    {(!a.skipped.is_empty()).then(|| format!("；{} 已经有了，没有重复添加", a.skipped.join("、")))}
                </p>
            })}
            {loaded(buildings, move |list| {
                let live = list.iter().filter(|b| !b.retired).count();
                view! {
                    <h2>{format!("共 {live} 栋")}</h2>
                    <ul class="admin-list">
                        {list.into_iter().filter(|b| !b.retired).map(|b| view! {
                            <BuildingLine building=b on_change=Callback::new(move |()| buildings.refetch()) />
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}
