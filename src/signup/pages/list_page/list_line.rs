use leptos::prelude::*;
use linli_core::report::Channel;
use linli_core::signup::{self, AttendanceArgs, Entry};

use crate::components::form_alert::FormAlert;
use crate::state::sync::Row;
use crate::state::write::use_form;

/// One sign-up on the list: who comes, from which flat, where it stands, how it came
/// (代办), and for staff who may, 到场 / 未到.
#[component]
pub(super) fn ListLine(row: Row<Entry>, attendance: bool) -> impl IntoView {
    let form = use_form();
    let e = row.value;
    let mark = {
        let id = e.id.clone();
        move |attended: bool| {
            form.record(
                signup::MARK_ATTENDANCE,
                AttendanceArgs {
                    entry_id: id.clone(),
                    attended,
                },
            )
        }
    };
    let came = match e.attended {
        Some(true) => " · 到场",
        Some(false) => " · 未到",
        None => "",
    };
    let how = (e.channel != Channel::App).then(|| {
        format!(
            " · {}（{}代办）",
            e.channel.label(),
            e.filed_by.clone().unwrap_or_default()
        )
    });
    let show_marks = attendance && e.may_mark_attendance();
    let mark2 = mark.clone();
    view! {
        <li>
            <span><strong>{e.attendee()}</strong> " · " {e.status_text()} {came}</span>
            <span class="meta">{e.flat.clone()} {e.born.map(|b| format!(" · {b}年生"))} {how}</span>
            {show_marks.then(|| view! {
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| mark(true)>"到场"</button>
                    <button type="button" class="button" on:click=move |_| mark2(false)>"未到"</button>
                </div>
            })}
            <FormAlert error=form.error() />
        </li>
    }
}
