use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_core::deliberation::{
    self, Audience, BallotKind, DecisionRule, MAX_BACKGROUND_CHARS, SaveTopicArgs, Stage,
    StagePlan, VoteOption, VoteSpec, VoterUnit, may_organise,
};
use linli_core::time::parse_china_time;
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::platform::browser::now_ms;
use crate::state::community;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// What the form holds, as typed.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    background: RwSignal<String>,
    raised_by: RwSignal<String>,
    audience: RwSignal<&'static str>,
    buildings: RwSignal<Vec<String>>,
    consult_until: RwSignal<String>,
    vote_until: RwSignal<String>,
    kind: RwSignal<&'static str>,
    options: RwSignal<String>,
    household: RwSignal<bool>,
    secret: RwSignal<bool>,
    rule: RwSignal<DecisionRule>,
}

/// A stage's end: the day typed, at 18:00 China time.
fn day_end(day: &str) -> Option<i64> {
    (!day.trim().is_empty())
        .then(|| parse_china_time(day, "18:00"))
        .flatten()
}

impl Draft {
    fn args(self, id: String, case_id: Option<String>, now: i64) -> Result<SaveTopicArgs, Invalid> {
        let mut stages = Vec::new();
        let mut start = now;
        for (stage, until) in [
            (Stage::Consult, self.consult_until.get_untracked()),
            (Stage::Vote, self.vote_until.get_untracked()),
        ] {
            if let Some(end) = day_end(&until) {
                stages.push(StagePlan {
                    stage,
                    starts_at: start,
                    ends_at: Some(end),
                });
                start = end;
            }
        }
        let votes = stages.iter().any(|p| p.stage == Stage::Vote);
        stages.push(StagePlan {
            stage: Stage::Result,
            starts_at: start,
            ends_at: None,
        });
        let options: Vec<VoteOption> = self
            .options
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(i, label)| VoteOption {
                id: format!("o{}", i + 1),
                label: label.to_owned(),
            })
            .collect();
        let kind = match self.kind.get_untracked() {
            "single" => BallotKind::Single,
            "multiple" => BallotKind::Multiple {
                max: (options.len() as u32).max(1),
            },
            _ => BallotKind::Approval,
        };
        let vote = votes.then(|| VoteSpec {
            kind,
            options,
            per: if self.household.get_untracked() {
                VoterUnit::Household
            } else {
                VoterUnit::Resident
            },
            secret: self.secret.get_untracked(),
            rule: self.rule.get_untracked(),
        });
        let audience = match self.audience.get_untracked() {
            "representatives" => Audience::Representatives,
            "buildings" => Audience::Buildings {
                building_ids: self.buildings.get_untracked(),
            },
            _ => Audience::Community,
        };
        SaveTopicArgs {
            id,
            title: self.title.get_untracked(),
            background: self.background.get_untracked(),
            raised_by: self.raised_by.get_untracked(),
            case_id,
            audience,
            stages,
            vote,
        }
        .validated()
    }
}

