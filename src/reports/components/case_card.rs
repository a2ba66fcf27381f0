use leptos::prelude::*;
use linli_core::report::Report;

use crate::platform::browser::format_time;
use crate::reports::components::case_badges::CaseBadges;

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
