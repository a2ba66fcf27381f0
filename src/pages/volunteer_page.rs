use leptos::prelude::*;

#[component]
pub fn VolunteerPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"志愿服务"</h1>
            <p class="lead">"报名参加社区志愿活动，服务时长记入时间银行。"</p>
        </section>
    }
}
