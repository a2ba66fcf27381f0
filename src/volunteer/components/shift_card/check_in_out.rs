use leptos::prelude::*;
use linli_core::volunteer::{Check, CheckArgs};

use crate::state::write::Form;

/// Check-in (or check-out) with the code the shift leader shows; works offline.
#[component]
pub(super) fn CheckInOut(
    signup_id: String,
    check: Check,
    code: RwSignal<String>,
    form: Form,
) -> impl IntoView {
    let action = check.label();
    let input_id = format!("code-{signup_id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = CheckArgs {
            signup_id: signup_id.clone(),
            code: code.get_untracked(),
        };
        form.record(check.mutation(), args);
    };
    view! {
        <form class="check-in" on:submit=submit>
            <label for=input_id.clone()>{format!("{action}码（问现场负责人）")}</label>
            <div class="inline-field">
                <input id=input_id inputmode="numeric" autocomplete="off" maxlength="6" bind:value=code />
                <button class="button button-primary" type="submit">{action}</button>
            </div>
        </form>
    }
}
