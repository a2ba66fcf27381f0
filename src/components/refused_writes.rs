use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::sync::{EntryState, Outcome};
use linli_core::volunteer;

use crate::state::sync::use_sync;

/// What the server refused, with its reason, so nothing fails silently.
#[component]
pub fn RefusedWrites() -> impl IntoView {
    let sync = use_sync();
    move || {
        let refused = sync.rejected();
        (!refused.is_empty()).then(|| {
            view! {
                <div class="card card-warning">
                    <h2>"这些事没有办成"</h2>
                    <ul class="refused-list">
                        {refused.into_iter().map(|entry| {
                            let seq = entry.seq();
                            let reason = match entry.state {
                                EntryState::Done(Outcome::Rejected { reason, .. }) => reason,
                                _ => String::new(),
                            };
                            view! {
                                <li>
                                    <p>{describe(&entry.mutation.name)}"：" {reason}</p>
                                    <button class="button" on:click=move |_| {
                                        spawn_local(async move {
                                            let _ = sync.discard(seq).await;
                                        });
                                    }>"知道了，删除这条"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

fn describe(name: &str) -> &'static str {
    match name {
        linli_core::notice::PUBLISH => "发布通知",
        linli_core::notice::WITHDRAW => "撤回通知",
        linli_core::notice::ACKNOWLEDGE => "确认已知晓",
        linli_core::directory::SAVE => "修改办事指南",
        volunteer::SAVE_PROFILE => "填写志愿者资料",
        volunteer::SAVE_ACTIVITY => "保存志愿活动",
        volunteer::SAVE_SHIFT => "保存班次",
        volunteer::CANCEL_SHIFT => "取消班次",
        volunteer::SIGN_UP => "报名志愿活动",
        volunteer::WITHDRAW => "取消报名",
        volunteer::CHECK_IN => "签到",
        volunteer::CHECK_OUT => "签退",
        volunteer::MARK_NO_SHOW => "标记未到",
        volunteer::CONFIRM_HOURS => "确认服务时长",
        volunteer::ADJUST_HOURS => "调整服务时长",
        volunteer::TRANSFER_HOURS => "转赠时长",
        linli_core::account::VERIFY => "核实居民",
        _ => "一件事",
    }
}
