use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::volunteer::{
    self as rules, LedgerReason, SignupStatus, TransferArgs, balance, format_hours,
    minutes_from_hours, shift_time_label,
};

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::platform::browser::{format_time, now_ms};
use crate::state::session::use_session;
use crate::state::sync::use_sync;
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
    let user_id_for_transfer = user_id.clone();
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
        <Transfer user_id=user_id_for_transfer />
    }
}

/// Gives time-bank hours to a family member of the same household.
#[component]
fn Transfer(user_id: String) -> impl IntoView {
    let sync = use_sync();
    let open = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = TransferArgs {
            entry_id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.clone(),
            to_phone: phone.get_untracked(),
            minutes: minutes_from_hours(&hours.get_untracked()),
        };
        let args = match args.validated() {
            Ok(a) => a,
            Err(invalid) => return error.set(Some(invalid.into())),
        };
        spawn_local(async move {
            match sync.write(rules::TRANSFER_HOURS, &args).await {
                Ok(()) => open.set(false),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    move || {
        if !open.get() {
            return view! {
                <button class="button button-wide" on:click=move |_| open.set(true)>"把时长转给家人"</button>
            }
            .into_any();
        }
        view! {
            <form class="form card" on:submit=submit.clone() novalidate>
                <h2>"把时长转给家人"</h2>
                <p class="meta">"只能转给住在同一户、也注册了邻里的家人。"</p>
                <TextField label="家人的手机号" name="to_phone" value=phone error=field("to_phone")
                    input_type="tel" inputmode="tel" />
                <TextField label="转多少小时" name="minutes" value=hours error=field("minutes") inputmode="decimal" />
                <FormAlert error=error />
                <button class="button button-primary" type="submit">"确定转给家人"</button>
            </form>
        }
        .into_any()
    }
}
