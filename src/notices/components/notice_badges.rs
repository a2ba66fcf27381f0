use leptos::prelude::*;
use linli_core::notice::{Importance, Notice};

/// Importance and category as words, so colour is never the only cue.
#[component]
pub fn NoticeBadges(notice: Notice, pending: bool) -> impl IntoView {
    let importance = (notice.importance != Importance::Normal).then(|| {
        let class = match notice.importance {
            Importance::Urgent => "badge badge-urgent",
            _ => "badge badge-important",
        };
        view! { <span class=class>{notice.importance.label()}</span> }
    });
    view! {
        <span class="badges">
            {importance}
            {notice.pinned.then(|| view! { <span class="badge">"置顶"</span> })}
            <span class="badge badge-plain">{notice.category.label()}</span>
            {pending.then(|| view! { <span class="badge badge-pending">"待发送"</span> })}
        </span>
    }
}
