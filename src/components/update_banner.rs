use leptos::prelude::*;

use crate::state::app_update::use_app_update;
use crate::state::sync::use_sync;

/// 新版本可用: shown once a new version is ready, with what happens to the
/// things not yet sent. Switching puts them away first (see `AppUpdate`).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let update = use_app_update();
    let sync = use_sync();
    let pending = Memo::new(move |_| sync.status().pending);
    view! {
        // Present from the start, so screen readers hear the banner when it appears.
        <div aria-live="polite">
            {move || update.available().then(|| view! {
                <section class="update-banner" aria-labelledby="update-title">
                    <h2 id="update-title">"新版本可用"</h2>
                    <p>{move || explain(pending.get())}</p>
                    <button
                        class="button button-primary"
                        disabled=move || update.switching()
                        on:click=move |_| update.switch(sync)
                    >
                        {move || if update.switching() { "正在更新…" } else { "更新到新版本" }}
                    </button>
                </section>
            })}
        </div>
    }
}

fn explain(pending: usize) -> String {
    match pending {
        0 => "更新只要几秒钟，页面会重新打开。正在填写的内容请先提交。".to_owned(),
        n => format!(
            "您还有 {n} 条内容没发出去。更新前会先发送；没有网络也不要紧，\
             它们会留在手机上，更新后接着发。"
        ),
    }
}
