use leptos::prelude::*;

/// A table that scrolls sideways on a narrow screen. It can be focused, so the
/// keyboard scrolls it too, and is named for screen readers.
#[component]
pub(super) fn TableWrap(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}
