use leptos::prelude::*;

use crate::platform::install::Shell;
use crate::platform::service_worker;
use crate::state::install::use_install;

/// On every screen, where this browser cannot keep 邻里 for use with no network
/// (WeChat's, and others without service workers): what that means and what to do.
/// Everything else works there as usual.
#[component]
pub fn BrowserNotice() -> impl IntoView {
    let install = use_install();
    move || {
        let text = if install.shell() == Shell::WeChat {
            "您是在微信里打开的：没有网络时可能打不开。点右上角“···”，选“在浏览器打开”更稳妥。"
        } else if !service_worker::supported() {
            "这个浏览器没法让邻里在没有网络时打开。换用手机自带的浏览器更稳妥。"
        } else {
            return None;
        };
        Some(view! { <p class="browser-notice">{text}</p> })
    }
}
