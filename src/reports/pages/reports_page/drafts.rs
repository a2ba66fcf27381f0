use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::browser::format_time;
use crate::platform::drafts;
use crate::state::sync::use_sync;

/// Drafts kept on this device.
#[component]
pub(super) fn Drafts() -> impl IntoView {
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
