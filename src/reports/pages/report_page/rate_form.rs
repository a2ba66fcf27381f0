use leptos::prelude::*;
use linli_core::report::{self, MAX_NOTE_CHARS, RateArgs};

use super::typing::Typing;
use crate::components::text_area::TextArea;
use crate::state::write::use_form;

/// 满意度: the reporter rates a closed case.
#[component]
pub(super) fn RateForm(report_id: String, typing: Typing) -> impl IntoView {
    let Typing { stars, comment, .. } = typing;
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = RateArgs {
            report_id: report_id.clone(),
            stars: stars.get_untracked(),
            comment: comment.get_untracked(),
        };
        form.send(report::RATE, args.validated(), |_| ());
    };
    const WORDS: [&str; 5] = ["很不满意", "不满意", "一般", "满意", "很满意"];
    view! {
        <form class="form card" on:submit=submit novalidate>
            <fieldset class="field-group stars">
                <legend>"您对处理结果满意吗？"</legend>
                {(1..=5u8).map(|n| view! {
                    <label class="radio">
                        <input type="radio" name="stars" prop:checked=move || stars.get() == n on:change=move |_| stars.set(n) />
                        {format!("{} {n} 星 {}", "★".repeat(n as usize), WORDS[n as usize - 1])}
                    </label>
                }).collect_view()}
                <p class="field-error" aria-live="polite">{move || form.field("stars").get()}</p>
            </fieldset>
            <TextArea label="想说的话（可不填）" name="comment" value=comment error=form.field("comment") max_chars=MAX_NOTE_CHARS rows=3 />
            <button class="button button-primary" type="submit">"提交评价"</button>
        </form>
    }
}
