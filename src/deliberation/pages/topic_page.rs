use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::deliberation::state;

mod ballot;
mod opinions;
mod result_view;
mod staff_tools;
mod topic_view;

use topic_view::TopicView;

/// One topic: what it is about (readable aloud, offline too), where it stands, the
/// person's ballot, the opinions, the result and its follow-up.
#[component]
pub fn TopicPage() -> impl IntoView {
    let params = use_params_map();
    let topic = Memo::new(move |_| state::topic(&params.read().get("id").unwrap_or_default()));
    view! {
        <section class="page topic-detail">
            <a href="/deliberation" class="back-link">"‹ 返回议事协商"</a>
            {move || match topic.get() {
                None => view! {
                    <h1>"找不到这个议题"</h1>
                    <p>"可能还没有保存到这台手机上。连上网络后再看看。"</p>
                }.into_any(),
                Some((t, pending)) => view! { <TopicView topic=t pending=pending /> }.into_any(),
            }}
        </section>
    }
}
