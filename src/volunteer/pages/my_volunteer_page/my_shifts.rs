use leptos::prelude::*;
use linli_core::volunteer::{Shift, Signup, SignupStatus, format_hours, shift_time_label};

use crate::platform::browser::now_ms;
use crate::volunteer::state as volunteer;

/// The shifts the person is signed up for, then those they took part in.
#[component]
pub(super) fn MyShifts(user_id: String) -> impl IntoView {
    move || {
        let now = now_ms();
        let (coming, past): (Vec<_>, Vec<_>) = volunteer::my_signups(&user_id)
            .into_iter()
            .filter_map(|s| Some((volunteer::shift(&s.shift_id)?, s)))
            .partition(|(shift, s)| s.is_coming(shift, now));
        let line = |(shift, s): (Shift, Signup)| {
            let title = volunteer::activity(&shift.activity_id)
                .map(|a| a.title)
                .unwrap_or_default();
            let status = match (s.status, s.position, s.credited_minutes) {
                (_, _, Some(m)) => format!("已记入 {}", format_hours(m)),
                (SignupStatus::Waitlisted, Some(n), _) => format!("候补第 {n} 位"),
                (status, _, _) => status.label().to_owned(),
            };
            view! {
                <li>
                    <a href=format!("/volunteer/activities/{}", shift.activity_id)>{title}</a>
                    <span class="meta">{shift_time_label(shift.starts_at, shift.ends_at)} " · " {status}</span>
                </li>
            }
        };
        view! {
            <h2>"将要参加"</h2>
            {if coming.is_empty() {
                view! { <p class="empty">"还没有报名。去" <a href="/volunteer">"志愿服务"</a> "看看有哪些活动。"</p> }.into_any()
            } else {
                view! { <ul class="people">{coming.into_iter().map(line).collect_view()}</ul> }.into_any()
            }}
            {(!past.is_empty()).then(|| view! {
                <h2>"参加过的"</h2>
                <ul class="people">{past.into_iter().map(line).collect_view()}</ul>
            })}
        }
    }
}
