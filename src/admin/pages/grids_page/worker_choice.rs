use leptos::prelude::*;
use linli_core::admin::PersonSummary;

use crate::error::AppError;

/// The grid's 网格员, chosen among the community's (or none yet).
#[component]
pub fn WorkerChoice(
    workers: LocalResource<Result<Vec<PersonSummary>, AppError>>,
    worker_id: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
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
            <p class="field-error">{move || error.get()}</p>
        </div>
    }
}
