use leptos::prelude::*;
use linli_core::volunteer::{SignupStatus, reminder_due, shift_time_label};

use crate::platform::browser::now_ms;
use crate::volunteer::state as volunteer;

/// The volunteer's way into 我的志愿, with tomorrow's and today's shifts
/// (worked out on the phone, so the reminder shows even offline).
#[component]
pub(super) fn Reminders(user_id: String) -> impl IntoView {
    let now = now_ms();
    let due: Vec<String> = volunteer::my_signups(&user_id)
        .into_iter()
        .filter(|s| s.status == SignupStatus::Confirmed)
        .filter_map(|s| volunteer::shift(&s.shift_id))
        .filter(|s| !s.cancelled && reminder_due(s.starts_at, now))
        .map(|s| {
            let title = volunteer::activity(&s.activity_id)
                .map(|a| a.title)
                .unwrap_or_default();
            format!("{title}：{}", shift_time_label(s.starts_at, s.ends_at))
        })
        .collect();
    view! {
        {(!due.is_empty()).then(|| view! {
            <div class="notice-box reminder" role="status">
                <p><strong>"提醒：您有志愿服务快到时间了"</strong></p>
                <ul>{due.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
            </div>
        })}
        <a href="/volunteer/me" class="button button-wide">"我的志愿（报名、时长、消息）"</a>
    }
}
