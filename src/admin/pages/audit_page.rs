use leptos::prelude::*;
use linli_core::admin::{AuditAction, AuditEntry};

use crate::admin::components::loaded::loaded;
use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::load;
use crate::components::download::Download;
use crate::platform::api::query;
use crate::platform::browser::format_time;
use crate::state::session::use_session;

/// 操作记录: who changed what and when (before → after), filtered by kind and days, and
/// the same as a CSV file for Excel.
#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let entries = LocalResource::new(move || {
        load::<Vec<AuditEntry>>(session.token(), format!("/admin/audit{}", asked.get()))
    });
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set(query(&[
            ("action", action.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ]));
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"操作记录"</h1>
            <NeedsNetwork />
            <form class="form card" on:submit=filter>
                <div class="field">
                    <label for="field-action">"哪类改动"</label>
                    <select id="field-action" bind:value=action>
                        <option value="">"全部"</option>
                        {AuditAction::ALL.into_iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="field-from">"从"</label>
                        <input id="field-from" type="date" bind:value=from />
                    </div>
                    <div class="field">
                        <label for="field-to">"到"</label>
                        <input id="field-to" type="date" bind:value=to />
                    </div>
                </div>
                <button class="button button-primary" type="submit">"筛选"</button>
            </form>
            {move || view! { <Download path=format!("/admin/audit.csv{}", asked.get()) name="操作记录.csv" label="下载表格（CSV）" /> }}
            {loaded(entries, |list| view! {
                <p class="summary">{format!("共 {} 条", list.len())}</p>
                <ul class="admin-list audit-list">
                    {list.into_iter().map(|e| {
                        let change = |v: &Option<serde_json::Value>| v.as_ref().map_or("—".to_owned(), |v| v.to_string());
                        view! {
                            <li class="card">
                                <p><strong>{e.action.label()}</strong>" · "{e.target_label.clone()}</p>
                                <p>{format!("{} · {}", e.actor_name, format_time(e.at))}</p>
                                <p class="audit-change">{format!("{} → {}", change(&e.before), change(&e.after))}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
