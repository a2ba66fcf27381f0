use leptos::prelude::*;
use linli_core::notice::{Category, Importance, Notice};
use linli_core::search::normalize;

use crate::components::community_picker::CommunityPicker;
use crate::components::notice_badges::NoticeBadges;
use crate::platform::browser::{format_time, now_ms};
use crate::platform::prefs;
use crate::state::session::use_session;
use crate::state::sync::{Phase, use_sync};
use crate::state::synced::use_synced;

/// Urgent first, then pinned, then newest.
fn order(a: &Notice, b: &Notice) -> std::cmp::Ordering {
    (b.importance == Importance::Urgent)
        .cmp(&(a.importance == Importance::Urgent))
        .then(b.pinned.cmp(&a.pinned))
        .then(b.published_at.cmp(&a.published_at))
}

/// The notices on the device, current ones or (with `expired`) the archive, in order.
fn notices(expired: bool) -> Vec<(Notice, bool)> {
    let now = now_ms();
    let rows = use_synced().notices.rows();
    let mut list: Vec<(Notice, bool)> = rows
        .iter()
        .filter(|r| r.value.is_expired(now) == expired)
        .map(|r| (r.value.clone(), r.pending))
        .collect();
    list.sort_by(|(a, _), (b, _)| order(a, b));
    list
}

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
            list.retain(|(n, _)| n.category == c);
        }
        let q = normalize(&query.get());
        if !q.is_empty() {
            list.retain(|(n, _)| {
                normalize(&n.title).contains(&q) || normalize(&n.body).contains(&q)
            });
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

/// How many notices to show before "更多".
const PAGE: usize = 30;

#[component]
fn NoticeList(notices: Vec<(Notice, bool)>) -> impl IntoView {
    let session = use_session();
    let read = prefs::read_notices();
    let user_id = session.user().map(|u| u.id);
    let acks = use_synced().notice_acks;
    let total = notices.len();
    let shown = RwSignal::new(PAGE);
    let notices = StoredValue::new(notices);
    view! {
        <ul class="notice-list">
            {move || notices.get_value().into_iter().take(shown.get()).map(|(notice, pending)| {
                let needs_ack = notice.importance == Importance::Urgent
                    && user_id.as_ref().is_some_and(|u| {
                        !acks.contains(&format!("{}:{u}", notice.id))
                    });
                let unread = !read.contains(&notice.id);
                view! {
                    <li>
                        <a href=format!("/notices/{}", notice.id) class="notice-item">
                            <NoticeBadges notice=notice.clone() pending=pending />
                            <span class="notice-title">
                                {unread.then(|| view! { <span class="unread">"未读"</span> })}
                                {notice.title.clone()}
                            </span>
                            <span class="meta">
                                {format_time(notice.published_at)} " · " {notice.author_name.clone()}
                            </span>
                            {needs_ack.then(|| view! { <span class="needs-ack">"请点开确认“我已知晓”"</span> })}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || (total > shown.get()).then(|| view! {
            <button class="button button-wide" on:click=move |_| shown.update(|n| *n += PAGE)>
                {format!("显示更多（还有 {} 条）", total - shown.get())}
            </button>
        })}
    }
}
