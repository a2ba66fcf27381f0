use leptos::prelude::*;
use linli_core::report::{CaseState, Report, overdue};

use crate::platform::browser::{format_time, now_ms};

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

/// One case in a list, linking to its page.
#[component]
pub fn CaseCard(report: Report, pending: bool) -> impl IntoView {
    let href = format!("/reports/{}", report.id);
    let place = report.location_label();
    // What staff said last, once there is more than the submission.
    let latest = report
        .timeline
        .last()
        .filter(|_| report.timeline.len() > 1)
        .map(|e| format!("{}：{}", e.kind.label(), e.note));
    view! {
        <li class="card case">
            <CaseBadges report=report.clone() pending=pending />
            <a class="case-title" href=href>{report.description.clone()}</a>
            <p class="meta">
                {place} " · " {report.reporter_name.clone()} " · " {format_time(report.created_at)}
                {(report.supporters > 0).then(|| format!(" · {} 人也遇到", report.supporters))}
            </p>
            {latest.map(|l| view! { <p class="case-latest">{l}</p> })}
        </li>
    }
}
