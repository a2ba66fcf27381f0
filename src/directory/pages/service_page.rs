use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::directory::state::use_directory;
use crate::platform::prefs;

mod service_detail;

use service_detail::ServiceDetail;

/// One item of the directory: who can apply, what to bring, the steps, where and when.
#[component]
pub fn ServicePage() -> impl IntoView {
    let directory = use_directory();
    let params = use_params_map();
    // Redraw only when this item changes: a sync in the background must not stop
    // the reading aloud or undo where the person was.
    let item = Memo::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        directory.get().get(&id).cloned()
    });
    view! {
        <section class="page">
            <a href="/services" class="back-link">"‹ 返回办事指南"</a>
            {move || match item.get() {
                Some(item) => {
                    prefs::mark_viewed(&item.id);
                    view! { <ServiceDetail item=item /> }.into_any()
                }
                None => view! {
                    <h1>"找不到这个事项"</h1>
                    <p class="lead">"它可能已经调整，或者还没有保存到这台手机上。"</p>
                }.into_any(),
            }}
        </section>
    }
}
