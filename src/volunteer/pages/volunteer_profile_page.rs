use leptos::prelude::*;

use crate::state::session::use_session;

mod on_behalf;
mod profile_form;

use on_behalf::OnBehalf;
use profile_form::ProfileForm;

/// Becoming a volunteer: skills, when one is free, and whom to call in an emergency.
#[component]
pub fn VolunteerProfilePage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/volunteer/me" class="back-link">"‹ 返回我的志愿"</a>
            <h1>"志愿者资料"</h1>
            {move || match session.user() {
                Some(user) if user.role.is_staff() => view! { <OnBehalf own_id=user.id /> }.into_any(),
                Some(user) => view! { <ProfileForm user_id=user.id /> }.into_any(),
                None => view! { <p class="lead">"请先" <a href="/login">"登录"</a> "。"</p> }.into_any(),
            }}
        </section>
    }
}
