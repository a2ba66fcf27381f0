use leptos::prelude::*;
use linli_core::report::Event;

use crate::platform::browser::format_time;

/// 处理经过: everything that happened to the case, newest first.
#[component]
pub(super) fn Timeline(events: Vec<Event>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {events.into_iter().rev().map(|e| view! {
                <li>
                    <p class="timeline-head"><strong>{e.kind.label()}</strong> " · " {format_time(e.at)} " · " {e.by_name.clone()}</p>
                    {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
