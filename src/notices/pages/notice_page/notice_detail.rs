use leptos::prelude::*;
use linli_core::access::Action;
use linli_core::notice::{Importance, Notice};

use super::acknowledge::Acknowledge;
use super::withdraw::Withdraw;
use crate::components::read_aloud::ReadAloud;
use crate::notices::components::notice_badges::NoticeBadges;
use crate::platform::browser::format_time;
use crate::signup;
use crate::state::session::use_session;

/// The notice itself, and what staff can do with it.
#[component]
pub(super) fn NoticeDetail(notice: Notice, pending: bool) -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let urgent = notice.importance == Importance::Urgent;
    let paragraphs: Vec<String> = notice.paragraphs().map(str::to_owned).collect();
    let spoken = format!("{}。{}", notice.title, paragraphs.join("。"));
    let id = notice.id.clone();
    let acks_link = format!("/notices/{id}/acks");
    view! {
        <article class="notice-detail">
            <NoticeBadges notice=notice.clone() pending=pending />
            <h1>{notice.title.clone()}</h1>
            <p class="meta">
                {format_time(notice.published_at)} " · " {notice.author_name.clone()}
                {notice.expires_at.map(|at| format!(" · 有效期至{}", format_time(at)))}
            </p>
            <ReadAloud text=spoken />
            <div class="notice-body">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            {urgent.then(|| view! { <Acknowledge notice_id=id.clone() /> })}
            {
                let id = id.clone();
                move || {
                    let staff = session.user().is_some_and(|u| u.role.may(Action::PublishActivities));
                    (staff || signup::state::opened_on(&id)).then(crate::parts::signups_here).flatten()
                }
            }
            {move || (is_staff() && urgent).then(|| view! {
                <a href=acks_link.clone() class="button button-wide">"查看谁已知晓（按楼栋）"</a>
            })}
            {move || is_staff().then(|| view! {
                <a href=format!("/notices/{id}/edit") class="button button-wide">"修改这条通知"</a>
                <Withdraw notice_id=id.clone() />
            })}
        </article>
    }
}
