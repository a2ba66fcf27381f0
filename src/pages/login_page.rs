use leptos::prelude::*;
use linli_core::account::LoginRequest;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::platform::api;
use crate::state::session::{sign_in_action, submit};

#[component]
pub fn LoginPage() -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let login = sign_in_action(error, api::login);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        submit(login, error, req.validated());
    };
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));

    view! {
        <section class="page">
            <h1>"登录"</h1>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="手机号" name="phone" value=phone error=field("phone")
                    input_type="tel" autocomplete="tel" inputmode="numeric" />
                <TextField label="密码" name="password" value=password error=field("password")
                    input_type="password" autocomplete="current-password" />
                <FormAlert error=error />
                <button class="button button-primary" type="submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "正在登录…" } else { "登录" }}
                </button>
            </form>
            <p class="aside">"还没有账号？" <a href="/register">"注册新账号"</a></p>
            <p class="aside">"忘记密码请带身份证到社区服务站，工作人员帮您重置。"</p>
        </section>
    }
}
