use leptos::prelude::*;
use linli_core::care::{self, ContactKind, LogContactArgs, MAX_NOTE_CHARS, Outcome};

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::state::write::use_form;

/// Logging a contact in one tap: 上门 or 电话, then 正常, 需要帮助 or 没见到人, with an
/// optional note first. Saved on the phone at once and sent when there is a network.
#[component]
pub fn ContactButtons(household_id: String, kind: ContactKind) -> impl IntoView {
    let form = use_form();
    let kind = RwSignal::new(kind);
    let note = RwSignal::new(String::new());
    let logged = RwSignal::new(None::<String>);
    let log = move |outcome: Outcome| {
        let args = LogContactArgs {
            id: uuid::Uuid::new_v4().to_string(),
            household_id: household_id.clone(),
            kind: kind.get_untracked(),
            outcome,
            note: note.get_untracked(),
        };
        let said = format!("已记下：{} {}", args.kind.label(), outcome.label());
        form.send(care::LOG_CONTACT, args.validated(), move |_| {
            note.set(String::new());
            let help = (outcome == Outcome::NeedsHelp).then_some("，已替居民登记说事，社区会跟进");
            logged.set(Some(format!("{said}{}", help.unwrap_or(""))));
        });
    };
    let kind_chip = move |k: ContactKind| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (kind.get() == k).to_string()
                on:click=move |_| kind.set(k)>{k.label()}</button>
        }
    };
    let outcome_button = {
        let log = log.clone();
        move |outcome: Outcome, class: &'static str| {
            let log = log.clone();
            view! {
                <button type="button" class=class disabled=move || form.pending().get()
                    on:click=move |_| log(outcome)>{outcome.label()}</button>
            }
        }
    };
    view! {
        <div class="card contact-log">
            <h2>"登记这次联系"</h2>
            <div class="chips" role="group" aria-label="怎么联系的">
                {kind_chip(ContactKind::Visit)}
                {kind_chip(ContactKind::Call)}
            </div>
            <TextArea label="情况说明（可不填）" name="note" value=note error=form.field("note") max_chars=MAX_NOTE_CHARS rows=2 />
            <div class="contact-outcomes">
                {outcome_button(Outcome::Normal, "button button-primary button-large")}
                {outcome_button(Outcome::NeedsHelp, "button button-large")}
                {outcome_button(Outcome::NotSeen, "button button-large")}
            </div>
            <FormAlert error=form.error() />
            <p class="lead" role="status">{move || logged.get()}</p>
        </div>
    }
}
