use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_core::notice::{self, WithdrawArgs};

use crate::components::form_alert::FormAlert;
use crate::state::write::use_form;

/// Staff take a notice back; it disappears from every device at its next sync.
#[component]
pub(super) fn Withdraw(notice_id: String) -> impl IntoView {
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let form = use_form();
    let withdraw = move |_| {
        let args = WithdrawArgs {
            notice_id: notice_id.clone(),
        };
        let navigate = navigate.clone();
        form.send(notice::WITHDRAW, Ok(args), move |_| {
            navigate("/notices", Default::default())
        });
    };
    view! {
        <div class="staff-actions">
            {move || if asking.get() {
                view! {
                    <p>"撤回后，居民的手机上也会删除这条通知。确定撤回吗？"</p>
                    <div class="actions">
                        <button class="button button-primary" on:click=withdraw.clone()>"确定撤回"</button>
                        <button class="button" on:click=move |_| asking.set(false)>"不撤回"</button>
                    </div>
                }.into_any()
            } else {
                view! { <button class="button" on:click=move |_| asking.set(true)>"撤回这条通知"</button> }.into_any()
            }}
            <FormAlert error=form.error() />
        </div>
    }
}
