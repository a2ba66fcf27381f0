use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use linli_core::volunteer::{
    self, AdjustArgs, Shift, Signup, SignupRef, SignupStatus, format_hours, minutes_from_hours,
    shift_time_label,
};

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::platform::api;
use crate::platform::browser::{self, format_time, now_ms};
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::volunteer as rows;

/// Confirmed first, then the waitlist in order, then everyone else.
fn roster_order(s: &Signup) -> (u8, u32) {
    match s.status {
        SignupStatus::Confirmed => (0, 0),
        SignupStatus::Waitlisted => (1, s.position.unwrap_or(u32::MAX)),
        SignupStatus::Pending => (2, 0),
        _ => (3, 0),
    }
}

/// Staff: who is on a shift, who came, and their hours; exported as CSV.
#[component]
pub fn ShiftRosterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page">
            {move || match rows::shift(&id()) {
                Some(shift) => view! { <Roster shift=shift /> }.into_any(),
                None => view! { <h1>"找不到这个班次"</h1> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Roster(shift: Shift) -> impl IntoView {
    let title = rows::activity(&shift.activity_id)
        .map(|a| a.title)
        .unwrap_or_default();
    let shift_id = shift.id.clone();
    // A memo: lines are redrawn when the roster changes, not at every sync.
    let list = Memo::new(move |_| {
        let mut list: Vec<Signup> = rows::signups()
            .into_iter()
            .filter(|s| s.shift_id == shift_id)
            .collect();
        list.sort_by_key(roster_order);
        list
    });
    let ended = now_ms() >= shift.ends_at;
    let csv = format!("/volunteer/shifts/{}/roster.csv", shift.id);
    view! {
        <a href=format!("/volunteer/activities/{}", shift.activity_id) class="back-link">"‹ 返回活动"</a>
        <h1>"报名名单"</h1>
        <p class="lead">{title} " · " {shift_time_label(shift.starts_at, shift.ends_at)}</p>
        <p class="meta">{format!("已确认 {} / {} 人，候补 {} 人", shift.confirmed, shift.capacity, shift.waitlisted)}</p>
        <div class="actions">
            <Download path=csv name="名单.csv" label="导出名单（Excel 可打开）" />
            <Download path="/volunteer/hours.csv".to_owned() name="志愿服务时长.csv" label="导出全部服务时长" />
        </div>
        <ul class="people roster">
            {move || list.get().into_iter().map(|s| view! { <RosterLine signup=s ended=ended /> }).collect_view()}
        </ul>
    }
}

#[component]
fn RosterLine(signup: Signup, ended: bool) -> impl IntoView {
    let sync = use_sync();
    let error = RwSignal::new(None::<AppError>);
    let adjusting = RwSignal::new(false);
    let status = match (signup.status, signup.position) {
        (SignupStatus::Waitlisted, Some(n)) => format!("候补第 {n} 位"),
        (status, _) => status.label().to_owned(),
    };
    let act = move |name: &'static str, signup_id: String| {
        spawn_local(async move {
            error.set(sync.write(name, &SignupRef { signup_id }).await.err());
        });
    };
    let confirmed = signup.status == SignupStatus::Confirmed;
    let no_show = confirmed && signup.checked_in_at.is_none();
    let forgot_out = confirmed
        && ended
        && signup.checked_in_at.is_some()
        && signup.checked_out_at.is_none()
        && signup.credited_minutes.is_none();
    let locked = signup.check_in_locked;
    let (id1, id2, id3) = (signup.id.clone(), signup.id.clone(), signup.id.clone());
    view! {
        <li>
            <span><strong>{signup.user_name.clone()}</strong> " · " {status}</span>
            <span class="meta">
                {signup.checked_in_at.map(|t| format!("签到 {}", format_time(t)))}
                {signup.checked_out_at.map(|t| format!(" · 签退 {}", format_time(t)))}
                {signup.credited_minutes.map(|m| format!(" · 计 {}", format_hours(m)))}
            </span>
            {locked.then(|| view! { <p class="meta">"签到码输错次数太多，签到已锁定"</p> })}
            <div class="actions">
                {locked.then(|| view! {
                    <button class="button" on:click=move |_| act(volunteer::UNLOCK_CHECK_IN, id3.clone())>"解除签到锁定"</button>
                })}
                {no_show.then(|| view! {
                    <button class="button" on:click=move |_| act(volunteer::MARK_NO_SHOW, id1.clone())>"未到"</button>
                })}
                {forgot_out.then(|| view! {
                    <button class="button" on:click=move |_| act(volunteer::CONFIRM_HOURS, id2.clone())>"确认时长（忘记签退）"</button>
                })}
                <button class="button" on:click=move |_| adjusting.update(|a| *a = !*a)>"调整时长"</button>
            </div>
            {move || adjusting.get().then(|| view! { <Adjust user_id=signup.user_id.clone() done=adjusting /> })}
            <FormAlert error=error />
        </li>
    }
}

/// A correcting time-bank entry, always with the reason.
#[component]
fn Adjust(user_id: String, done: RwSignal<bool>) -> impl IntoView {
    let sync = use_sync();
    let hours = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = AdjustArgs {
            entry_id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.clone(),
            minutes: minutes_from_hours(&hours.get_untracked()),
            note: note.get_untracked(),
        };
        let args = match args.validated() {
            Ok(a) => a,
            Err(invalid) => return error.set(Some(invalid.into())),
        };
        spawn_local(async move {
            match sync.write(volunteer::ADJUST_HOURS, &args).await {
                Ok(()) => done.set(false),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <TextField label="增加的小时数" name="minutes" value=hours error=field("minutes")
                inputmode="decimal" hint="减少请写负数，如 -0.5" />
            <TextField label="原因（必填，本人能看到）" name="note" value=note error=field("note") />
            <button class="button button-primary" type="submit">"记入时间银行"</button>
        </form>
    }
}

/// Fetches a staff report and saves it on the device.
#[component]
fn Download(path: String, name: &'static str, label: &'static str) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<AppError>);
    let download = move |_| {
        let Some(token) = session.token() else { return };
        let path = path.clone();
        spawn_local(async move {
            let saved = match api::download(&token, &path).await {
                Ok(bytes) => browser::save_file(name, "text/csv", &bytes),
                Err(e) => Err(e),
            };
            error.set(saved.err());
        });
    };
    view! {
        <button class="button" on:click=download>{label}</button>
        <FormAlert error=error />
    }
}
