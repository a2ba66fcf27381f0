use leptos::prelude::*;
use linli_core::account::UserProfile;

use crate::components::elder_switch::ElderSwitch;
use crate::components::install_hint::InstallHint;
use crate::components::refused_writes::RefusedWrites;
use crate::platform::browser;
use crate::state::session::use_session;
use crate::state::sync::use_sync;

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
            <RefusedWrites />
            <div class="card">
                <h2>"看得更清楚"</h2>
                <p>"打开长辈版，字和按钮都变大，首页只留四件常用的事。这台手机会记住您的选择。"</p>
                <ElderSwitch />
            </div>
            <InstallHint />
            <DeviceStorage />
        </section>
    }
}

#[component]
fn Profile(user: UserProfile) -> impl IntoView {
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
        <SignOut />
    }
}

/// Writes still waiting belong to this account: sending them later as someone
/// else would be wrong, so signing out waits until they are sent.
#[component]
fn SignOut() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let pending = move || sync.status().pending;
    view! {
        {move || match pending() {
            0 => view! {
                <button class="button" on:click=move |_| session.sign_out()>"退出登录"</button>
            }.into_any(),
            n => view! {
                <p class="notice-box">
                    {format!("还有 {n} 条记录没有发送。请连上网络，等发送完再退出登录，以免丢失。")}
                </p>
            }.into_any(),
        }}
    }
}

/// How much the app keeps on this phone, so people know offline data is there.
#[component]
fn DeviceStorage() -> impl IntoView {
    let estimate = LocalResource::new(browser::storage_estimate);
    move || {
        estimate.get().flatten().map(|(used, quota)| {
            // Whole tenths without float formatting, which would add to every download.
            let mb = |bytes: f64| {
                let tenths = (bytes / 104_857.6).round() as u64;
                format!("{}.{} MB", tenths / 10, tenths % 10)
            };
            view! {
                <div class="card">
                    <h2>"手机上保存的内容"</h2>
                    <p>{format!("邻里在这台手机上用了 {}（最多可用 {}）。没有网络时也能看已保存的通知和办事指南。", mb(used), mb(quota))}</p>
                </div>
            }
        })
    }
}

#[component]
fn Welcome() -> impl IntoView {
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

/// `138****8000`: enough to recognise one's own number on a shared screen.
fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        phone.to_owned()
    }
}
