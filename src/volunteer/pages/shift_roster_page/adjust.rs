use leptos::prelude::*;
use linli_core::volunteer::{self, AdjustArgs, minutes_from_hours};

use crate::components::text_field::TextField;
use crate::state::write::use_form;

/// A correcting time-bank entry, always with the reason.
#[component]
pub(super) fn Adjust(user_id: String, done: RwSignal<bool>) -> impl IntoView {
    let hours = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = AdjustArgs {
            entry_id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.clone(),
            minutes: minutes_from_hours(&hours.get_untracked()),
            note: note.get_untracked(),
        };
        form.send(volunteer::ADJUST_HOURS, args.validated(), move |_| {
            done.set(false)
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <TextField label="增加的小时数" name="minutes" value=hours error=form.field("minutes")
                inputmode="decimal" hint="减少请写负数，如 -0.5" />
            <TextField label="原因（必填，本人能看到）" name="note" value=note error=form.field("note") />
            <button class="button button-primary" type="submit">"记入时间银行"</button>
        </form>
    }
}
