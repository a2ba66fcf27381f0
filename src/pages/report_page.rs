use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use linli_core::account::{ResidentCard, Role};
use linli_core::report::{
    self, ActArgs, Action, Actor, Assignee, CaseState, MAX_NOTE_CHARS, RateArgs, ReopenArgs,
    Report, Step, SupportArgs, advance,
};

use crate::components::case_card::CaseBadges;
use crate::components::form_alert::FormAlert;
use crate::components::photo::Photo;
use crate::components::text_area::TextArea;
use crate::error::AppError;
use crate::platform::browser::{format_time, now_ms};
use crate::state::reports;
use crate::state::sync::use_sync;
use crate::state::synced::use_synced;

/// Answers staff give often, to start a note from.
const TEMPLATES: [&str; 6] = [
    "您反映的问题已收到，我们已安排专人跟进，请耐心等待。",
    "工作人员已到现场查看，正在安排处理。",
    "已转交物业公司处理，物业会尽快联系您。",
    "问题已处理完毕。如果还有问题，请在 7 天内点“还没解决”告诉我们。",
    "这件事需要上级部门协调，暂时无法解决，我们会继续反映并告诉您进展。",
    "与其他居民反映的是同一件事，已合并跟进，处理结果会一起告诉您。",
];

/// What is being typed on a case page. It lives as long as the page, not the
/// drawing of the case: when a sync redraws the case (the server's answer, a
/// neighbour's "我也遇到"), a half-typed note or a chosen star stays.
#[derive(Clone, Copy)]
struct Typing {
    step: RwSignal<Option<Step>>,
    note: RwSignal<String>,
    assignee: RwSignal<String>,
    original: RwSignal<String>,
    stars: RwSignal<u8>,
    comment: RwSignal<String>,
    reason: RwSignal<String>,
}

impl Typing {
    fn new() -> Self {
        Self {
            step: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            assignee: RwSignal::new(String::from("property")),
            original: RwSignal::new(String::new()),
            stars: RwSignal::new(0),
            comment: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        }
    }
}

