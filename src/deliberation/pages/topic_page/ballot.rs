use leptos::prelude::*;
use linli_core::deliberation::{self, BallotKind, Topic, VoteArgs, VoteChannel};

use crate::components::form_alert::FormAlert;
use crate::platform::browser::{format_time, now_ms};
use crate::state::write::use_form;

/// The vote: how it works (said before voting), the person's own vote as far as they
/// may see it, and big option buttons while it is open. A vote cast offline shows at once,
/// marked 待发送.
#[component]
pub(super) fn Ballot(topic: Topic, pending: bool) -> impl IntoView {
    let Some(spec) = topic.vote.clone() else {
        return ().into_any();
    };
    let form = use_form();
    let open = topic.may_cast(now_ms());
    let chosen = RwSignal::new(
        topic
            .my_vote
            .as_ref()
            .and_then(|v| v.choice.clone())
            .unwrap_or_default(),
    );
    let multiple = matches!(spec.kind, BallotKind::Multiple { .. });
    let mine = topic.my_vote.clone().map(|v| {
        let what = match &v.choice {
            Some(c) => format!("您投了：{}", topic.labels(c).join("、")),
            None if v.by_household => "您家已经投过票了（无记名，内容不显示）".to_owned(),
            None => "您已投票（无记名，内容不显示）".to_owned(),
        };
        let how = match (v.channel, &v.recorded_by) {
            (VoteChannel::App, _) if v.by_household => "家里人用手机投的".to_owned(),
            (VoteChannel::App, _) => format!("{} 用手机投的", format_time(v.cast_at)),
            (channel, by) => format!(
                "由工作人员 {} 代投（{}），{}",
                by.clone().unwrap_or_default(),
                channel.label(),
                format_time(v.cast_at)
            ),
        };
        (what, how)
    });
    let had_vote = mine.is_some();
    let tid = topic.id.clone();
    let vote_spec = spec.clone();
    let cast = move |_| {
        let args = vote_spec
            .checked_choice(&chosen.get_untracked())
            .map(|choice| VoteArgs {
                topic_id: tid.clone(),
                choice,
            });
        form.send(deliberation::VOTE, args, |_| ());
    };
    let deadline = topic.vote_ends_at().map(format_time);
    view! {
        <section class="card ballot" aria-labelledby="ballot-heading">
            <h2 id="ballot-heading">"投票"</h2>
            <p class="vote-rule">{spec.explained()}</p>
            {deadline.map(|d| view! { <p class="meta">"投票截止：" {d}</p> })}
            <p class="meta">{format!("已有 {} {unit}参加投票，应投 {} {unit}", topic.voted, topic.audience_size, unit = spec.per.unit())}</p>
            {mine.map(|(what, how)| view! {
                <div class="my-vote">
                    <p><strong>{what}</strong>
                        {pending.then(|| view! { " " <span class="badge badge-pending">"待发送"</span> })}
                    </p>
                    <p class="meta">{how}</p>
                </div>
            })}
            {open.then(|| view! {
                {(had_vote && !spec.secret).then(|| view! { <p>"投票截止前可以改票，以最后一次为准。"</p> })}
                <div class="ballot-options" role="group" aria-label="选项">
                    {spec.choices().into_iter().map(|o| {
                        let id = o.id.clone();
                        let pressed = {
                            let id = id.clone();
                            move || chosen.with(|c| c.contains(&id))
                        };
                        let toggle = move |_| chosen.update(|c| {
                            if c.contains(&id) {
                                c.retain(|x| *x != id);
                            } else {
                                if !multiple {
                                    c.clear();
                                }
                                c.push(id.clone());
                            }
                        });
                        view! {
                            <button type="button" class="button button-wide ballot-option"
                                aria-pressed=move || pressed().to_string() on:click=toggle>
                                {o.label}
                            </button>
                        }
                    }).collect_view()}
                </div>
                {spec.secret.then(|| view! { <p class="warning">"无记名投票：投出后不能修改，请确认后再投。"</p> })}
                <FormAlert error=form.error() />
                <button type="button" class="button button-primary button-wide" on:click=cast>
                    {if had_vote { "确认改票" } else { "确认投票" }}
                </button>
                <p class="meta">"没有网络也可以投，连上网络后自动发送。"</p>
            })}
        </section>
    }
    .into_any()
}
