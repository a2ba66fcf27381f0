use leptos::prelude::*;

#[component]
pub fn NoticesPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"通知公告"</h1>
            <p class="lead">"居委会发布的通知、停水停电、活动和居务公开，都会在这里。"</p>
        </section>
    }
}