/// One case: what was reported, where it stands, everything staff said, and
/// the one next step the viewer can take.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let case = Memo::new(move |_| reports::report(&params.read().get("id").unwrap_or_default()));
    let typing = Typing::new();
    view! {
        <section class="page report-detail">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            {move || match case.get() {
                None => view! {
                    <h1>"找不到这件事"</h1>
                    <p>"可能还没有保存到这台手机上。连上网络后再看看。"</p>
                }.into_any(),
                Some((r, pending)) => view! { <CaseView report=r pending=pending typing=typing /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CaseView(report: Report, pending: bool, typing: Typing) -> impl IntoView {
    let sync = use_sync();
    let error = RwSignal::new(None::<AppError>);
    let now = now_ms();
    let can = |step: Step, actor: Actor| {
        advance(
            report.state,
            report.resolved_at,
            report.rating.is_some(),
            step,
            actor,
            now,
        )
        .is_ok()
    };
    let reporter = if report.mine {
        Actor::Reporter
    } else {
        Actor::Neighbour
    };
    let can_rate = can(Step::Rate, reporter);
    let can_reopen = can(Step::Reopen, reporter);
    let can_support = !report.mine && !report.me_too && report.state.is_open() && !report.handles;
    let rid = report.id.clone();
    let support = move |_| {
        let args = SupportArgs {
            report_id: rid.clone(),
        };
        spawn_local(async move {
            if let Err(e) = sync.write(report::SUPPORT, &args).await {
                error.set(Some(e));
            }
        });
    };
    let photos = report.photos.clone();
    let contact = report.contact_phone.clone();
    view! {
        <CaseBadges report=report.clone() pending=pending />
        <h1 class="case-heading">{report.description.clone()}</h1>
        <dl class="facts">
            <dt>"地点"</dt><dd>{report.location_label()}</dd>
            <dt>"反映人"</dt><dd>{report.reporter_name.clone()}
                {report.filed_by_name.clone().map(|by| format!("（{}，{} 代为登记）", report.channel.label(), by))}</dd>
            {contact.map(|phone| view! {
                <dt>"联系电话"</dt><dd><a class="tap-link" href=format!("tel:{phone}")>{phone.clone()}</a></dd>
            })}
            <dt>"提交时间"</dt><dd>{format_time(report.created_at)}</dd>
            {report.assignee.clone().map(|a| view! { <dt>"负责"</dt><dd>{a.label()}</dd> })}
            <dt>"也遇到的人"</dt><dd>{format!("{} 人", report.supporters)}</dd>
        </dl>
        {report.duplicate_of.clone().map(|of| view! {
            <p class="notice-box">"这件事和另一件是同一回事，已合并跟进："
                <a href=format!("/reports/{of}")>"查看那件事的进展"</a></p>
        })}
        {(!photos.is_empty()).then(|| view! {
            <ul class="photo-list">
                {photos.into_iter().enumerate().map(|(i, id)| view! {
                    <li><Photo id=id alt=format!("现场照片 {}", i + 1) /></li>
                }).collect_view()}
            </ul>
        })}
        {can_support.then(|| view! {
            <button class="button button-primary button-large" on:click=support>"我也遇到"</button>
            <p class="aside">"点了以后，处理进展也会告诉您。"</p>
        })}
        {report.me_too.then(|| view! { <p class="ack-done">"✓ 您也遇到这个问题，进展会告诉您"</p> })}
        {report.rating.clone().map(|r| view! {
            <p class="rating">{format!("居民评价：{}（{} 星）", "★".repeat(r.stars as usize), r.stars)}
                {(!r.comment.is_empty()).then(|| format!(" “{}”", r.comment))}</p>
        })}
        {can_rate.then(|| view! { <RateForm report_id=report.id.clone() typing=typing /> })}
        {can_reopen.then(|| view! { <ReopenForm report_id=report.id.clone() typing=typing /> })}
        {report.handles.then(|| view! { <StaffActions report=report.clone() typing=typing /> })}
        <FormAlert error=error />
        <h2>"处理经过"</h2>
        <ol class="timeline">
            {report.timeline.iter().rev().map(|e| view! {
                <li>
                    <p class="timeline-head"><strong>{e.kind.label()}</strong> " · " {format_time(e.at)} " · " {e.by_name.clone()}</p>
                    {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn RateForm(report_id: String, typing: Typing) -> impl IntoView {
    let sync = use_sync();
    let Typing { stars, comment, .. } = typing;
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = RateArgs {
            report_id: report_id.clone(),
            stars: stars.get_untracked(),
            comment: comment.get_untracked(),
        };
        match args.validated() {
            Ok(args) => spawn_local(async move {
                if let Err(e) = sync.write(report::RATE, &args).await {
                    error.set(Some(e));
                }
            }),
            Err(invalid) => error.set(Some(invalid.into())),
        }
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
                <p class="field-error" aria-live="polite">{move || field("stars").get()}</p>
            </fieldset>
            <TextArea label="想说的话（可不填）" name="comment" value=comment error=field("comment") max_chars=MAX_NOTE_CHARS rows=3 />
            <button class="button button-primary" type="submit">"提交评价"</button>
        </form>
    }
}

#[component]
fn ReopenForm(report_id: String, typing: Typing) -> impl IntoView {
    let sync = use_sync();
    let reason = typing.reason;
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = ReopenArgs {
            report_id: report_id.clone(),
            reason: reason.get_untracked(),
        };
        match args.validated() {
            Ok(args) => spawn_local(async move {
                if let Err(e) = sync.write(report::REOPEN, &args).await {
                    error.set(Some(e));
                }
            }),
            Err(invalid) => error.set(Some(invalid.into())),
        }
    };
    view! {
        <details class="card">
            <summary>"问题还没解决？（办结后 7 天内可以反映）"</summary>
            <form class="form" on:submit=submit novalidate>
                <TextArea label="哪里还没解决？" name="reason" value=reason
                    error=Signal::derive(move || error.get().and_then(|e| e.field("reason"))) max_chars=MAX_NOTE_CHARS rows=3 />
                <button class="button" type="submit">"还没解决，请继续处理"</button>
            </form>
        </details>
    }
}

/// The staff's next step on a case, with a note the resident will read.
#[component]
fn StaffActions(report: Report, typing: Typing) -> impl IntoView {
    let sync = use_sync();
    let now = now_ms();
    let allowed = |action: &Action| {
        advance(
            report.state,
            report.resolved_at,
            report.rating.is_some(),
            action.step(),
            Actor::Staff,
            now,
        )
        .is_ok()
    };
    let choices: Vec<(&'static str, Action)> = [
        ("受理", Action::Accept),
        ("开始处理", Action::Start),
        ("办结", Action::Resolve),
        (
            "交给专人",
            Action::Assign {
                to: Assignee::Property,
            },
        ),
        ("未解决，关闭", Action::CloseUnresolved),
        ("与另一件重复", Action::MarkDuplicate { of: String::new() }),
        ("回复居民", Action::Reply),
    ]
    .into_iter()
    .filter(|(_, a)| allowed(a))
    .collect();
    let Typing {
        step: chosen,
        note,
        assignee,
        original,
        ..
    } = typing;
    // The step chosen before a redraw, if the case still allows it; else the first.
    let first = choices.first().map(|(_, a)| a.step());
    let steps: Vec<Step> = choices.iter().map(|(_, a)| a.step()).collect();
    let current = Memo::new(move |_| chosen.get().filter(|s| steps.contains(s)).or(first));
    let is = move |step: Step| current.get() == Some(step);
    let labels: Vec<(&'static str, Step)> = choices.iter().map(|(l, a)| (*l, a.step())).collect();
    let choices = StoredValue::new(choices);
    let error = RwSignal::new(None::<AppError>);
    let grid_workers: Vec<ResidentCard> = use_synced()
        .residents
        .values()
        .into_iter()
        .filter(|r| r.role == Role::GridWorker)
        .collect();
    let workers = StoredValue::new(grid_workers.clone());
    let others: Vec<(String, String)> = reports::reports()
        .into_iter()
        .filter(|(r, _)| r.id != report.id && r.state != CaseState::Duplicate)
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
        let step = current.get_untracked();
        let Some(action) = choices.with_value(|c| {
            c.iter()
                .find(|(_, a)| Some(a.step()) == step)
                .map(|(_, a)| a.clone())
        }) else {
            return;
        };
        let action = match action {
            Action::MarkDuplicate { .. } => Action::MarkDuplicate {
                of: original.get_untracked(),
            },
            Action::Assign { .. } => {
                let to = assignee.get_untracked();
                Action::Assign {
                    to: workers
                        .with_value(|w| w.iter().find(|g| g.id == to).cloned())
                        .map_or(Assignee::Property, |g| Assignee::GridWorker {
                            user_id: g.id,
                            name: g.display_name,
                        }),
                }
            }
            other => other,
        };
        let args = ActArgs {
            report_id: rid.clone(),
            action,
            note: note.get_untracked(),
        };
        match args.validated() {
            Ok(args) => spawn_local(async move {
                match sync.write(report::ACT, &args).await {
                    Ok(()) => {
                        note.set(String::new());
                        chosen.set(None);
                    }
                    Err(e) => error.set(Some(e)),
                }
            }),
            Err(invalid) => error.set(Some(invalid.into())),
        }
    };
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    view! {
        <form class="form card staff-actions" on:submit=submit novalidate>
            <h2>"处理这件事"</h2>
            <fieldset class="field-group">
                <legend>"下一步"</legend>
                {labels.into_iter().map(|(label, step)| view! {
                    <label class="radio">
                        <input type="radio" name="action" prop:checked=move || is(step) on:change=move |_| chosen.set(Some(step)) />
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || is(Step::Assign).then(|| view! {
                <div class="field">
                    <label for="field-assignee">"交给谁"</label>
                    <select id="field-assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="property">"物业公司"</option>
                        {grid_workers.iter().map(|g| {
                            let id = g.id.clone();
                            view! {
                                <option value=g.id.clone() selected=move || assignee.read() == id>
                                    {format!("网格员 {}", g.display_name)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {move || is(Step::MarkDuplicate).then(|| view! {
                <div class="field">
                    <label for="field-of">"和哪一件是同一回事"</label>
                    <select id="field-of" on:change=move |ev| original.set(event_target_value(&ev))>
                        <option value="">"请选择"</option>
                        {others.iter().map(|(id, label)| {
                            let chosen = id.clone();
                            view! {
                                <option value=id.clone() selected=move || original.read() == chosen>{label.clone()}</option>
                            }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{move || field("of").get()}</p>
                </div>
            })}
            <div class="field">
                <label for="field-template">"常用回复（可选）"</label>
                <select id="field-template" on:change=move |ev| {
                    if let Some(t) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| TEMPLATES.get(i)) {
                        note.set((*t).to_owned());
                    }
                }>
                    <option value="">"选一条，再按需要修改"</option>
                    {TEMPLATES.iter().enumerate().map(|(i, t)| view! { <option value=i.to_string()>{*t}</option> }).collect_view()}
                </select>
            </div>
            <TextArea label="给居民的说明（居民能看到）" name="note" value=note error=field("note") max_chars=MAX_NOTE_CHARS rows=3 />
            <FormAlert error=error />
            <button class="button button-primary" type="submit">"确定"</button>
        </form>
    }
}
