use leptos::prelude::*;
use linli_core::volunteer::{self, TransferArgs, minutes_from_hours};

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::state::write::use_form;

/// Gives time-bank hours to a family member of the same household.
#[component]
pub(super) fn Transfer(user_id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = TransferArgs {
            entry_id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.clone(),
            to_phone: phone.get_untracked(),
            minutes: minutes_from_hours(&hours.get_untracked()),
        };
        form.send(volunteer::TRANSFER_HOURS, args.validated(), move |_| {
            open.set(false)
        });
    };
    move || {
        if !open.get() {
            return view! {
                <button class="button button-wide" on:click=move |_| open.set(true)>"把时长转给家人"</button>
            }
            .into_any();
        }
        view! {
            <form class="form card" on:submit=submit.clone() novalidate>
                <h2>"把时长转给家人"</h2>
                <p class="meta">"只能转给住在同一户、也注册了邻里的家人。"</p>
                <TextField label="家人的手机号" name="to_phone" value=phone error=form.field("to_phone")
                    input_type="tel" inputmode="tel" />
                <TextField label="转多少小时" name="minutes" value=hours error=form.field("minutes") inputmode="decimal" />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit">"确定转给家人"</button>
            </form>
        }
        .into_any()
    }
}
