use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::refused_writes::RefusedWrites;
use crate::volunteer::state as volunteer;

mod activity_detail;

use activity_detail::ActivityDetail;

/// One activity: what, where, whom to call, and its shifts to sign up for.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_params_map();
    // Memos: the page is redrawn when its activity changes, not at every sync.
    let activity =
        Memo::new(move |_| volunteer::activity(&params.read().get("id").unwrap_or_default()));
    view! {
        <section class="page">
            <a href="/volunteer" class="back-link">"‹ 返回志愿服务"</a>
            <RefusedWrites />
            {move || match activity.get() {
                Some(activity) => view! { <ActivityDetail activity=activity /> }.into_any(),
                None => view! {
                    <h1>"找不到这个活动"</h1>
                    <p class="lead">"它可能还没有保存到这台手机上。连上网络后再试。"</p>
                }.into_any(),
            }}
        </section>
    }
}
