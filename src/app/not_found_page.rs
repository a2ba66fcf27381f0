use leptos::prelude::*;

/// Any path no feature has, from a mistyped or outdated link.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"没有找到这个页面"</h1>
            <p class="lead">"可能是链接有误。"</p>
            <a href="/notices" class="button button-primary">"回到首页"</a>
        </section>
    }
}
