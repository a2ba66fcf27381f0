use leptos::prelude::*;
use linli_core::account::LoginRequest;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api;
use crate::state::session::use_sign_in;
use crate::state::write::use_form;

/// 登录 with the phone number and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = use_form();
    let signed_in = use_sign_in();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        form.submit(req.validated(), api::login, signed_in.clone());
    };

    view! {
        <section class="page">
            <h1>"登录"</h1>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="手机号" name="phone" value=phone error=form.field("phone")
                    input_type="tel" autocomplete="tel" inputmode="numeric" />
                <TextField label="密码" name="password" value=password error=form.field("password")
                    input_type="password" autocomplete="current-password" />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>
                    {move || if form.pending().get() { "正在登录…" } else { "登录" }}
                </button>
            </form>
            <p class="aside">"还没有账号？" <a href="/register">"注册新账号"</a></p>
            <p class="aside">"忘记密码请带身份证到社区服务站领取验证码，再" <a href="/reset">"用验证码设置密码"</a>"。"</p>
        </section>
    }
}
