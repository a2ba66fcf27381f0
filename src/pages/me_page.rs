use leptos::prelude::*;
use leptos_router::components::A;
use linli_core::account::UserProfile;

use crate::state::session::use_session;

#[component]
pub fn MePage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <h1>"我的"</h1>
            {move || match session.user() {
                Some(user) => view! { <Profile user=user /> }.into_any(),
                None => view! { <Welcome /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Profile(user: UserProfile) -> impl IntoView {
    let session = use_session();
    let home = [
        user.building_name.clone(),
        user.address.unit.clone(),
        user.address.room.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class="card profile">
            <p class="profile-name">{user.display_name.clone()}</p>
            <dl>
                <dt>"身份"</dt>
                <dd>{user.role.label()}</dd>
                <dt>"社区"</dt>
                <dd>{user.community_name.clone()}</dd>
                <dt>"手机号"</dt>
                <dd>{mask_phone(&user.phone)}</dd>
                {(!home.is_empty()).then(|| view! {
                    <dt>"住址"</dt>
                    <dd>{home}</dd>
                })}
            </dl>
        </div>
        <button class="button" on:click=move |_| session.sign_out()>"退出登录"</button>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <div class="card">
            <p>"看通知、查办事不用登录。报名志愿活动、向社区说事，需要先登录。"</p>
            <div class="actions">
                <A href="/login" attr:class="button button-primary">"登录"</A>
                <A href="/register" attr:class="button">"注册新账号"</A>
            </div>
        </div>
    }
}

/// `138****8000`: enough to recognise one's own number on a shared screen.
fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        phone.to_owned()
    }
}
