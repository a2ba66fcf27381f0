use leptos::prelude::*;
use linli_core::report::Report;

use crate::reports::components::case_card::CaseCard;

/// Cases as cards, each with whether it waits to be sent; `empty` when there are none.
pub fn case_list(cases: Vec<(Report, bool)>, empty: &'static str) -> impl IntoView {
    if cases.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list">
                {cases.into_iter().map(|(r, pending)| view! { <CaseCard report=r pending=pending /> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
