use leptos::prelude::*;

use crate::state::session::use_session;
use crate::state::sync::use_sync;

/// Writes still waiting belong to this account: sending them later as someone
/// else would be wrong, so signing out waits until they are sent.
#[component]
pub(super) fn SignOut() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let pending = move || sync.status().pending;
    view! {
        {move || match pending() {
            0 => view! {
                <button class="button" on:click=move |_| session.sign_out()>"退出登录"</button>
            }.into_any(),
            n => view! {
                <p class="notice-box">
                    {format!("还有 {n} 条记录没有发送。请连上网络，等发送完再退出登录，以免丢失。")}
                </p>
            }.into_any(),
        }}
    }
}
