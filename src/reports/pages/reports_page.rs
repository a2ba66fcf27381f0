use leptos::prelude::*;
use linli_core::access::Action;

use crate::state::session::use_session;

mod drafts;
mod my_cases;

use drafts::Drafts;
use my_cases::MyCases;

/// 居民说事: the next step first (我要说事), then the person's drafts and cases.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = use_session();
    let may = move |action| session.user().is_some_and(|u| u.role.may(action));
    view! {
        <section class="page">
            <h1>"居民说事"</h1>
            <p class="lead">"身边有问题，拍张照片告诉社区，每件事都有回音。"</p>
            <a class="button button-primary button-large" href="/reports/new">"我要说事"</a>
            <nav class="actions" aria-label="说事">
                <a class="button" href="/reports/board">"说事墙：大家反映的事"</a>
                {move || may(Action::HandleCases).then(|| view! {
                    <a class="button" href="/reports/queue">"处理说事"</a>
                })}
                {move || session.user().is_some_and(|u| u.role.is_staff()).then(|| view! {
                    <a class="button" href="/reports/stats">"说事统计"</a>
                })}
            </nav>
            {move || if session.is_logged_in() {
                view! { <Drafts /> <MyCases /> }.into_any()
            } else {
                view! {
                    <p class="notice-box">"请先" <a href="/login">"登录"</a> "或" <a href="/register">"注册"</a>
                        "，再反映问题，社区会把处理结果告诉您。"</p>
                }.into_any()
            }}
        </section>
    }
}
