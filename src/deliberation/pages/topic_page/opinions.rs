use leptos::prelude::*;
use linli_core::deliberation::{
    self, HideArgs, MAX_OPINION_CHARS, OpineArgs, Opinion, ReplyArgs, Stage, SupportArgs, Topic,
    checked_note, may_organise,
};

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::deliberation::state;
use crate::platform::browser::format_time;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// The opinions on a topic, most supported first; residents of the audience write one
/// and support others' (once each) while opinions are collected; staff answer or hide one
/// with a reason everyone sees.
#[component]
pub(super) fn Opinions(topic: Topic) -> impl IntoView {
    let organiser = use_session().user().is_some_and(|u| may_organise(u.role));
    let writes = topic.may_vote && topic.stage == Stage::Consult;
    let tid = topic.id.clone();
    let list = move || state::opinions(&tid);
    view! {
        <section class="opinions" aria-labelledby="opinions-heading">
            <h2 id="opinions-heading">"大家的意见"</h2>
            {writes.then(|| view! { <NewOpinion topic_id=topic.id.clone() /> })}
            {move || {
                let opinions = list();
                if opinions.is_empty() {
                    view! { <p>"还没有人提意见。"</p> }.into_any()
                } else {
                    view! {
                        <ul class="notice-list">
                            {opinions.into_iter().map(|(o, pending)| view! {
                                <OpinionCard opinion=o pending=pending collecting=writes organiser=organiser />
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn NewOpinion(topic_id: String) -> impl IntoView {
    let form = use_form();
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = OpineArgs {
            id: uuid::Uuid::new_v4().to_string(),
            topic_id: topic_id.clone(),
            text: text.get_untracked(),
        };
        form.send(deliberation::OPINE, args.validated(), move |_| {
            text.set(String::new())
        });
    };
    view! {
        <form class="form card" on:submit=submit novalidate>
            <TextArea label="我的意见" name="text" value=text error=form.field("text") max_chars=MAX_OPINION_CHARS rows=3 />
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit">"提交意见"</button>
        </form>
    }
}

#[component]
fn OpinionCard(
    opinion: Opinion,
    pending: bool,
    collecting: bool,
    organiser: bool,
) -> impl IntoView {
    let form = use_form();
    let may_support =
        collecting && !opinion.mine && !opinion.supported && opinion.hidden_reason.is_none();
    let oid = opinion.id.clone();
    let support = move |_| {
        form.record(
            deliberation::SUPPORT,
            SupportArgs {
                opinion_id: oid.clone(),
            },
        )
    };
    let hidden = opinion.hidden_label();
    view! {
        <li class="card opinion">
            {hidden.map(|h| view! { <p class="badge">{h}</p> })}
            {opinion.text.clone().map(|t| view! { <p>{t}</p> })}
            <p class="meta">
                {opinion.author_name.clone()} " · " {format_time(opinion.created_at)}
                {format!(" · {} 人支持", opinion.supporters)}
                {pending.then(|| view! { " " <span class="badge badge-pending">"待发送"</span> })}
            </p>
            {opinion.reply.clone().map(|r| view! {
                <p class="reply"><strong>"社区回复（" {opinion.reply_by.clone().unwrap_or_default()} "）："</strong>{r}</p>
            })}
            {may_support.then(|| view! {
                <button type="button" class="button" on:click=support>"支持这条意见"</button>
            })}
            {opinion.supported.then(|| view! { <p class="meta">"您已支持"</p> })}
            <FormAlert error=form.error() />
            {organiser.then(|| view! { <Moderate opinion_id=opinion.id.clone() /> })}
        </li>
    }
}

/// Staff answer an opinion, or hide it with a reason that stays visible.
#[component]
fn Moderate(opinion_id: String) -> impl IntoView {
    let form = use_form();
    let text = RwSignal::new(String::new());
    let oid = StoredValue::new(opinion_id);
    let reply = move |_| {
        let args = checked_note("note", "回复", &text.get_untracked()).map(|text| ReplyArgs {
            opinion_id: oid.get_value(),
            text,
        });
        form.send(deliberation::REPLY, args, move |_| text.set(String::new()));
    };
    let hide = move |_| {
        let args =
            checked_note("note", "隐藏的原因", &text.get_untracked()).map(|reason| HideArgs {
                opinion_id: oid.get_value(),
                reason,
            });
        form.send(deliberation::HIDE, args, move |_| text.set(String::new()));
    };
    // Drawn only when asked for: hidden buttons would still take room beside the toggle.
    let open = RwSignal::new(false);
    view! {
        <div class="moderate">
            <button type="button" class="button" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"回复或隐藏"</button>
            {move || open.get().then(|| view! {
                <TextArea label="回复内容，或隐藏的原因（居民都能看到）" name="note" value=text error=form.field("note") max_chars=300 rows=2 />
                <FormAlert error=form.error() />
                <div class="actions">
                    <button type="button" class="button button-primary" on:click=reply>"回复"</button>
                    <button type="button" class="button" on:click=hide>"隐藏这条意见"</button>
                </div>
            })}
        </div>
    }
}
