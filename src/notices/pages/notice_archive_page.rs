use leptos::prelude::*;

use crate::notices::components::notice_list::NoticeList;
use crate::notices::state::notices;

/// Notices whose time has passed: out of the list, still here to look up.
#[component]
pub fn NoticeArchivePage() -> impl IntoView {
    view! {
        <section class="page">
            <a href="/notices" class="back-link">"‹ 返回通知列表"</a>
            <h1>"往期通知"</h1>
            {move || {
                let list = notices(true);
                if list.is_empty() {
                    view! { <p class="empty">"还没有过期的通知。"</p> }.into_any()
                } else {
                    view! { <NoticeList notices=list /> }.into_any()
                }
            }}
        </section>
    }
}
