use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::volunteer::{
    self, CancelShiftArgs, CheckArgs, EARLY_CHECK_IN_MINUTES, Shift, SignUpArgs, Signup, SignupRef,
    SignupStatus, find_clash, format_hours, shift_time_label,
};

use crate::components::form_alert::FormAlert;
use crate::error::AppError;
use crate::platform::browser::{format_time, now_ms};
use crate::state::session::use_session;
use crate::state::sync::{SyncContext, use_sync};
use crate::state::volunteer as rows;

/// Records a volunteering action on the device; its error, if any, goes to `error`.
fn record<A: serde::Serialize + 'static>(
    sync: SyncContext,
    name: &'static str,
    args: A,
    error: RwSignal<Option<AppError>>,
) {
    spawn_local(async move {
        error.set(sync.write(name, &args).await.err());
    });
}

/// One shift: when, how many places are left, and what the person can do about it.
#[component]
pub fn ShiftCard(shift: Shift) -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let error = RwSignal::new(None::<AppError>);
    // Kept by the card, so a code being typed survives a redraw (and serves check-out too).
    let code = RwSignal::new(String::new());
    let id = shift.id.clone();
    // Redrawn only when the person's own sign-up changes, not at every sync, so a
    // half-typed check-in code is not wiped.
    // The name is left out: the server fills it in where the phone's own copy has
    // none, and that alone must not redraw the form a person is using.
    let mine = Memo::new(move |_| {
        session.user().map(|u| {
            let mine = rows::my_signup_for(&u.id, &id).map(|mut s| {
                s.user_name.clear();
                s
            });
            (u.id, mine)
        })
    });
    let places = if shift.cancelled {
        "这个班次已取消".to_owned()
    } else if shift.places_left() > 0 {
        format!(
            "共 {} 个名额，还剩 {} 个",
            shift.capacity,
            shift.places_left()
        )
    } else {
        format!(
            "名额已满，现在报名进入候补（已有 {} 人候补）",
            shift.waitlisted
        )
    };
    let staff_shift = shift.clone();
    let cancelled = shift.cancelled;
    let when = shift_time_label(shift.starts_at, shift.ends_at);
    view! {
        <li class="card shift" class:shift-cancelled=cancelled>
            <p class="shift-time">{when}</p>
            <p class="meta">{places}</p>
            {move || match mine.get() {
                None => view! { <p><a href="/login">"登录"</a> "后可以报名。"</p> }.into_any(),
                Some((user_id, mine)) => {
                    view! { <MyPlace shift=shift.clone() mine=mine user_id=user_id code=code error=error /> }.into_any()
                }
            }}
            {move || is_staff().then(|| view! { <StaffShiftActions shift=staff_shift.clone() error=error /> })}
            <FormAlert error=error />
        </li>
    }
}

/// The person's own place on a shift, and the next step they can take.
#[component]
fn MyPlace(
    shift: Shift,
    mine: Option<Signup>,
    user_id: String,
    code: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let now = now_ms();
    let Some(signup) = mine.filter(|s| s.status.is_active() || s.checked_in_at.is_some()) else {
        return view! { <SignUp shift=shift user_id=user_id error=error /> }.into_any();
    };
    let status = match signup.status {
        SignupStatus::Pending => "待确认：有网络时发给社区，由社区确认报上还是候补".to_owned(),
        SignupStatus::Waitlisted => match signup.position {
            Some(n) => format!("候补第 {n} 位：有人去不了时自动补上，会通知您"),
            None => "候补中".to_owned(),
        },
        other => other.label().to_owned(),
    };
    let can_withdraw = signup.status.is_active() && !shift.has_started(now);
    let on_site = signup.status == SignupStatus::Confirmed
        && now >= shift.starts_at - EARLY_CHECK_IN_MINUTES * 60_000
        && signup.checked_out_at.is_none()
        && (signup.checked_in_at.is_some() || now < shift.ends_at);
    view! {
        <div class="my-place">
            <p class="my-status">"我的报名：" {status}</p>
            {signup.checked_in_at.map(|at| view! { <p>"已签到：" {format_time(at)}</p> })}
            {signup.checked_out_at.map(|at| view! { <p>"已签退：" {format_time(at)}</p> })}
            {signup.credited_minutes.map(|m| view! { <p class="ack-done">"✓ 已记入时间银行 " {format_hours(m)}</p> })}
            {on_site.then(|| view! {
                <CheckInOut signup_id=signup.id.clone() checked_in=signup.checked_in_at.is_some() code=code error=error />
            })}
            {can_withdraw.then(|| view! { <Withdraw signup_id=signup.id.clone() error=error /> })}
        </div>
    }
    .into_any()
}

