use leptos::prelude::*;
use linli_core::notice::Category;
use linli_core::search::normalize;

use crate::components::community_picker::CommunityPicker;
use crate::notices::components::notice_list::NoticeList;
use crate::notices::state::notices;
use crate::state::session::use_session;
use crate::state::sync::{Phase, use_sync};

/// 通知公告, the first screen: current notices by category, with a search.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let category = RwSignal::new(None::<Category>);
    let query = RwSignal::new(String::new());
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let list = move || {
        let mut list = notices(false);
        if let Some(c) = category.get() {
            list.retain(|n| n.category == c);
        }
        let q = normalize(&query.get());
        if !q.is_empty() {
            list.retain(|n| normalize(&n.title).contains(&q) || normalize(&n.body).contains(&q));
        }
        list
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"通知公告"</h1>
                {move || is_staff().then(|| view! {
                    <a href="/notices/new" class="button button-primary">"发布通知"</a>
                })}
            </div>
            {move || session.pull_community().is_none().then(|| view! { <CommunityPicker /> })}
            <div class="search-box" role="search">
                <label for="notice-search">"找通知"</label>
                <input id="notice-search" type="search" enterkeyhint="search"
                    placeholder="例如：停水、体检、医保" bind:value=query />
            </div>
            <div class="chips" role="group" aria-label="按类别查看">
                <button class="chip" aria-pressed=move || category.get().is_none().to_string()
                    on:click=move |_| category.set(None)>"全部"</button>
                {Category::ALL.into_iter().map(|c| view! {
                    <button class="chip" aria-pressed=move || (category.get() == Some(c)).to_string()
                        on:click=move |_| category.set(Some(c))>{c.label()}</button>
                }).collect_view()}
            </div>
            {move || {
                let list = list();
                if list.is_empty() {
                    let text = match sync.status().phase {
                        Phase::Loading | Phase::Syncing => "正在获取通知…",
                        _ if !query.get().trim().is_empty() => "没有找到。换个词试试，比如“停水”“体检”。",
                        _ => "现在没有这类通知。有新通知时会显示在这里。",
                    };
                    return view! { <p class="empty">{text}</p> }.into_any();
                }
                view! { <NoticeList notices=list /> }.into_any()
            }}
            <a href="/notices/archive" class="button button-wide">"查看往期通知"</a>
        </section>
    }
}
