use leptos::prelude::*;
use linli_core::access::Action;
use linli_core::report::{Report, urgency};

use crate::reports::components::case_list::case_list;
use crate::reports::state as reports;
use crate::state::session::use_session;

/// Staff queue: the cases they handle, most urgent first, overdue ones flagged.
#[component]
pub fn ReportQueuePage() -> impl IntoView {
    let session = use_session();
    let show_closed = RwSignal::new(false);
    let cases = Memo::new(move |_| {
        let closed = show_closed.get();
        let mut list: Vec<(Report, bool)> = reports::reports()
            .into_iter()
            .filter(|(r, _)| r.in_queue(closed))
            .collect();
        list.sort_by_key(|(r, _)| urgency(r.state, r.respond_by, r.resolve_by));
        list
    });
    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"处理说事"</h1>
            {move || (!session.user().is_some_and(|u| u.role.may(Action::HandleCases))).then(|| view! {
                <p class="notice-box">"只有社区工作人员可以处理说事。"</p>
            })}
            <p class="lead">"最急的排在前面；超过承诺时限的标着“⚠ 超时”。"</p>
            <div class="actions">
                {move || session.user().is_some_and(|u| u.role.may(Action::FileCasesForResidents)).then(|| view! {
                    <a class="button button-primary" href="/reports/new">"替居民登记（代办）"</a>
                })}
                <label class="checkbox">
                    <input type="checkbox" bind:checked=show_closed />
                    "也显示已办结的"
                </label>
            </div>
            {move || case_list(cases.get(), "没有要处理的事。")}
        </section>
    }
}
