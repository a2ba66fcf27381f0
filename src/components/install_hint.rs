use leptos::prelude::*;

use crate::platform::install::Shell;
use crate::state::install::{Install, use_install};

/// In 我的: how to put 邻里 on the home screen, and why it keeps offline data safer.
#[component]
pub fn InstallHint() -> impl IntoView {
    let install = use_install();
    move || card(install)
}

/// The card for the browser the app is open in.
fn card(install: Install) -> AnyView {
    match install.shell() {
        Shell::Installed => view! {
            <div class="card">
                <h2>"已装到手机桌面"</h2>
                <p>"以后从桌面上的“邻里”图标打开就行，没有网络也能用。"</p>
            </div>
        }
        .into_any(),
        Shell::WeChat => view! {
            <div class="card">
                <h2>"在微信里打开的"</h2>
                <p>"微信里不能把邻里装到手机桌面，没有网络时也可能打不开。"</p>
                <ol class="steps">
                    <li>"点右上角的“···”。"</li>
                    <li>"选“在浏览器打开”。"</li>
                    <li>"在浏览器里再按提示装到手机桌面。"</li>
                </ol>
                <p>"在微信里照样可以看通知、查办事、报名和说事。"</p>
            </div>
        }
        .into_any(),
        shell => view! {
            <div class="card">
                <h2>"装到手机桌面"</h2>
                <p>
                    "装到手机桌面后，点图标就能打开，没有网络也能用；"
                    "手机也不会随便清掉保存在里面的通知、办事指南和还没发出的内容。"
                </p>
                {move || if shell == Shell::Ios {
                    view! {
                        <ol class="steps">
                            <li>"用 Safari 浏览器打开邻里。"</li>
                            <li>"点屏幕下方的分享按钮（方框带向上的箭头）。"</li>
                            <li>"往下找到“添加到主屏幕”，点它，再点右上角的“添加”。"</li>
                        </ol>
                    }
                    .into_any()
                } else if install.can_offer() {
                    view! {
                        <button class="button button-primary" on:click=move |_| install.ask()>
                            "装到手机桌面"
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <p>"在浏览器的菜单（右上角的“⋮”或“···”）里，选“安装应用”或“添加到主屏幕”。"</p>
                    }
                    .into_any()
                }}
            </div>
        }
        .into_any(),
    }
}
