use leptos::prelude::*;

use crate::platform::browser::format_time;
use crate::volunteer::state as volunteer;

/// 消息: what the community told the person about their sign-ups.
#[component]
pub(super) fn Inbox(user_id: String) -> impl IntoView {
    move || {
        let messages = volunteer::messages(&user_id);
        view! {
            <h2>"消息"</h2>
            {if messages.is_empty() {
                view! { <p class="empty">"还没有消息。报名结果、候补补上、班次变化都会告诉您。"</p> }.into_any()
            } else {
                view! {
                    <ul class="people inbox">
                        {messages.into_iter().map(|m| view! {
                            <li><span>{m.text}</span> <span class="meta">{format_time(m.created_at)}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        }
    }
}
