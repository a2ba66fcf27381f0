use leptos::prelude::*;

use crate::state::session::use_session;

/// Why the person was logged out by the server (账号已停用…), in its words, on every
/// screen until they log in again; their unsent records stay on the phone.
#[component]
pub fn SessionEnded() -> impl IntoView {
    let session = use_session();
    view! {
        <div aria-live="assertive">
            {move || session.ended().map(|reason| view! {
                <section class="notice-box session-ended" role="alert">
                    <h2>"您已退出登录"</h2>
                    <p>{reason}</p>
                    <p>"没有发送的记录还留在这台手机上，重新登录同一个账号后会接着发送。"</p>
                    <a href="/login" class="button">"重新登录"</a>
                </section>
            })}
        </div>
    }
}
