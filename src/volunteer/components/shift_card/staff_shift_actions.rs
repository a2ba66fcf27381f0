use leptos::prelude::*;
use linli_core::volunteer::{self, CancelShiftArgs, Shift};

use crate::platform::browser::now_ms;
use crate::state::write::Form;

/// Staff see the code to show at the site, the roster, and can change or cancel the shift.
#[component]
pub(super) fn StaffShiftActions(shift: Shift, form: Form) -> impl IntoView {
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let shift_id = shift.id.clone();
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = CancelShiftArgs {
            shift_id: shift_id.clone(),
            reason: reason.get_untracked(),
        };
        form.record(volunteer::CANCEL_SHIFT, args);
        cancelling.set(false);
    };
    let live = shift.open_to_changes(now_ms());
    view! {
        <div class="staff-actions">
            <p>"签到码：" <strong class="code">{shift.check_in_code.clone()}</strong></p>
            <div class="actions">
                <a class="button" href=format!("/volunteer/shifts/{}/roster", shift.id)>"报名名单"</a>
                {live.then(|| view! {
                    <a class="button" href=format!("/volunteer/shifts/{}/edit", shift.id)>"修改班次"</a>
                    <button class="button" on:click=move |_| cancelling.set(true)>"取消班次"</button>
                })}
            </div>
            {move || cancelling.get().then(|| view! {
                <form class="form" on:submit=cancel.clone()>
                    <label for="cancel-reason">"取消原因（会告诉已报名的人）"</label>
                    <input id="cancel-reason" bind:value=reason />
                    <button class="button button-primary" type="submit">"确定取消班次"</button>
                </form>
            })}
        </div>
    }
}
