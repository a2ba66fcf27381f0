use leptos::prelude::*;
use linli_core::admin::BuildingInfo;

use crate::error::AppError;

/// 包括的楼栋: the buildings in use, each ticked when the grid takes it, with the grid it
/// is in now (a building is in one grid at most: saving moves it).
#[component]
pub(super) fn BuildingChoice(
    buildings: LocalResource<Result<Vec<BuildingInfo>, AppError>>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="field-group">
            <legend>"包括的楼栋"</legend>
            <div class="building-grid">
                {move || buildings.get().and_then(Result::ok).unwrap_or_default().into_iter()
                    .filter(|b| !b.retired)
                    .map(|b| {
                        let id = b.id.clone();
                        let checked = {
                            let id = id.clone();
                            move || chosen.with(|c| c.contains(&id))
                        };
                        let toggle = move |_| chosen.update(|c| match c.iter().position(|x| *x == id) {
                            Some(i) => { c.remove(i); }
                            None => c.push(id.clone()),
                        });
                        let other_grid = b.grid.as_ref().map(|g| format!("（{}）", g.name)).unwrap_or_default();
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=checked on:change=toggle />
                                {format!("{}{other_grid}", b.name)}
                            </label>
                        }
                    }).collect_view()}
            </div>
        </fieldset>
    }
}
