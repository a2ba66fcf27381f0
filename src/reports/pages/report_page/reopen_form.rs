use leptos::prelude::*;
use linli_core::report::{self, MAX_NOTE_CHARS, ReopenArgs};

use super::typing::Typing;
use crate::components::text_area::TextArea;
use crate::state::write::use_form;

/// 还没解决: the reporter reopens a resolved case, saying what is not fixed.
#[component]
pub(super) fn ReopenForm(report_id: String, typing: Typing) -> impl IntoView {
    let reason = typing.reason;
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = ReopenArgs {
            report_id: report_id.clone(),
            reason: reason.get_untracked(),
        };
        form.send(report::REOPEN, args.validated(), |_| ());
    };
    view! {
        <details class="card">
            <summary>"问题还没解决？（办结后 7 天内可以反映）"</summary>
            <form class="form" on:submit=submit novalidate>
                <TextArea label="哪里还没解决？" name="reason" value=reason
                    error=form.field("reason") max_chars=MAX_NOTE_CHARS rows=3 />
                <button class="button" type="submit">"还没解决，请继续处理"</button>
            </form>
        </details>
    }
}
