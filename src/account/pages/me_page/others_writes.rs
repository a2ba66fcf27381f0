use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::sync::use_sync;

/// What other accounts did on this phone and have not sent: this log-in never sends it
/// (it would be done in the wrong name). It waits for its account to log in again, or
/// for the person to give it up, after saying so twice.
#[component]
pub(super) fn OthersWrites() -> impl IntoView {
    let sync = use_sync();
    let asking = RwSignal::new(false);
    let others = Memo::new(move |_| sync.status().others);
    move || {
        let others = others.get();
        (!others.is_empty()).then(|| {
            let lines = others
                .into_iter()
                .map(|(who, n)| view! {
                    <p>{format!("{who}还有 {n} 条记录没有发送。这个账号重新登录后会自动发送。")}</p>
                })
                .collect_view();
            view! {
                <div class="card card-warning others-writes">
                    <h2>"另一个账号没有发送的记录"</h2>
                    {lines}
                    {move || if asking.get() {
                        view! {
                            <p role="alert">"放弃后这些记录不会再发送，也找不回来。确定放弃吗？"</p>
                            <div class="actions">
                                <button class="button button-primary" on:click=move |_| {
                                    spawn_local(async move {
                                        let _ = sync.discard_others().await;
                                        asking.set(false);
                                    });
                                }>"确定放弃"</button>
                                <button class="button" on:click=move |_| asking.set(false)>"不放弃"</button>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <button class="button" on:click=move |_| asking.set(true)>"放弃这些记录"</button>
                        }.into_any()
                    }}
                </div>
            }
        })
    }
}
