use leptos::prelude::*;
use linli_core::notice::Importance;

use crate::notices::components::notice_badges::NoticeBadges;
use crate::notices::state::{Listed, PAGE, ack_key};
use crate::platform::browser::format_time;
use crate::platform::prefs;
use crate::state::session::use_session;

/// Notices as links to their pages, unread and still-to-confirm ones marked, a page at a
/// time.
#[component]
pub fn NoticeList(notices: Listed) -> impl IntoView {
    let session = use_session();
    let read = prefs::read_notices();
    let user_id = session.user().map(|u| u.id);
    let acks = crate::notices::state::acks();
    let total = notices.len();
    let shown = RwSignal::new(PAGE);
    let notices = StoredValue::new_local(notices);
    view! {
        <ul class="notice-list">
            {move || notices.with_value(|list| list.iter().take(shown.get()).map(|row| {
                let (notice, pending) = (row.value.clone(), row.pending);
                let needs_ack = notice.importance == Importance::Urgent
                    && user_id.as_ref().is_some_and(|u| !acks.contains(&ack_key(&notice.id, u)));
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
            }).collect_view())}
        </ul>
        {move || (total > shown.get()).then(|| view! {
            <button class="button button-wide" on:click=move |_| shown.update(|n| *n += PAGE)>
                {format!("显示更多（还有 {} 条）", total - shown.get())}
            </button>
        })}
    }
}