#[component]
fn SignUp(shift: Shift, user_id: String, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let sync = use_sync();
    let now = now_ms();
    if let Err(why) = shift.open_for_sign_up(now) {
        return view! { <p class="meta">{why}</p> }.into_any();
    }
    if rows::profile(&user_id).is_none() {
        return view! {
            <p>"报名前请先填写志愿者资料（只需一次）。"</p>
            <a href="/volunteer/profile" class="button">"填写志愿者资料"</a>
        }
        .into_any();
    }
    // Warned here, enforced by the server.
    let taken: Vec<Shift> = rows::my_signups(&user_id)
        .into_iter()
        .filter(|s| s.status.is_active())
        .filter_map(|s| rows::shift(&s.shift_id))
        .collect();
    if let Some(clash) = find_clash(&shift, &taken) {
        let title = rows::activity(&clash.activity_id)
            .map(|a| a.title)
            .unwrap_or_default();
        return view! {
            <p class="notice-box">
                {format!("与您已报名的「{title} {}」时间冲突，不能同时报名。", shift_time_label(clash.starts_at, clash.ends_at))}
            </p>
        }
        .into_any();
    }
    let label = if shift.places_left() > 0 {
        "报名"
    } else {
        "报名候补"
    };
    let sign_up = move |_| {
        let args = SignUpArgs {
            signup_id: uuid::Uuid::new_v4().to_string(),
            shift_id: shift.id.clone(),
            user_id: user_id.clone(),
        };
        record(sync, volunteer::SIGN_UP, args, error);
    };
    view! { <button class="button button-primary" on:click=sign_up>{label}</button> }.into_any()
}

/// "去不了": asks once, because the place goes to the next person waiting.
#[component]
fn Withdraw(signup_id: String, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let sync = use_sync();
    let asking = RwSignal::new(false);
    let withdraw = move |_| {
        let args = SignupRef {
            signup_id: signup_id.clone(),
        };
        record(sync, volunteer::WITHDRAW, args, error);
        asking.set(false);
    };
    move || {
        if asking.get() {
            view! {
                <p>"确定去不了吗？名额会让给候补的人。"</p>
                <div class="actions">
                    <button class="button button-primary" on:click=withdraw.clone()>"确定去不了"</button>
                    <button class="button" on:click=move |_| asking.set(false)>"我还能去"</button>
                </div>
            }
            .into_any()
        } else {
            view! { <button class="button" on:click=move |_| asking.set(true)>"去不了"</button> }
                .into_any()
        }
    }
}

/// Check-in (or check-out) with the code the shift leader shows; works offline.
#[component]
fn CheckInOut(
    signup_id: String,
    checked_in: bool,
    code: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let sync = use_sync();
    let (name, action) = if checked_in {
        (volunteer::CHECK_OUT, "签退")
    } else {
        (volunteer::CHECK_IN, "签到")
    };
    let input_id = format!("code-{signup_id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = CheckArgs {
            signup_id: signup_id.clone(),
            code: code.get_untracked(),
        };
        record(sync, name, args, error);
    };
    view! {
        <form class="check-in" on:submit=submit>
            <label for=input_id.clone()>{format!("{action}码（问现场负责人）")}</label>
            <div class="inline-field">
                <input id=input_id inputmode="numeric" autocomplete="off" maxlength="6" bind:value=code />
                <button class="button button-primary" type="submit">{action}</button>
            </div>
        </form>
    }
}

/// Staff see the code to show at the site, the roster, and can change or cancel the shift.
#[component]
fn StaffShiftActions(shift: Shift, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let sync = use_sync();
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let shift_id = shift.id.clone();
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = CancelShiftArgs {
            shift_id: shift_id.clone(),
            reason: reason.get_untracked(),
        };
        record(sync, volunteer::CANCEL_SHIFT, args, error);
        cancelling.set(false);
    };
    let live = !shift.cancelled && !shift.has_started(now_ms());
    view! {
        <div class="staff-actions">
            <p>"签到码：" <strong class="code">{shift.check_in_code.clone()}</strong></p>
            <div class="actions">
                <a class="button" href=format!("/volunteer/shifts/{}/roster", shift.id)>"报名名单"</a>
                {live.then(|| view! {
                    <a class="button" href=format!("/volunteer/shifts/{}/edit", shift.id)>"修改班次"</a>
                    <button class="button" on:click=move |_| cancelling.set(true)>"取消班次"</button>
                })}
            </div>
            {move || cancelling.get().then(|| view! {
                <form class="form" on:submit=cancel.clone()>
                    <label for="cancel-reason">"取消原因（会告诉已报名的人）"</label>
                    <input id="cancel-reason" bind:value=reason />
                    <button class="button button-primary" type="submit">"确定取消班次"</button>
                </form>
            })}
        </div>
    }
}
