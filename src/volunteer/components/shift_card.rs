use leptos::prelude::*;
use linli_core::volunteer::{Shift, shift_time_label};

use crate::components::form_alert::FormAlert;
use crate::state::session::use_session;
use crate::state::write::use_form;
use crate::volunteer::state as rows;

mod check_in_out;
mod my_place;
mod sign_up;
mod staff_shift_actions;
mod withdraw;

use my_place::MyPlace;
use staff_shift_actions::StaffShiftActions;

/// One shift: when, how many places are left, and what the person can do about it.
#[component]
pub fn ShiftCard(shift: Shift) -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let form = use_form();
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
                    view! { <MyPlace shift=shift.clone() mine=mine user_id=user_id code=code form=form /> }.into_any()
                }
            }}
            {move || is_staff().then(|| view! { <StaffShiftActions shift=staff_shift.clone() form=form /> })}
            <FormAlert error=form.error() />
        </li>
    }
}
