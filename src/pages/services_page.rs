use leptos::prelude::*;

#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"一站式服务"</h1>
            <p class="lead">"办什么事、带什么材料、去哪里、找谁，都能在这里查到。"</p>
        </section>
    }
}
