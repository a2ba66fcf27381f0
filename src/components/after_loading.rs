use leptos::prelude::*;

use crate::state::sync::{Phase, use_sync};

/// Draws `children` once everything kept on the device has been read. A form that starts
/// from stored rows (the notice being changed, the residents to file for) reads them when
/// it is drawn; drawn before they are read — opened by a link or a reload while the app
/// is still reading — it would start empty, and a change would be saved as something new.
/// (Drawn once: syncing afterwards leaves the form and what is typed in it alone.)
#[component]
pub fn AfterLoading(children: ChildrenFn) -> impl IntoView {
    let sync = use_sync();
    view! {
        <Show
            when=move || sync.status().phase != Phase::Loading
            fallback=|| view! { <p class="empty" role="status">"正在读取手机上保存的内容…"</p> }
        >
            {children()}
        </Show>
    }
}
