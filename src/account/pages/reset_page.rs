use leptos::prelude::*;
use linli_core::account::{ResetPasswordRequest, Session};

use crate::account::state::NEW_PASSWORD_HINT;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api;
use crate::state::session::use_sign_in;
use crate::state::write::use_form;

/// 用验证码设置密码: with the code from the community desk, a new password, and logged in.
#[component]
pub fn ResetPage() -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = use_form();
    let signed_in = use_sign_in();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = ResetPasswordRequest {
            phone: phone.get_untracked(),
            code: code.get_untracked(),
            password: password.get_untracked(),
        };
        form.submit(
            req.validated(),
            |req| async move {
                api::call::<_, Session>(api::Method::POST, "/accounts/reset", None, Some(&req))
                    .await
            },
            signed_in.clone(),
        );
    };
    view! {
        <section class="page">
            <a href="/login" class="back-link">"‹ 返回登录"</a>
            <h1>"用验证码设置密码"</h1>
            <p class="lead">"忘记密码，或社区刚为您开了账号：带身份证到社区服务站领取验证码，在这里设置新密码。需要网络。"</p>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="手机号" name="phone" value=phone error=form.field("phone")
                    input_type="tel" autocomplete="tel" inputmode="numeric" />
                <TextField label="验证码" name="code" value=code error=form.field("code")
                    inputmode="numeric" autocomplete="one-time-code" hint="社区服务站给您的 8 位数字" />
                <TextField label="新密码" name="password" value=password error=form.field("password")
                    input_type="password" autocomplete="new-password"
                    hint=NEW_PASSWORD_HINT />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"设置密码并登录"</button>
            </form>
        </section>
    }
}
