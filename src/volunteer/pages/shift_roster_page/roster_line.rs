use leptos::prelude::*;
use linli_core::volunteer::{self, Signup, SignupRef, SignupStatus, format_hours};

use super::adjust::Adjust;
use crate::components::form_alert::FormAlert;
use crate::platform::browser::format_time;
use crate::state::write::use_form;

/// One person on the roster: their status, check-in and hours, and staff's corrections.
#[component]
pub(super) fn RosterLine(signup: Signup, ended: bool) -> impl IntoView {
    let form = use_form();
    let adjusting = RwSignal::new(false);
    let status = match (signup.status, signup.position) {
        (SignupStatus::Waitlisted, Some(n)) => format!("候补第 {n} 位"),
        (status, _) => status.label().to_owned(),
    };
    let act = move |name: &'static str, signup_id: String| {
        form.record(name, SignupRef { signup_id });
    };
    let no_show = signup.may_mark_no_show();
    let forgot_out = signup.may_confirm_hours(ended);
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
            <FormAlert error=form.error() />
        </li>
    }
}
