use leptos::prelude::*;
use linli_core::account::ChangePasswordRequest;

use crate::account::state::NEW_PASSWORD_HINT;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::{self, Method};
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 修改密码: the old one and a new one (rules from the core); the other devices are
/// logged out. Needs a network.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let session = use_session();
    let old_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let form = use_form();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(token), Some(user)) = (session.token(), session.user()) else {
            return;
        };
        done.set(false);
        let req = ChangePasswordRequest {
            old_password: old_password.get_untracked(),
            new_password: new_password.get_untracked(),
        };
        form.submit(
            req.validated(&user.phone),
            move |req| async move {
                api::call::<_, ()>(Method::POST, "/me/password", Some(&token), Some(&req)).await
            },
            move |()| {
                old_password.set(String::new());
                new_password.set(String::new());
                done.set(true);
            },
        );
    };
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"修改密码"</h1>
            <p class="lead">"需要网络。改好后，别的手机上的登录会退出。"</p>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="现在的密码" name="old_password" value=old_password error=form.field("old_password")
                    input_type="password" autocomplete="current-password" />
                <TextField label="新密码" name="new_password" value=new_password error=form.field("new_password")
                    input_type="password" autocomplete="new-password"
                    hint=NEW_PASSWORD_HINT />
                <FormAlert error=form.error() />
                {move || done.get().then(|| view! { <p class="summary" role="status">"密码已修改。"</p> })}
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"修改密码"</button>
            </form>
        </section>
    }
}
