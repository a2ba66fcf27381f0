use leptos::prelude::*;
use linli_core::volunteer::{Activity, Shift, SignupStatus, reminder_due, shift_time_label};

use crate::components::refused_writes::RefusedWrites;
use crate::platform::browser::now_ms;
use crate::state::session::use_session;
use crate::state::sync::{Phase, use_sync};
use crate::state::volunteer;

/// Activities with shifts still to come, soonest first; staff also see the rest.
fn upcoming(include_past: bool) -> Vec<(Activity, Option<Shift>)> {
    let now = now_ms();
    let shifts = volunteer::shifts();
    let mut list: Vec<(Activity, Option<Shift>)> = volunteer::activities()
        .into_iter()
        .map(|a| {
            let next = shifts
                .iter()
                .find(|s| s.activity_id == a.id && !s.cancelled && s.ends_at > now)
                .cloned();
            (a, next)
        })
        .filter(|(_, next)| include_past || next.is_some())
        .collect();
    list.sort_by_key(|(_, next)| next.as_ref().map_or(i64::MAX, |s| s.starts_at));
    list
}

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

#[component]
fn ActivityItem(activity: Activity, next: Option<Shift>) -> impl IntoView {
    let when = next.as_ref().map_or("没有待开始的班次".to_owned(), |s| {
        let places = if s.places_left() > 0 {
            format!("还剩 {} 个名额", s.places_left())
        } else {
            "已满，可报名候补".to_owned()
        };
        format!("{} · {places}", shift_time_label(s.starts_at, s.ends_at))
    });
    view! {
        <li>
            <a class="notice-item" href=format!("/volunteer/activities/{}", activity.id)>
                <span class="badges"><span class="badge">{activity.kind.label()}</span></span>
                <span class="notice-title">{activity.title}</span>
                <span class="meta">{activity.place}</span>
                <span class="meta">{when}</span>
            </a>
        </li>
    }
}

/// The volunteer's way into 我的志愿, with tomorrow's and today's shifts
/// (worked out on the phone, so the reminder shows even offline).
#[component]
fn Reminders(user_id: String) -> impl IntoView {
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
