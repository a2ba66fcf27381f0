use leptos::prelude::*;
use linli_core::account::ResetCode;

use crate::platform::browser::format_time;

/// A desk reset code, shown once: the person sets their password with it on the log-in
/// screen (忘记密码 → 用验证码设置密码).
#[component]
pub fn ResetCodeBox(name: String, code: ResetCode) -> impl IntoView {
    view! {
        <div class="card reset-code" role="status">
            <h2>{format!("{name}的验证码")}</h2>
            <p class="reset-code-digits">{code.code.clone()}</p>
            <p>{format!("请把验证码交给{name}本人，{}前有效，只显示这一次。在登录页点“用验证码设置密码”，填手机号、验证码和新密码。", format_time(code.expires_at))}</p>
        </div>
    }
}
