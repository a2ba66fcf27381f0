use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"居民说事"</h1>
            <p class="lead">"身边有问题，拍张照片告诉社区，每件事都有回音。"</p>
        </section>
    }
}
