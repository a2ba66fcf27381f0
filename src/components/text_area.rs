use leptos::prelude::*;
use linli_core::validate::char_len;

/// A labelled multi-line input with a running character count and its error
/// shown (and announced) next to it.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    max_chars: usize,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let id = format!("field-{name}");
    let count_id = format!("{id}-count");
    let error_id = format!("{id}-error");
    let hint_text = hint.map(|h| format!("{h}。")).unwrap_or_default();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=name
                rows=rows
                bind:value=value
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("{count_id} {error_id}")
            ></textarea>
            <p class="field-hint" id=count_id>
                {move || format!("{hint_text}{} / {max_chars} 字", char_len(&value.get()))}
            </p>
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
