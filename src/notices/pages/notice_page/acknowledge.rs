use leptos::prelude::*;
use linli_core::notice::{self, AcknowledgeArgs};

use crate::components::form_alert::FormAlert;
use crate::platform::browser::format_time;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// "我已知晓": recorded on the device at once, sent when there is a network.
#[component]
pub(super) fn Acknowledge(notice_id: String) -> impl IntoView {
    let acks = crate::notices::state::acks();
    let session = use_session();
    let form = use_form();
    let ack = {
        let notice_id = notice_id.clone();
        move || {
            let user = session.user()?;
            let key = crate::notices::state::ack_key(&notice_id, &user.id);
            Some((acks.get(&key)?, acks.is_pending(&key)))
        }
    };
    let confirm = move |_| {
        let Some(user) = session.user() else { return };
        let args = AcknowledgeArgs {
            notice_id: notice_id.clone(),
            user_id: user.id,
        };
        form.record(notice::ACKNOWLEDGE, args);
    };
    view! {
        <div class="ack-box">
            {move || match (session.user(), ack()) {
                (None, _) => view! {
                    <p>"这是紧急通知。" <a href="/login">"登录"</a> "后可以确认“我已知晓”，社区就知道您收到了。"</p>
                }.into_any(),
                (Some(_), Some((ack, pending))) => view! {
                    <p class="ack-done">
                        "✓ 您已确认知晓（" {format_time(ack.acknowledged_at)} "）"
                        {pending.then_some(" 待发送，有网络时会自动发给社区")}
                    </p>
                }.into_any(),
                (Some(_), None) => view! {
                    <p>"这是紧急通知，请看完后告诉社区您已经知道了。"</p>
                    <button class="button button-primary button-large" on:click=confirm.clone()>"我已知晓"</button>
                }.into_any(),
            }}
            <FormAlert error=form.error() />
        </div>
    }
}
