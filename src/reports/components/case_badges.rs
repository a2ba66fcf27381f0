use leptos::prelude::*;
use linli_core::report::{CaseState, Report, overdue};

use crate::platform::browser::now_ms;

/// A case's state in words; overdue and waiting-to-send as words too, so
/// colour is never the only cue.
#[component]
pub fn CaseBadges(report: Report, pending: bool) -> impl IntoView {
    let late = report
        .handles
        .then(|| overdue(report.state, report.respond_by, report.resolve_by, now_ms()))
        .flatten();
    let class = match report.state {
        CaseState::Resolved => "badge badge-done",
        s if s.is_open() => "badge badge-important",
        _ => "badge",
    };
    view! {
        <span class="badges">
            <span class=class>{report.state.label()}</span>
            {late.map(|o| view! { <span class="badge badge-urgent">"⚠ " {o.label()}</span> })}
            <span class="badge badge-plain">{report.category_name.clone()}</span>
            {pending.then(|| view! { <span class="badge badge-pending">"待发送"</span> })}
        </span>
    }
}
