use leptos::prelude::*;
use linli_core::volunteer::{Shift, Signup, SignupStatus, format_hours};

use super::check_in_out::CheckInOut;
use super::sign_up::SignUp;
use super::withdraw::Withdraw;
use crate::platform::browser::{format_time, now_ms};
use crate::state::write::Form;

/// The person's own place on a shift, and the next step they can take.
#[component]
pub(super) fn MyPlace(
    shift: Shift,
    mine: Option<Signup>,
    user_id: String,
    code: RwSignal<String>,
    form: Form,
) -> impl IntoView {
    let now = now_ms();
    let Some(signup) = mine.filter(Signup::is_current) else {
        return view! { <SignUp shift=shift user_id=user_id form=form /> }.into_any();
    };
    let status = match signup.status {
        SignupStatus::Pending => "待确认：有网络时发给社区，由社区确认报上还是候补".to_owned(),
        SignupStatus::Waitlisted => match signup.position {
            Some(n) => format!("候补第 {n} 位：有人去不了时自动补上，会通知您"),
            None => "候补中".to_owned(),
        },
        other => other.label().to_owned(),
    };
    let can_withdraw = signup.may_withdraw(&shift, now);
    let check = signup.check_due(&shift, now);
    view! {
        <div class="my-place">
            <p class="my-status">"我的报名：" {status}</p>
            {signup.checked_in_at.map(|at| view! { <p>"已签到：" {format_time(at)}</p> })}
            {signup.checked_out_at.map(|at| view! { <p>"已签退：" {format_time(at)}</p> })}
            {signup.credited_minutes.map(|m| view! { <p class="ack-done">"✓ 已记入时间银行 " {format_hours(m)}</p> })}
            {check.map(|check| view! {
                <CheckInOut signup_id=signup.id.clone() check=check code=code form=form />
            })}
            {can_withdraw.then(|| view! { <Withdraw signup_id=signup.id.clone() form=form /> })}
        </div>
    }
    .into_any()
}
