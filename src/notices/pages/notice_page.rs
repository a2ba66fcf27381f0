use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::platform::prefs;

mod acknowledge;
mod notice_detail;
mod withdraw;

use notice_detail::NoticeDetail;

/// One notice: its text, read aloud on request, and 我已知晓 when it is urgent.
#[component]
pub fn NoticePage() -> impl IntoView {
    let notices = crate::notices::state::all();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Redraw only when this notice changes: a sync in the background must not stop
    // the reading aloud or undo where the person was.
    let found = Memo::new(move |_| {
        let id = id();
        Some((notices.get(&id)?, notices.is_pending(&id)))
    });
    view! {
        <section class="page">
            <a href="/notices" class="back-link">"‹ 返回通知列表"</a>
            {move || match found.get() {
                Some((notice, pending)) => {
                    prefs::mark_notice_read(&notice.id);
                    view! { <NoticeDetail notice=notice pending=pending /> }.into_any()
                }
                None => view! {
                    <h1>"找不到这条通知"</h1>
                    <p class="lead">"它可能已经撤回，或者还没有保存到这台手机上。"</p>
                }.into_any(),
            }}
        </section>
    }
}
