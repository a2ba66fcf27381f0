use leptos::prelude::*;

/// The case this one duplicates, among `others` (each an id with its label).
#[component]
pub(super) fn OriginalField(
    others: Vec<(String, String)>,
    original: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-of">"和哪一件是同一回事"</label>
            <select id="field-of" on:change=move |ev| original.set(event_target_value(&ev))>
                <option value="">"请选择"</option>
                {others.into_iter().map(|(id, label)| {
                    let chosen = id.clone();
                    view! {
                        <option value=id selected=move || original.read() == chosen>{label}</option>
                    }
                }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
