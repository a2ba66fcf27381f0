use leptos::prelude::*;
use linli_core::account::{ResidentCard, Role};
use linli_core::report::{self, ActArgs, Action, Assignee, MAX_NOTE_CHARS, Report, Step};

use super::typing::Typing;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::platform::browser::now_ms;
use crate::reports::state as reports;
use crate::state::session::use_session;
use crate::state::write::use_form;

mod assignee_field;
mod original_field;
mod template_field;

use assignee_field::AssigneeField;
use original_field::OriginalField;
use template_field::TemplateField;

/// The staff's next step on a case, with a note the resident will read.
#[component]
pub(super) fn StaffActions(report: Report, typing: Typing) -> impl IntoView {
    let mut steps = report.staff_steps(now_ms());
    // 物业 takes only its own steps; passing a case on or closing it stays with the community.
    if use_session()
        .user()
        .is_some_and(|u| u.role == Role::Property)
    {
        steps.retain(|(step, _)| report::property_may(*step));
    }
    let Typing {
        step: chosen,
        note,
        assignee,
        original,
        ..
    } = typing;
    // The step chosen before a redraw, if the case still allows it; else the first.
    let first = steps.first().map(|(step, _)| *step);
    let allowed: Vec<Step> = steps.iter().map(|(step, _)| *step).collect();
    let current = Memo::new(move |_| chosen.get().filter(|s| allowed.contains(s)).or(first));
    let is = move |step: Step| current.get() == Some(step);
    let form = use_form();
    let grid_workers: Vec<ResidentCard> = crate::account::state::residents()
        .values()
        .into_iter()
        .filter(|r| r.role == Role::GridWorker)
        .collect();
    let workers = StoredValue::new(grid_workers.clone());
    let others: Vec<(String, String)> = reports::reports()
        .into_iter()
        .filter(|(r, _)| r.may_be_original_of(&report.id))
        .map(|(r, _)| {
            (
                r.id.clone(),
                format!("{} · {}", r.location_label(), r.description),
            )
        })
        .collect();
    let rid = report.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = workers.with_value(|w| Assignee::chosen(&assignee.get_untracked(), w));
        let Some(action) = current
            .get_untracked()
            .and_then(|step| Action::of_step(step, original.get_untracked(), to))
        else {
            return;
        };
        let args = ActArgs {
            report_id: rid.clone(),
            action,
            note: note.get_untracked(),
        };
        form.send(report::ACT, args.validated(), move |_| {
            note.set(String::new());
            chosen.set(None);
        });
    };
    view! {
        <form class="form card staff-actions" on:submit=submit novalidate>
            <h2>"处理这件事"</h2>
            <fieldset class="field-group">
                <legend>"下一步"</legend>
                {steps.into_iter().map(|(step, label)| view! {
                    <label class="radio">
                        <input type="radio" name="action" prop:checked=move || is(step) on:change=move |_| chosen.set(Some(step)) />
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || is(Step::Assign).then(|| view! {
                <AssigneeField grid_workers=grid_workers.clone() assignee=assignee />
            })}
            {move || is(Step::MarkDuplicate).then(|| view! {
                <OriginalField others=others.clone() original=original error=form.field("of") />
            })}
            <TemplateField note=note />
            <TextArea label="给居民的说明（居民能看到）" name="note" value=note error=form.field("note") max_chars=MAX_NOTE_CHARS rows=3 />
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit">"确定"</button>
        </form>
    }
}
