use leptos::prelude::*;
use linli_core::account::ResidentCard;
use linli_core::deliberation::{
    self, AdvanceArgs, CloseArgs, FollowUpArgs, MAX_NOTE_CHARS, ProxyVoteArgs, Stage, Topic,
    VoteChannel, may_organise, may_record_votes,
};

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// What staff do with a topic: move it on, enter paper votes (代投), close the vote and
/// publish its result, and post how it is carried out.
#[component]
pub(super) fn StaffTools(topic: Topic) -> impl IntoView {
    let role = use_session().user().map(|u| u.role);
    let organiser = role.is_some_and(may_organise);
    let records = role.is_some_and(may_record_votes);
    let voting = topic.stage == Stage::Vote && topic.closed_at.is_none();
    let next = topic
        .stages
        .iter()
        .map(|p| p.stage)
        .find(|s| *s > topic.stage && deliberation::may_advance(&topic, *s).is_ok());
    view! {
        <section class="card staff-tools">
            <h2>"工作人员"</h2>
            {(organiser && next.is_some()).then(|| view! {
                <Advance topic_id=topic.id.clone() to=next.unwrap_or(Stage::Vote) />
            })}
            {(records && voting).then(|| view! { <PaperVote topic=topic.clone() /> })}
            {(organiser && voting).then(|| view! { <Close topic_id=topic.id.clone() /> })}
            {(organiser && topic.closed_at.is_some()).then(|| view! { <FollowUpForm topic_id=topic.id.clone() /> })}
        </section>
    }
}

#[component]
fn Advance(topic_id: String, to: Stage) -> impl IntoView {
    let form = use_form();
    let go = move |_| {
        form.record(
            deliberation::ADVANCE,
            AdvanceArgs {
                topic_id: topic_id.clone(),
                to,
            },
        )
    };
    view! {
        <FormAlert error=form.error() />
        <button type="button" class="button button-wide" on:click=go>{format!("进入“{}”阶段", to.label())}</button>
    }
}

/// A paper or spoken vote for a resident who cannot use a phone (代投).
#[component]
fn PaperVote(topic: Topic) -> impl IntoView {
    let form = use_form();
    let residents: Vec<ResidentCard> = crate::account::state::residents()
        .values()
        .into_iter()
        .filter(|r| r.role.is_resident() && r.verified && !r.disabled)
        .collect();
    let options = topic.vote.as_ref().map(|s| s.choices()).unwrap_or_default();
    let resident = RwSignal::new(String::new());
    let option = RwSignal::new(String::new());
    let channel = RwSignal::new(VoteChannel::Paper);
    let tid = topic.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = ProxyVoteArgs {
            topic_id: tid.clone(),
            resident_id: resident.get_untracked(),
            choice: vec![option.get_untracked()],
            channel: channel.get_untracked(),
        };
        form.send(deliberation::PROXY_VOTE, args.validated(), move |_| {
            resident.set(String::new());
            option.set(String::new());
        });
    };
    view! {
        <form class="form paper-vote" on:submit=submit novalidate>
            <h3>"登记纸质票或口头委托（代投）"</h3>
            <div class="field">
                <label for="paper-resident">"居民"</label>
                <select id="paper-resident" name="resident" on:change=move |ev| resident.set(event_target_value(&ev))
                    prop:value=move || resident.get()>
                    <option value="">"请选择居民"</option>
                    {residents.into_iter().map(|r| {
                        let label = format!("{} · {}", r.display_name, r.building_name.clone().unwrap_or_default());
                        view! { <option value=r.id>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="paper-choice">"选择"</label>
                <select id="paper-choice" name="choice" on:change=move |ev| option.set(event_target_value(&ev))
                    prop:value=move || option.get()>
                    <option value="">"请选择"</option>
                    {options.into_iter().map(|o| view! { <option value=o.id>{o.label}</option> }).collect_view()}
                </select>
            </div>
            <fieldset class="field-group">
                <legend>"方式"</legend>
                {[VoteChannel::Paper, VoteChannel::Spoken].into_iter().map(|c| view! {
                    <label class="radio">
                        <input type="radio" name="channel" prop:checked=move || channel.get() == c on:change=move |_| channel.set(c) />
                        {c.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit">"登记这一票"</button>
        </form>
    }
}

#[component]
fn Close(topic_id: String) -> impl IntoView {
    let form = use_form();
    let asked = RwSignal::new(false);
    let close = move |_| {
        if !asked.get_untracked() {
            asked.set(true);
            return;
        }
        form.record(
            deliberation::CLOSE,
            CloseArgs {
                topic_id: topic_id.clone(),
                notice_id: uuid::Uuid::new_v4().to_string(),
            },
        );
    };
    view! {
        <FormAlert error=form.error() />
        {move || asked.get().then(|| view! { <p class="warning">"结束后不能再投票，结果会作为居务公开通知发给大家。再点一次确定。"</p> })}
        <button type="button" class="button button-primary button-wide" on:click=close>
            {move || if asked.get() { "确定结束并公布结果" } else { "结束投票并公布结果" }}
        </button>
    }
}

#[component]
fn FollowUpForm(topic_id: String) -> impl IntoView {
    let form = use_form();
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = FollowUpArgs {
            topic_id: topic_id.clone(),
            id: uuid::Uuid::new_v4().to_string(),
            text: text.get_untracked(),
        };
        form.send(deliberation::FOLLOW_UP, args.validated(), move |_| {
            text.set(String::new())
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <TextArea label="落实情况（居民都能看到）" name="text" value=text error=form.field("text") max_chars=MAX_NOTE_CHARS rows=3 />
            <FormAlert error=form.error() />
            <button class="button" type="submit">"发布落实情况"</button>
        </form>
    }
}
