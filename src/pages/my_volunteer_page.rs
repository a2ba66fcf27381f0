use leptos::prelude::*;
use linli_core::volunteer::{LedgerReason, SignupStatus, balance, format_hours, shift_time_label};

use crate::platform::browser::{format_time, now_ms};
use crate::state::session::use_session;
use crate::state::volunteer;

/// 我的志愿: messages, shifts to come, what was served, and the time bank.
#[component]
pub fn MyVolunteerPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/volunteer" class="back-link">"‹ 返回志愿服务"</a>
            <h1>"我的志愿"</h1>
            {move || match session.user() {
                Some(user) => view! { <Mine user_id=user.id /> }.into_any(),
                None => view! {
                    <p class="lead">"请先" <a href="/login">"登录"</a> "，再看自己的报名和服务时长。"</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Mine(user_id: String) -> impl IntoView {
    let uid = user_id.clone();
    let time_bank = move || {
        let entries = volunteer::ledger(&uid);
        let served: i64 = entries
            .iter()
            .filter(|e| e.reason == LedgerReason::Served)
            .map(|e| e.minutes)
            .sum();
        view! {
            <div class="card">
                <h2>"时间银行"</h2>
                <p class="balance">"余额 " <strong>{format_hours(balance(&entries))}</strong></p>
                <p class="meta">"累计志愿服务 " {format_hours(served)}</p>
                {(!entries.is_empty()).then(|| view! {
                    <ul class="ledger">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <span>{e.reason.label()} " · " {e.note} " · " {format_time(e.created_at)}</span>
                                <strong>{if e.minutes > 0 { "+" } else { "" }} {format_hours(e.minutes)}</strong>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    };
    let uid = user_id.clone();
    let profile = move || match volunteer::profile(&uid) {
        Some(p) => view! {
            <p class="meta">
                "志愿者资料：" {p.skills.iter().map(|s| s.label()).collect::<Vec<_>>().join("、")}
                " · 有空：" {p.availability} " "
                <a href="/volunteer/profile">"修改"</a>
            </p>
        }
        .into_any(),
        None => view! {
            <div class="notice-box">
                <p>"您还不是志愿者。填写资料后就可以报名社区志愿活动。"</p>
                <a href="/volunteer/profile" class="button button-primary">"成为志愿者"</a>
            </div>
        }
        .into_any(),
    };
    let uid = user_id.clone();
    let shifts = move || {
        let now = now_ms();
        let (coming, past): (Vec<_>, Vec<_>) = volunteer::my_signups(&uid)
            .into_iter()
            .filter_map(|s| Some((volunteer::shift(&s.shift_id)?, s)))
            .partition(|(shift, s)| shift.ends_at > now && s.status.is_active());
        let line = |(shift, s): (linli_core::volunteer::Shift, linli_core::volunteer::Signup)| {
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
    };
    let uid = user_id;
    let inbox = move || {
        let messages = volunteer::messages(&uid);
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
    };
    view! {
        {profile}
        {time_bank}
        {inbox}
        {shifts}
    }
}
