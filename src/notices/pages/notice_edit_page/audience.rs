use leptos::prelude::*;
use linli_core::community::Building;

use crate::state::community;

/// Whom a notice is for: the whole community, or chosen buildings (listed when online).
#[component]
pub(super) fn Audience(
    audience: RwSignal<Option<Vec<String>>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let buildings = community::buildings();
    let toggle = move |id: String| {
        audience.update(|a| {
            let list = a.get_or_insert_with(Vec::new);
            if let Some(i) = list.iter().position(|b| *b == id) {
                list.remove(i);
            } else {
                list.push(id);
            }
        })
    };
    let picker = move || {
        audience.read().is_some().then(|| match buildings.get() {
            list if list.is_empty() => view! { <p class="field-hint">"连上网络后才能选择楼栋。没有网络时请发给全社区。"</p> }.into_any(),
            list => view! {
                <div class="building-grid">
                    {list.into_iter().map(|Building { id, name }| {
                        let checked = {
                            let id = id.clone();
                            move || audience.read().as_ref().is_some_and(|a| a.contains(&id))
                        };
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=checked on:change=move |_| toggle(id.clone()) />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        })
    };
    view! {
        <fieldset class="field-group">
            <legend>"发给谁"</legend>
            <label class="radio">
                <input type="radio" name="audience" prop:checked=move || audience.read().is_none()
                    on:change=move |_| audience.set(None) />
                "全社区"
            </label>
            <label class="radio">
                <input type="radio" name="audience" prop:checked=move || audience.read().is_some()
                    on:change=move |_| audience.set(Some(Vec::new())) />
                "只发给部分楼栋"
            </label>
            {picker}
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}
