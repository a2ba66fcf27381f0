use leptos::prelude::*;
use linli_core::signup::{self, Entry, EntryRef};

use crate::components::form_alert::FormAlert;
use crate::platform::browser::now_ms;
use crate::signup::state;
use crate::state::sync::Row;
use crate::state::write::use_form;

/// One of the person's sign-ups: who comes, when, where it stands, and 取消报名.
#[component]
pub fn EntryLine(row: Row<Entry>) -> impl IntoView {
    let form = use_form();
    let e = row.value;
    let session = state::session(&e.session_id);
    let when = session
        .as_ref()
        .map(|s| format!("{} · {}", s.time_label(), s.place))
        .unwrap_or_default();
    let who = e.family.as_ref().map_or_else(
        || "本人".to_owned(),
        |f| format!("{}（{}）", f.name, f.relation),
    );
    let status = if row.pending && e.status.is_active() {
        "待确认".to_owned()
    } else {
        e.status_text()
    };
    let may_cancel = session.as_ref().is_some_and(|s| e.may_cancel(s, now_ms()));
    let entry_id = e.id.clone();
    let cancel = move |_| {
        form.record(
            signup::CANCEL,
            EntryRef {
                entry_id: entry_id.clone(),
            },
        )
    };
    view! {
        <li class="signup-entry">
            <p><strong>{who}</strong> " · " <span class="status">{status}</span></p>
            <p class="meta">{when}</p>
            {may_cancel.then(|| view! {
                <button type="button" class="button" disabled=move || form.pending().get()
                    on:click=cancel>"取消报名"</button>
            })}
            <FormAlert error=form.error() />
        </li>
    }
}
