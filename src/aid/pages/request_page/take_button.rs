use leptos::prelude::*;
use linli_core::aid::{self, HelpRequest, TakeArgs, check_take};

use crate::aid::state;
use crate::components::form_alert::FormAlert;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 我来帮忙, for a volunteer who may take the request (the core's `check_take`).
#[component]
pub(super) fn TakeButton(request: HelpRequest) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let user = session.user()?;
    let skills = state::skills(&user);
    check_take(&state::looker(&user, skills.as_deref()), &request).ok()?;
    let args = TakeArgs {
        request_id: request.id,
        taker_id: user.id,
    };
    Some(view! {
        <div class="card">
            <p>"接了以后，您会看到求助人的电话，请提前联系对方。"</p>
            <button type="button" class="button button-primary button-large"
                disabled=move || form.pending().get()
                on:click=move |_| form.record(aid::TAKE, args.clone())>"我来帮忙"</button>
            <FormAlert error=form.error() />
        </div>
    })
}
