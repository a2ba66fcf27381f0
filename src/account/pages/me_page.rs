use leptos::prelude::*;

use crate::components::elder_switch::ElderSwitch;
use crate::components::install_hint::InstallHint;
use crate::components::refused_writes::RefusedWrites;
use crate::state::session::use_session;

mod device_storage;
mod others_writes;
mod profile;
mod sign_out;
mod welcome;

use device_storage::DeviceStorage;
use others_writes::OthersWrites;
use profile::Profile;
use welcome::Welcome;

/// 我的: who is logged in, what the server refused, 长辈版, installing the app, and what
/// it keeps on the phone.
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
            <OthersWrites />
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
