use leptos::prelude::*;
use leptos_router::components::A;
use linli_core::notice::{Importance, NOTICE_ACKS, NOTICES, Notice};

use crate::components::community_picker::CommunityPicker;
use crate::components::notice_badges::NoticeBadges;
use crate::platform::browser::{format_time, now_ms};
use crate::state::session::use_session;
use crate::state::sync::{Phase, use_sync};

/// Urgent first, then pinned, then newest.
fn order(a: &Notice, b: &Notice) -> std::cmp::Ordering {
    (b.importance == Importance::Urgent)
        .cmp(&(a.importance == Importance::Urgent))
        .then(b.pinned.cmp(&a.pinned))
        .then(b.published_at.cmp(&a.published_at))
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let notices = move || {
        let now = now_ms();
        let mut list: Vec<(Notice, bool)> = sync.rows(NOTICES);
        list.retain(|(n, _)| !n.is_expired(now));
        list.sort_by(|(a, _), (b, _)| order(a, b));
        list
    };
    let needs_ack = move |notice: &Notice| {
        notice.importance == Importance::Urgent
            && session.user().is_some_and(|u| {
                sync.view()
                    .get(NOTICE_ACKS, &format!("{}:{}", notice.id, u.id))
                    .is_none()
            })
    };
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"通知公告"</h1>
                {move || is_staff().then(|| view! {
                    <A href="/notices/new" attr:class="button button-primary">"发布通知"</A>
                })}
            </div>
            {move || session.pull_community().is_none().then(|| view! { <CommunityPicker /> })}
            {move || {
                let list = notices();
                if list.is_empty() {
                    let text = match sync.status().phase {
                        Phase::Loading | Phase::Syncing => "正在获取通知…",
                        _ => "现在没有通知。有新通知时会显示在这里。",
                    };
                    return view! { <p class="empty">{text}</p> }.into_any();
                }
                view! {
                    <ul class="notice-list">
                        {list.into_iter().map(|(notice, pending)| {
                            let ack = needs_ack(&notice);
                            view! {
                                <li>
                                    <A href=format!("/notices/{}", notice.id) attr:class="notice-item">
                                        <NoticeBadges notice=notice.clone() pending=pending />
                                        <span class="notice-title">{notice.title.clone()}</span>
                                        <span class="meta">
                                            {format_time(notice.published_at)} " · " {notice.author_name.clone()}
                                        </span>
                                        {ack.then(|| view! { <span class="needs-ack">"请点开确认“我已知晓”"</span> })}
                                    </A>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
