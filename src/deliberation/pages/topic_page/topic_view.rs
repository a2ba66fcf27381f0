use leptos::prelude::*;
use linli_core::deliberation::{Topic, may_organise, may_record_votes};

use super::ballot::Ballot;
use super::opinions::Opinions;
use super::result_view::ResultView;
use super::staff_tools::StaffTools;
use crate::components::read_aloud::ReadAloud;
use crate::platform::browser::format_time;
use crate::state::session::use_session;

/// What is read aloud: the topic, how to vote, and the result once there is one.
fn spoken(t: &Topic) -> String {
    let mut text = format!(
        "{}。{}。现在是{}阶段。",
        t.title,
        t.background,
        t.stage.label()
    );
    if let Some(spec) = &t.vote {
        text.push_str(&spec.explained());
    }
    if let Some(r) = &t.result {
        text.push_str(&r.summary);
    }
    text
}

#[component]
pub(super) fn TopicView(topic: Topic, pending: bool) -> impl IntoView {
    let session = use_session();
    let role = session.user().map(|u| u.role);
    let staff = role.is_some_and(|r| may_organise(r) || may_record_votes(r));
    let stages = topic.stages.clone();
    let current = topic.stage;
    let case = topic.case_id.clone();
    let notice = topic.notice_id.clone();
    let follow_ups = topic.follow_ups.clone();
    view! {
        <p class="badges">
            <span class="badge">{topic.stage.label()}</span>
            {pending.then(|| view! { <span class="badge badge-pending">"待发送"</span> })}
        </p>
        <h1>{topic.title.clone()}</h1>
        <p class="meta">"提出：" {topic.raised_by.clone()} " · 参与：" {topic.audience_label.clone()}</p>
        <ReadAloud text=spoken(&topic) />
        <div class="notice-body">
            {topic.background.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
        </div>
        {case.map(|id| view! {
            <p><a href=format!("/reports/{id}") class="tap-link">"这件事来自居民说事，点这里看原来的反映"</a></p>
        })}
        <ol class="stages">
            {stages.into_iter().map(|p| {
                let dates = match p.ends_at {
                    Some(end) => format!("{} 至 {}", format_time(p.starts_at), format_time(end)),
                    None => format!("{} 起", format_time(p.starts_at)),
                };
                view! {
                    <li class:current=p.stage == current>
                        <strong>{p.stage.label()}</strong> " " <span class="meta">{dates}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <Ballot topic=topic.clone() pending=pending />
        {topic.result.clone().map(|r| view! { <ResultView result=r notice_id=notice.clone() /> })}
        {(!follow_ups.is_empty()).then(|| view! {
            <section class="card">
                <h2>"落实情况"</h2>
                <ul>
                    {follow_ups.into_iter().map(|f| view! {
                        <li><p>{f.text}</p><p class="meta">{format_time(f.at)} " · " {f.by_name}</p></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <Opinions topic=topic.clone() />
        {staff.then(|| view! { <StaffTools topic=topic.clone() /> })}
    }
}
