use leptos::prelude::*;

/// For visitors: what needs an account, and the ways to one.
#[component]
pub(super) fn Welcome() -> impl IntoView {
    view! {
        <div class="card">
            <p>"看通知、查办事不用登录。报名志愿活动、向社区说事，需要先登录。"</p>
            <div class="actions">
                <a href="/login" class="button button-primary">"登录"</a>
                <a href="/register" class="button">"注册新账号"</a>
            </div>
        </div>
    }
}
