use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::reports::state as reports;

mod case_view;
mod rate_form;
mod reopen_form;
mod staff_actions;
mod timeline;
mod typing;

use case_view::CaseView;
use typing::Typing;

/// One case: what was reported, where it stands, everything staff said, and
/// the one next step the viewer can take.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let case = Memo::new(move |_| reports::report(&params.read().get("id").unwrap_or_default()));
    let typing = Typing::new();
    view! {
        <section class="page report-detail">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            {move || match case.get() {
                None => view! {
                    <h1>"找不到这件事"</h1>
                    <p>"可能还没有保存到这台手机上。连上网络后再看看。"</p>
                }.into_any(),
                Some((r, pending)) => view! { <CaseView report=r pending=pending typing=typing /> }.into_any(),
            }}
        </section>
    }
}
