use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::report::{Report, urgency};

use crate::components::case_card::CaseCard;
use crate::platform::browser::{format_time, now_ms};
use crate::platform::drafts;
use crate::state::reports;
use crate::state::session::use_session;
use crate::state::sync::use_sync;

fn case_list(cases: Vec<(Report, bool)>, empty: &'static str) -> impl IntoView {
    if cases.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list">
                {cases.into_iter().map(|(r, pending)| view! { <CaseCard report=r pending=pending /> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// 居民说事: the next step first (我要说事), then the person's drafts and cases.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    view! {
        <section class="page">
            <h1>"居民说事"</h1>
            <p class="lead">"身边有问题，拍张照片告诉社区，每件事都有回音。"</p>
            <a class="button button-primary button-large" href="/reports/new">"我要说事"</a>
            <nav class="actions" aria-label="说事">
                <a class="button" href="/reports/board">"说事墙：大家反映的事"</a>
                {move || is_staff().then(|| view! {
                    <a class="button" href="/reports/queue">"处理说事"</a>
                    <a class="button" href="/reports/stats">"说事统计"</a>
                })}
            </nav>
            {move || if session.is_logged_in() {
                view! { <Drafts /> <MyCases /> }.into_any()
            } else {
                view! {
                    <p class="notice-box">"请先" <a href="/login">"登录"</a> "或" <a href="/register">"注册"</a>
                        "，再反映问题，社区会把处理结果告诉您。"</p>
                }.into_any()
            }}
        </section>
    }
}

/// Drafts kept on this device.
#[component]
fn Drafts() -> impl IntoView {
    let sync = use_sync();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        async move {
            match sync.db().await {
                Ok(db) => drafts::all(&db).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            }
        }
    });
    let remove = move |id: String| {
        spawn_local(async move {
            if let Ok(db) = sync.db().await {
                let _ = drafts::delete(&db, &id).await;
            }
            version.update(|v| *v += 1);
        });
    };
    move || {
        let drafts = list.get().unwrap_or_default();
        (!drafts.is_empty()).then(|| view! {
            <h2>"草稿（还没提交）"</h2>
            <ul class="plain-list drafts">
                {drafts.into_iter().map(|d| {
                    let id = d.args.id.clone();
                    let text = if d.args.description.trim().is_empty() {
                        "（还没写内容）".to_owned()
                    } else {
                        d.args.description.clone()
                    };
                    view! {
                        <li class="card draft">
                            <p class="case-title">{text}</p>
                            <p class="meta">{format!("{} 张照片 · 保存于 {}", d.photos.len(), format_time(d.updated_at))}</p>
                            <div class="actions">
                                <a class="button button-primary" href=format!("/reports/new?draft={id}")>"接着写"</a>
                                <button class="button" on:click=move |_| remove(id.clone())>"删除草稿"</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    }
}

#[component]
fn MyCases() -> impl IntoView {
    let mine = Memo::new(|_| {
        reports::reports()
            .into_iter()
            .filter(|(r, _)| r.mine || r.me_too)
            .collect::<Vec<_>>()
    });
    view! {
        <h2>"我反映的事"</h2>
        {move || case_list(mine.get(), "还没有反映过问题。")}
    }
}

/// 说事墙: what neighbours raised, open or closed within the last month.
#[component]
pub fn ReportBoardPage() -> impl IntoView {
    let cases = Memo::new(|_| {
        let now = now_ms();
        reports::reports()
            .into_iter()
            .filter(|(r, _)| r.on_board(now))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"说事墙"</h1>
            <p class="lead">"本社区居民反映的事和处理进展。遇到同样的问题，点进去按“我也遇到”。"</p>
            {move || case_list(cases.get(), "最近没有居民反映的事。")}
        </section>
    }
}

/// Staff queue: the cases they handle, most urgent first, overdue ones flagged.
#[component]
pub fn ReportQueuePage() -> impl IntoView {
    let session = use_session();
    let show_closed = RwSignal::new(false);
    let cases = Memo::new(move |_| {
        let closed = show_closed.get();
        let mut list: Vec<(Report, bool)> = reports::reports()
            .into_iter()
            .filter(|(r, _)| r.handles && (closed || r.state.is_open()))
            .collect();
        list.sort_by_key(|(r, _)| urgency(r.state, r.respond_by, r.resolve_by));
        list
    });
    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"处理说事"</h1>
            {move || (!session.user().is_some_and(|u| u.role.is_staff())).then(|| view! {
                <p class="notice-box">"只有社区工作人员可以处理说事。"</p>
            })}
            <p class="lead">"最急的排在前面；超过承诺时限的标着“⚠ 超时”。"</p>
            <div class="actions">
                <a class="button button-primary" href="/reports/new">"替居民登记（代办）"</a>
                <label class="checkbox">
                    <input type="checkbox" bind:checked=show_closed />
                    "也显示已办结的"
                </label>
            </div>
            {move || case_list(cases.get(), "没有要处理的事。")}
        </section>
    }
}
