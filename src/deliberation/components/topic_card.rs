use leptos::prelude::*;
use linli_core::deliberation::{Stage, Topic};

use crate::platform::browser::format_time;

/// A topic in the list: its stage, deadline and whether the person has voted.
#[component]
pub fn TopicCard(topic: Topic, pending: bool) -> impl IntoView {
    let href = format!("/deliberation/{}", topic.id);
    let stage = if topic.closed_at.is_some() && topic.stage == Stage::Vote {
        "已结束".to_owned()
    } else {
        topic.stage.label().to_owned()
    };
    let deadline = topic
        .is_open()
        .then(|| topic.deadline())
        .flatten()
        .map(|at| format!("{}截止：{}", topic.stage.label(), format_time(at)));
    let voted = match (&topic.my_vote, topic.stage) {
        (Some(_), _) if pending => Some("已投票 · 待发送"),
        (Some(_), _) => Some("已投票"),
        (None, Stage::Vote) if topic.may_vote && topic.is_open() => Some("等您投票"),
        _ => None,
    };
    view! {
        <li class="card topic-card">
            <a href=href class="card-link">
                <p class="badges">
                    <span class="badge">{stage}</span>
                    {voted.map(|v| view! { <span class="badge badge-pending">{v}</span> })}
                </p>
                <h2 class="h3">{topic.title.clone()}</h2>
                <p class="meta">{topic.audience_label.clone()}</p>
                {deadline.map(|d| view! { <p class="meta deadline">{d}</p> })}
            </a>
        </li>
    }
}
