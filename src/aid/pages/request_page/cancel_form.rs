use leptos::prelude::*;
use linli_core::aid::{
    self, CancelArgs, CancelSide, HelpRequest, MAX_REASON_CHARS, cancel_outcome,
};

use crate::aid::state;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// Calling it off (the requester, or staff) or handing it back (the volunteer who took
/// it), always with a reason the other side is told; opened with a button first.
#[component]
pub(super) fn CancelForm(request: HelpRequest) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let user = session.user()?;
    let skills = state::skills(&user);
    let looker = state::looker(&user, skills.as_deref());
    let side = if request.taker_id.as_deref() == Some(user.id.as_str()) {
        CancelSide::Taker
    } else {
        CancelSide::Requester
    };
    cancel_outcome(&looker, &request, None, side).ok()?;
    let (open_label, hint) = match side {
        CancelSide::Taker => (
            "我去不了了",
            "求助会重新发给其他志愿者，求助人会看到您写的原因",
        ),
        CancelSide::Requester => ("取消求助", "接单的志愿者会看到您写的原因"),
    };
    let opened = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let id = request.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = CancelArgs {
            request_id: id.clone(),
            side,
            reason: reason.get_untracked(),
        }
        .validated();
        form.send(aid::CANCEL, checked, move |_| opened.set(false));
    };
    Some(view! {
        <div class="card">
            {move || if opened.get() {
                view! {
                    <form class="form" on:submit=submit.clone() novalidate>
                        <TextArea label="原因" name="reason" value=reason error=form.field("reason")
                            max_chars=MAX_REASON_CHARS rows=2 hint=hint />
                        <FormAlert error=form.error() />
                        <button type="submit" class="button button-large">{open_label}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button-wide" on:click=move |_| opened.set(true)>{open_label}</button>
                }.into_any()
            }}
        </div>
    })
}
