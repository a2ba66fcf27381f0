use leptos::prelude::*;
use linli_core::signup::EntryStatus;
use linli_core::volunteer::reminder_due;

use crate::platform::browser::now_ms;
use crate::signup::components::entry_line::EntryLine;
use crate::signup::state;
use crate::state::session::use_session;

/// 我的报名: everything the person signed up for (themselves or family), with a reminder
/// the day before, worked out on the phone so that it shows offline too.
#[component]
pub fn MySignupsPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"我的报名"</h1>
            {move || {
                let Some(user) = session.user() else {
                    return view! { <p class="lead">"登录后可以看到您的报名。"</p> }.into_any();
                };
                let mine = state::my_entries(&user.id);
                let now = now_ms();
                let due: Vec<String> = mine
                    .iter()
                    .filter(|r| r.value.status == EntryStatus::Confirmed)
                    .filter_map(|r| {
                        let s = state::session(&r.value.session_id)?;
                        let title = state::opening(&r.value.opening_id)?.title;
                        reminder_due(s.starts_at, now).then(|| format!("{title}：{} · {}", s.time_label(), s.place))
                    })
                    .collect();
                if mine.is_empty() {
                    return view! { <p class="lead">"您还没有报名。在通知或办事指南里看到“报名”就可以报。"</p> }.into_any();
                }
                view! {
                    {(!due.is_empty()).then(|| view! {
                        <div class="notice-box reminder" role="status">
                            <p><strong>"提醒：您报名的活动快到时间了"</strong></p>
                            <ul>{due.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <ul class="signup-mine">
                        {mine.into_iter().map(|row| {
                            let title = state::opening(&row.value.opening_id).map(|o| o.title).unwrap_or_default();
                            view! { <li class="card"><h2>{title}</h2><ul><EntryLine row=row /></ul></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
