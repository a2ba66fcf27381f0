use leptos::prelude::*;
use linli_core::account::SessionInfo;

use crate::components::form_alert::FormAlert;
use crate::platform::api::{self, Method};
use crate::platform::browser::format_time;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 登录的设备: where this account is logged in (device and last seen), and logging the
/// others out. Needs a network.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let session = use_session();
    let sessions = LocalResource::new(move || {
        let token = session.token();
        async move {
            let token =
                token.ok_or_else(|| crate::error::AppError::Unexpected("请先登录".into()))?;
            api::call::<(), Vec<SessionInfo>>(Method::GET, "/me/sessions", Some(&token), None).await
        }
    });
    let form = use_form();
    let sign_out_others = move |_| {
        let Some(token) = session.token() else { return };
        form.run(
            async move {
                api::call::<(), ()>(Method::DELETE, "/me/sessions/others", Some(&token), None).await
            },
            move |()| sessions.refetch(),
        );
    };
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"登录的设备"</h1>
            <p class="lead">"需要网络。不认识的设备，请点下面的按钮让它退出，再修改密码。"</p>
            {move || match sessions.get() {
                None => view! { <p role="status">"正在读取…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice-box" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="admin-list">
                        {list.into_iter().map(|s| view! {
                            <li class="card">
                                <p><strong>{s.device_label.clone()}</strong>{s.current.then_some("（这台手机）")}</p>
                                <p>{format!("最近使用 {}", format_time(s.last_seen_at))}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <FormAlert error=form.error() />
            <button class="button" on:click=sign_out_others disabled=move || form.pending().get()>"让其他设备退出登录"</button>
        </section>
    }
}
