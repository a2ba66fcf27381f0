use leptos::prelude::*;

use crate::error::AppError;

/// The overall outcome of a form, announced as soon as it appears.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <div class="form-alert" role="alert">
            {move || error.get().map(|e| view! { <p>{e.message()}</p> })}
        </div>
    }
}