/// Staff start a topic: what it is about, who takes part, until when opinions are
/// collected and votes cast, and how the vote decides. Opened from a 说事 case
/// (`?case=`), it grows from it: the case's words are the background to start from.
#[component]
pub fn TopicNewPage() -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let navigate = use_navigate();
    let buildings = community::buildings();
    let case = use_query_map()
        .read_untracked()
        .get("case")
        .and_then(|id| crate::reports::state::report(&id))
        .map(|(r, _)| r);
    let case_id = case.as_ref().map(|r| r.id.clone());
    let (background, raised_by) = match &case {
        Some(r) => (
            format!("{}（{}）", r.description, r.location_label()),
            "居民说事",
        ),
        None => (String::new(), "居委会"),
    };
    let d = Draft {
        title: RwSignal::new(String::new()),
        background: RwSignal::new(background),
        raised_by: RwSignal::new(raised_by.to_owned()),
        audience: RwSignal::new("community"),
        buildings: RwSignal::new(Vec::new()),
        consult_until: RwSignal::new(String::new()),
        vote_until: RwSignal::new(String::new()),
        kind: RwSignal::new("approval"),
        options: RwSignal::new(String::new()),
        household: RwSignal::new(false),
        secret: RwSignal::new(false),
        rule: RwSignal::new(DecisionRule::MajorityOfCast),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = uuid::Uuid::new_v4().to_string();
        let navigate = navigate.clone();
        let checked = d.args(id, case_id.clone(), now_ms());
        form.send(deliberation::SAVE_TOPIC, checked, move |a| {
            navigate(&format!("/deliberation/{}", a.id), Default::default())
        });
    };
    let radio = |signal: RwSignal<&'static str>, value: &'static str, label: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name=format!("{value}-group") prop:checked=move || signal.get() == value
                    on:change=move |_| signal.set(value) />
                {label}
            </label>
        }
    };
    view! {
        <section class="page">
            <a href="/deliberation" class="back-link">"‹ 返回议事协商"</a>
            <h1>"发起议题"</h1>
            {case.map(|r| view! {
                <p class="lead">"从居民说事转来：" <a href=format!("/reports/{}", r.id)>{r.description}</a></p>
            })}
            {move || (!session.user().is_some_and(|u| may_organise(u.role))).then(|| view! {
                <p class="warning">"只有社区工作者可以发起议题。"</p>
            })}
            <form class="form" on:submit=submit novalidate>
                <TextField label="议题" name="title" value=d.title error=form.field("title") />
                <TextArea label="背景说明" name="background" value=d.background error=form.field("background") max_chars=MAX_BACKGROUND_CHARS rows=5 />
                <TextField label="提出人" name="raised_by" value=d.raised_by error=form.field("raised_by") />
                <fieldset class="field-group">
                    <legend>"谁参加"</legend>
                    {radio(d.audience, "community", "全社区居民")}
                    {radio(d.audience, "buildings", "部分楼栋的居民")}
                    {radio(d.audience, "representatives", "只有居民代表")}
                    {move || (d.audience.get() == "buildings").then(|| view! {
                        <div class="building-choices">
                            {buildings.get().into_iter().map(|b| {
                                let id = b.id.clone();
                                let checked = {
                                    let id = id.clone();
                                    move || d.buildings.with(|l| l.contains(&id))
                                };
                                view! {
                                    <label class="checkbox">
                                        <input type="checkbox" prop:checked=checked on:change=move |_| d.buildings.update(|l| {
                                            if l.contains(&id) { l.retain(|x| *x != id) } else { l.push(id.clone()) }
                                        }) />
                                        {b.name}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    })}
                    {move || form.field("audience").get().map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <div class="field">
                    <label for="consult-until">"征集意见截止（不征集就空着）"</label>
                    <input id="consult-until" type="date" prop:value=move || d.consult_until.get()
                        on:input=move |ev| d.consult_until.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="vote-until">"投票截止（不投票就空着）"</label>
                    <input id="vote-until" type="date" prop:value=move || d.vote_until.get()
                        on:input=move |ev| d.vote_until.set(event_target_value(&ev)) />
                </div>
                {move || form.field("stages").get().map(|e| view! { <p class="field-error">{e}</p> })}
                <fieldset class="field-group">
                    <legend>"怎么投票"</legend>
                    {radio(d.kind, "approval", "同意 / 反对 / 弃权")}
                    {radio(d.kind, "single", "几个选项里选一项")}
                    {radio(d.kind, "multiple", "几个选项里可以选多项")}
                    {move || (d.kind.get() != "approval").then(|| view! {
                        <TextArea label="选项（一行一个）" name="vote.options" value=d.options error=form.field("vote.options") max_chars=400 rows=4 />
                    })}
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || d.household.get() on:change=move |_| d.household.update(|v| *v = !*v) />
                        "每户一票（不勾选就是每人一票）"
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || d.secret.get() on:change=move |_| d.secret.update(|v| *v = !*v) />
                        "无记名投票（谁投了什么谁也看不到，投出后不能改）"
                    </label>
                    <div class="field">
                        <label for="rule">"通过的规则"</label>
                        <select id="rule" on:change=move |ev| {
                            let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                            d.rule.set(DecisionRule::ALL[i.min(DecisionRule::ALL.len() - 1)]);
                        }>
                            {DecisionRule::ALL.iter().enumerate().map(|(i, r)| view! {
                                <option value=i.to_string() selected=move || d.rule.get() == *r>{r.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    {move || form.field("vote").get().map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <FormAlert error=form.error() />
                <button class="button button-primary button-wide" type="submit">"发布议题"</button>
            </form>
        </section>
    }
}
