use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::notice::{self, AcknowledgeArgs, Importance, Notice, WithdrawArgs};

use crate::components::form_alert::FormAlert;
use crate::components::notice_badges::NoticeBadges;
use crate::components::read_aloud::ReadAloud;
use crate::error::AppError;
use crate::platform::browser::format_time;
use crate::platform::prefs;
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::synced::use_synced;

#[component]
pub fn NoticePage() -> impl IntoView {
    let notices = use_synced().notices;
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Redraw only when this notice changes: a sync in the background must not stop
    // the reading aloud or undo where the person was.
    let found = Memo::new(move |_| {
        let id = id();
        Some((notices.get(&id)?, notices.is_pending(&id)))
    });
    view! {
        <section class="page">
            <a href="/notices" class="back-link">"‹ 返回通知列表"</a>
            {move || match found.get() {
                Some((notice, pending)) => {
                    prefs::mark_notice_read(&notice.id);
                    view! { <NoticeDetail notice=notice pending=pending /> }.into_any()
                }
                None => view! {
                    <h1>"找不到这条通知"</h1>
                    <p class="lead">"它可能已经撤回，或者还没有保存到这台手机上。"</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NoticeDetail(notice: Notice, pending: bool) -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let urgent = notice.importance == Importance::Urgent;
    let paragraphs: Vec<String> = notice.paragraphs().map(str::to_owned).collect();
    let spoken = format!("{}。{}", notice.title, paragraphs.join("。"));
    let id = notice.id.clone();
    let acks_link = format!("/notices/{id}/acks");
    view! {
        <article class="notice-detail">
            <NoticeBadges notice=notice.clone() pending=pending />
            <h1>{notice.title.clone()}</h1>
            <p class="meta">
                {format_time(notice.published_at)} " · " {notice.author_name.clone()}
                {notice.expires_at.map(|at| format!(" · 有效期至{}", format_time(at)))}
            </p>
            <ReadAloud text=spoken />
            <div class="notice-body">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            {urgent.then(|| view! { <Acknowledge notice_id=id.clone() /> })}
            {move || (is_staff() && urgent).then(|| view! {
                <a href=acks_link.clone() class="button button-wide">"查看谁已知晓（按楼栋）"</a>
            })}
            {move || is_staff().then(|| view! {
                <a href=format!("/notices/{id}/edit") class="button button-wide">"修改这条通知"</a>
                <Withdraw notice_id=id.clone() />
            })}
        </article>
    }
}

/// "我已知晓": recorded on the device at once, sent when there is a network.
#[component]
fn Acknowledge(notice_id: String) -> impl IntoView {
    let sync = use_sync();
    let acks = use_synced().notice_acks;
    let session = use_session();
    let error = RwSignal::new(None::<AppError>);
    let ack = {
        let notice_id = notice_id.clone();
        move || {
            let user = session.user()?;
            let key = format!("{notice_id}:{}", user.id);
            Some((acks.get(&key)?, acks.is_pending(&key)))
        }
    };
    let confirm = move |_| {
        let Some(user) = session.user() else { return };
        let args = AcknowledgeArgs {
            notice_id: notice_id.clone(),
            user_id: user.id,
        };
        spawn_local(async move {
            error.set(sync.write(notice::ACKNOWLEDGE, &args).await.err());
        });
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
            <FormAlert error=error />
        </div>
    }
}

/// Staff take a notice back; it disappears from every device at its next sync.
#[component]
fn Withdraw(notice_id: String) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let withdraw = move |_| {
        let args = WithdrawArgs {
            notice_id: notice_id.clone(),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match sync.write(notice::WITHDRAW, &args).await {
                Ok(()) => navigate("/notices", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="staff-actions">
            {move || if asking.get() {
                view! {
                    <p>"撤回后，居民的手机上也会删除这条通知。确定撤回吗？"</p>
                    <div class="actions">
                        <button class="button button-primary" on:click=withdraw.clone()>"确定撤回"</button>
                        <button class="button" on:click=move |_| asking.set(false)>"不撤回"</button>
                    </div>
                }.into_any()
            } else {
                view! { <button class="button" on:click=move |_| asking.set(true)>"撤回这条通知"</button> }.into_any()
            }}
            <FormAlert error=error />
        </div>
    }
}
