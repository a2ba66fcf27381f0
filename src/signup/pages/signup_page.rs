use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::signup::Subject;

use crate::signup::components::signup_box::SignupBox;
use crate::signup::state;

mod join_form;

use join_form::JoinForm;

/// 报名: the sessions and the person's own sign-ups, then who comes and which session.
#[component]
pub fn SignupPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page">
            {move || match state::opening(&id()) {
                Some(opening) => {
                    let back = match &opening.subject {
                        Subject::Notice(n) => (format!("/notices/{n}"), "‹ 返回通知"),
                        Subject::Service(s) => (format!("/services/{s}"), "‹ 返回办事指南"),
                    };
                    view! {
                        <a href=back.0 class="back-link">{back.1}</a>
                        <SignupBox subject=opening.subject.clone() />
                        <JoinForm opening=opening />
                    }.into_any()
                }
                None => view! {
                    <h1>"找不到这个报名"</h1>
                    <p class="lead">"它可能已经结束，或者还没有保存到这台手机上。"</p>
                }.into_any(),
            }}
        </section>
    }
}
