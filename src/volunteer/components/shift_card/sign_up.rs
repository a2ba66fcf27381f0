use leptos::prelude::*;
use linli_core::volunteer::{self, Shift, SignUpArgs, find_clash, shift_time_label};

use crate::platform::browser::now_ms;
use crate::state::write::Form;
use crate::volunteer::state as rows;

/// Signing up for a shift, or why one cannot: it is closed, the person has no
/// volunteer profile yet, or they are on another shift at the same time.
#[component]
pub(super) fn SignUp(shift: Shift, user_id: String, form: Form) -> impl IntoView {
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
        form.record(volunteer::SIGN_UP, args);
    };
    view! { <button class="button button-primary" on:click=sign_up>{label}</button> }.into_any()
}
