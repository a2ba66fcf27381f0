use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::aid::{HelpRequest, HelpStatus, when_label};

use crate::aid::state;
use crate::state::session::use_session;

mod cancel_form;
mod confirm_form;
mod take_button;

use cancel_form::CancelForm;
use confirm_form::ConfirmForm;
use take_button::TakeButton;

/// One request: what, when, where, who asked and who is coming (with their phones once
/// the two are matched), and the steps the person may take on it.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let request = Memo::new(move |_| state::request(&params.read().get("id").unwrap_or_default()));
    view! {
        <section class="page aid-detail">
            <a href="/aid" class="back-link">"‹ 返回邻里互助"</a>
            {move || match request.get() {
                None => view! {
                    <h1>"找不到这个求助"</h1>
                    <p>"可能已经有别的志愿者接了，或还没有保存到这台手机上。连上网络后再看看。"</p>
                }.into_any(),
                Some((r, pending)) => view! {
                    <Details request=r.clone() pending=pending />
                    <TakeButton request=r.clone() />
                    <ConfirmForm request=r.clone() />
                    <CancelForm request=r />
                }.into_any(),
            }}
        </section>
    }
}

/// Someone's phone to tap and call: "打电话给李志强 13800000005".
fn call(name: Option<String>, phone: Option<String>) -> impl IntoView {
    phone.map(|p| {
        let label = format!("打电话给{} {p}", name.unwrap_or_default());
        view! { <a class="button" href=format!("tel:{p}")>{label}</a> }
    })
}

#[component]
fn Details(request: HelpRequest, pending: bool) -> impl IntoView {
    let r = request;
    // Each side calls the other; staff either.
    let me = use_session().user().map(|u| u.id).unwrap_or_default();
    let call_taker = r.taker_id.as_deref().is_some_and(|t| t != me);
    let call_requester = r.taker_id.is_some() && r.requester_id != me;
    let waiting = match r.status {
        HelpStatus::Pending => {
            Some("您接了这个求助，已记在手机上，等社区确认是不是您先接到的（待确认）。")
        }
        _ if pending => Some("已记在手机上，有网络时会自动发出（待发送）。"),
        _ => None,
    };
    let done = r.minutes.map(|m| {
        let from = if r.from_pool {
            "社区互助池支付"
        } else {
            "求助人支付"
        };
        format!(
            "已完成，记 {}（{from}）",
            linli_core::volunteer::format_hours(m)
        )
    });
    view! {
        <h1>{r.kind.label()} " · " {when_label(r.at)}</h1>
        <p class="badges">
            <span class=if r.status == HelpStatus::Pending { "badge badge-pending" } else { "badge" }>
                {r.status.label()}
            </span>
        </p>
        {waiting.map(|w| view! { <p class="notice-box" role="status">{w}</p> })}
        <dl class="card facts">
            <dt>"地点"</dt>
            <dd>{r.place.clone()}</dd>
            {(!r.note.is_empty()).then(|| view! { <dt>"说明"</dt><dd>{r.note.clone()}</dd> })}
            <dt>"求助人"</dt>
            <dd>{if r.requester_name.is_empty() { "我".to_owned() } else { r.requester_name.clone() }}
                {r.filed_by.clone().map(|by| format!("（{}代为登记，{}）", by, r.channel.label()))}</dd>
            {r.taker_name.clone().map(|name| view! { <dt>"来帮忙的志愿者"</dt><dd>{name}</dd> })}
            {r.cancel_reason.clone().map(|why| view! { <dt>"取消的原因"</dt><dd>{why}</dd> })}
            {done.map(|d| view! { <dt>"时长"</dt><dd>{d}</dd> })}
        </dl>
        <div class="actions">
            {call_taker.then(|| call(r.taker_name.clone(), r.taker_phone.clone()))}
            {call_requester.then(|| call(Some(r.requester_name.clone()), r.requester_phone.clone()))}
        </div>
    }
}
