use leptos::prelude::*;
use linli_core::admin::GridInfo;

/// One grid in the list: its 网格员, households and buildings, to change or remove.
#[component]
pub fn GridCard(
    grid: GridInfo,
    edit: Callback<GridInfo>,
    remove: Callback<String>,
) -> impl IntoView {
    let names = grid
        .buildings
        .iter()
        .map(|b| b.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let worker = grid.worker.as_ref().map_or("还没有网格员".to_owned(), |w| {
        format!("网格员 {}", w.name)
    });
    let id = grid.id.clone();
    view! {
        <li class="card">
            <h2>{grid.name.clone()}</h2>
            <p>{format!("{worker} · {} 户", grid.households)}</p>
            <p>{if names.is_empty() { "还没有楼栋".to_owned() } else { names }}</p>
            <div class="actions">
                <button class="button" on:click=move |_| edit.run(grid.clone())>"修改"</button>
                <button class="button" on:click=move |_| remove.run(id.clone())>"删除网格"</button>
            </div>
        </li>
    }
}
