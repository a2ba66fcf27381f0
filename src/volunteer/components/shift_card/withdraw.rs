use leptos::prelude::*;
use linli_core::volunteer::{self, SignupRef};

use crate::state::write::Form;

/// "去不了": asks once, because the place goes to the next person waiting.
#[component]
pub(super) fn Withdraw(signup_id: String, form: Form) -> impl IntoView {
    let asking = RwSignal::new(false);
    let withdraw = move |_| {
        let args = SignupRef {
            signup_id: signup_id.clone(),
        };
        form.record(volunteer::WITHDRAW, args);
        asking.set(false);
    };
    move || {
        if asking.get() {
            view! {
                <p>"确定去不了吗？名额会让给候补的人。"</p>
                <div class="actions">
                    <button class="button button-primary" on:click=withdraw.clone()>"确定去不了"</button>
                    <button class="button" on:click=move |_| asking.set(false)>"我还能去"</button>
                </div>
            }
            .into_any()
        } else {
            view! { <button class="button" on:click=move |_| asking.set(true)>"去不了"</button> }
                .into_any()
        }
    }
}
