use leptos::prelude::*;

use crate::platform::browser::{self, format_time};
use crate::state::sync::{Phase, SyncStatus, use_sync};

/// One line, always visible, saying whether what is shown is up to date and
/// what is still waiting to be sent. Screen readers hear each change.
#[component]
pub fn SyncStatusLine() -> impl IntoView {
    let sync = use_sync();
    view! {
        <p class="sync-status" role="status" aria-live="polite">
            {move || describe(&sync.status())}
            {move || (sync.status().phase == Phase::Outdated).then(|| view! {
                <button class="link-button" on:click=|_| browser::reload()>"刷新"</button>
            })}
        </p>
    }
}

fn describe(status: &SyncStatus) -> String {
    let waiting = match status.pending {
        0 => String::new(),
        n => format!("，{n} 条待发送"),
    };
    let refused = match status.rejected {
        0 => String::new(),
        n => format!("，{n} 条未成功，请到“我的”查看"),
    };
    let as_of = status
        .last_sync_at
        .map(|t| format!("内容更新于{}", format_time(t)))
        .unwrap_or_else(|| "还没有取到内容".to_owned());
    match &status.phase {
        Phase::Loading => "正在打开本机保存的内容…".to_owned(),
        Phase::Outdated => "邻里有新版本，请刷新页面".to_owned(),
        Phase::Syncing => format!("正在更新{waiting}"),
        _ if !status.online => format!("没有网络，{as_of}{waiting}{refused}"),
        Phase::Failed => format!("暂时连不上社区的系统，过一会儿会自动再试{waiting}{refused}"),
        Phase::Idle => format!("在线，{as_of}{waiting}{refused}"),
    }
}
