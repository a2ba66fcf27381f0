use leptos::prelude::*;
use linli_core::aid::{self, ConfirmArgs, HelpRequest, MAX_MINUTES, MINUTES_STEP, check_confirm};
use linli_core::volunteer::format_hours;

use crate::aid::state;
use crate::components::form_alert::FormAlert;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 确认完成: the requester (or staff) says how long the help took; the hours move from
/// their time bank (or, staff choosing it, the community's 互助池) to the volunteer.
#[component]
pub(super) fn ConfirmForm(request: HelpRequest) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let user = session.user()?;
    let skills = state::skills(&user);
    let looker = state::looker(&user, skills.as_deref());
    check_confirm(&looker, &request, None, false).ok()?;
    let may_use_pool = check_confirm(&looker, &request, None, true).is_ok();
    let minutes = RwSignal::new(2 * 60);
    let from_pool = RwSignal::new(false);
    let id = request.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = ConfirmArgs {
            request_id: id.clone(),
            minutes: minutes.get_untracked(),
            from_pool: from_pool.get_untracked(),
        }
        .validated();
        form.send(aid::CONFIRM, checked, |_| ());
    };
    let choices = (1..=MAX_MINUTES / MINUTES_STEP).map(|n| n * MINUTES_STEP);
    Some(view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>"帮忙结束后，确认时长"</h2>
            <div class="field">
                <label for="aid-minutes">"帮了多长时间"</label>
                <select id="aid-minutes" name="minutes"
                    on:change=move |ev| minutes.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {choices.map(|m| view! {
                        <option value=m.to_string() selected=move || minutes.get() == m>{format_hours(m)}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || form.field("minutes").get()}</p>
            </div>
            {may_use_pool.then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" bind:checked=from_pool />
                    "由社区互助池支付（生活困难的居民）"
                </label>
            })}
            <FormAlert error=form.error() />
            <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>
                "确认完成"
            </button>
        </form>
    })
}
