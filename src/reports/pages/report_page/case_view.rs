use leptos::prelude::*;
use linli_core::report::{self, Report, SupportArgs};

use super::rate_form::RateForm;
use super::reopen_form::ReopenForm;
use super::staff_actions::StaffActions;
use super::timeline::Timeline;
use super::typing::Typing;
use crate::components::form_alert::FormAlert;
use crate::components::photo::Photo;
use crate::deliberation::components::topic_links::TopicLinks;
use crate::platform::browser::{format_time, now_ms};
use crate::reports::components::case_badges::CaseBadges;
use crate::state::write::use_form;

/// The case itself, the viewer's next step, and its timeline.
#[component]
pub(super) fn CaseView(report: Report, pending: bool, typing: Typing) -> impl IntoView {
    let form = use_form();
    let now = now_ms();
    let can_rate = report.may_rate(now);
    let can_reopen = report.may_reopen(now);
    let can_support = report.may_support();
    let rid = report.id.clone();
    let support = move |_| {
        let args = SupportArgs {
            report_id: rid.clone(),
        };
        form.record(report::SUPPORT, args);
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
        <FormAlert error=form.error() />
        <TopicLinks case_id=report.id.clone() />
        <h2>"处理经过"</h2>
        <Timeline events=report.timeline />
    }
}
