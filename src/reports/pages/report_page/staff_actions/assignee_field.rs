use leptos::prelude::*;
use linli_core::account::ResidentCard;

/// 交给谁: the property company, or one of the community's grid workers.
#[component]
pub(super) fn AssigneeField(
    grid_workers: Vec<ResidentCard>,
    assignee: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-assignee">"交给谁"</label>
            <select id="field-assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                <option value="property">"物业公司"</option>
                {grid_workers.into_iter().map(|g| {
                    let id = g.id.clone();
                    view! {
                        <option value=g.id.clone() selected=move || assignee.read() == id>
                            {format!("网格员 {}", g.display_name)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}
