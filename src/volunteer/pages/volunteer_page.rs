use leptos::prelude::*;
use linli_core::volunteer::{Activity, Shift, next_shift};

use crate::components::refused_writes::RefusedWrites;
use crate::platform::browser::now_ms;
use crate::state::session::use_session;
use crate::state::sync::{Phase, use_sync};
use crate::volunteer::state as volunteer;

mod activity_item;
mod reminders;

use activity_item::ActivityItem;
use reminders::Reminders;

/// Activities with shifts still to come, soonest first; staff also see the rest.
fn upcoming(include_past: bool) -> Vec<(Activity, Option<Shift>)> {
    let now = now_ms();
    let shifts = volunteer::shifts();
    let mut list: Vec<(Activity, Option<Shift>)> = volunteer::activities()
        .into_iter()
        .map(|a| {
            let next = next_shift(&a.id, &shifts, now).cloned();
            (a, next)
        })
        .filter(|(_, next)| include_past || next.is_some())
        .collect();
    list.sort_by_key(|(_, next)| next.as_ref().map_or(i64::MAX, |s| s.starts_at));
    list
}

/// 志愿服务: the activities to sign up for, soonest first, and the way to one's own.
#[component]
pub fn VolunteerPage() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"志愿服务"</h1>
                {move || is_staff().then(|| view! {
                    <a href="/volunteer/activities/new" class="button button-primary">"新建活动"</a>
                })}
            </div>
            {move || match session.user() {
                Some(user) => view! { <Reminders user_id=user.id /> }.into_any(),
                None => view! {
                    <p class="lead">"报名参加社区志愿活动，服务时长记入时间银行。" <a href="/login">"登录"</a> "后可以报名。"</p>
                }.into_any(),
            }}
            <RefusedWrites />
            {move || {
                let list = upcoming(is_staff());
                if list.is_empty() {
                    let text = match sync.status().phase {
                        Phase::Loading | Phase::Syncing => "正在获取志愿活动…",
                        _ => "最近没有需要报名的志愿活动。有新活动时会显示在这里。",
                    };
                    return view! { <p class="empty">{text}</p> }.into_any();
                }
                view! {
                    <ul class="notice-list">
                        {list.into_iter().map(|(a, next)| view! { <ActivityItem activity=a next=next /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
