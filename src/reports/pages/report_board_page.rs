use leptos::prelude::*;

use crate::platform::browser::now_ms;
use crate::reports::components::case_list::case_list;
use crate::reports::state as reports;

/// 说事墙: what neighbours raised, open or closed within the last month.
#[component]
pub fn ReportBoardPage() -> impl IntoView {
    let cases = Memo::new(|_| {
        let now = now_ms();
        reports::reports()
            .into_iter()
            .filter(|(r, _)| r.on_board(now))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"说事墙"</h1>
            <p class="lead">"本社区居民反映的事和处理进展。遇到同样的问题，点进去按“我也遇到”。"</p>
            {move || case_list(cases.get(), "最近没有居民反映的事。")}
        </section>
    }
}
