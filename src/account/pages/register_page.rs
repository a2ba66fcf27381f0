use leptos::prelude::*;
use linli_core::account::{Address, MIN_PASSWORD_CHARS, RegisterRequest};
use linli_core::community::Community;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api;
use crate::state::session::use_sign_in;
use crate::state::write::use_form;

mod address_fields;
mod community_field;

use address_fields::AddressFields;
use community_field::CommunityField;

/// 注册新账号: phone, name, password, community and (if they like) where they live.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let communities = LocalResource::new(api::communities);

    let phone = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let community_id = RwSignal::new(String::new());
    let building_id = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let form = use_form();
    let signed_in = use_sign_in();

    // Most people register in the only community the server has: choose it for them.
    Effect::new(move |_| {
        if let Some(Ok(list)) = communities.get()
            && let [only] = list.as_slice()
            && community_id.get_untracked().is_empty()
        {
            community_id.set(only.id.clone());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = RegisterRequest {
            phone: phone.get_untracked(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
            community_id: community_id.get_untracked(),
            address: Address {
                building_id: Some(building_id.get_untracked()),
                unit: Some(unit.get_untracked()),
                room: Some(room.get_untracked()),
            },
        };
        form.submit(req.validated(), api::register, signed_in.clone());
    };
    let community_list = move || match communities.get() {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    };
    let buildings = move || {
        let chosen = community_id.get();
        community_list()
            .into_iter()
            .find(|c: &Community| c.id == chosen)
            .map(|c| c.buildings)
            .unwrap_or_default()
    };
    let password_hint: &'static str = match MIN_PASSWORD_CHARS {
        8 => "至少 8 位，字母、数字或汉字都可以",
        _ => "请设置一个不容易被猜到的密码",
    };

    view! {
        <section class="page">
            <h1>"注册新账号"</h1>
            <p class="lead">"注册后可以报名志愿活动、向社区说事。"</p>
            {move || matches!(communities.get(), Some(Err(_))).then(|| view! {
                <p class="notice-box" role="alert">
                    "现在连不上网络，暂时无法注册。请到信号好的地方再试，或请社区工作人员代为办理。"
                </p>
            })}
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="手机号" name="phone" value=phone error=form.field("phone")
                    input_type="tel" autocomplete="tel" inputmode="numeric"
                    hint="用于登录，11 位手机号" />
                <TextField label="怎么称呼您" name="display_name" value=display_name
                    error=form.field("display_name") autocomplete="name" hint="例如：王阿姨、李师傅" />
                <TextField label="设置密码" name="password" value=password error=form.field("password")
                    input_type="password" autocomplete="new-password" hint=password_hint />
                <CommunityField communities=Signal::derive(community_list) community_id=community_id
                    building_id=building_id error=form.field("community_id") />
                <AddressFields buildings=Signal::derive(buildings) building_id=building_id unit=unit room=room form=form />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>
                    {move || if form.pending().get() { "正在注册…" } else { "注册" }}
                </button>
            </form>
            <p class="aside">"已经有账号？" <a href="/login">"直接登录"</a></p>
        </section>
    }
}
