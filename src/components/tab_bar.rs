use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icon::{self, Icon};

/// Destination, label and icon.
const TABS: [(&str, &str, &str); 5] = [
    ("/notices", "通知", icon::NOTICES),
    ("/services", "办事", icon::SERVICES),
    ("/volunteer", "志愿", icon::VOLUNTEER),
    ("/reports", "说事", icon::REPORTS),
    ("/me", "我的", icon::ME),
];

/// The bottom navigation: the four things residents do, and their own page.
#[component]
pub fn TabBar() -> impl IntoView {
    view! {
        <nav class="tab-bar" aria-label="主菜单">
            <ul>
                {TABS
                    .into_iter()
                    .map(|(href, label, icon)| {
                        view! {
                            <li>
                                <A href=href>
                                    <Icon path=icon />
                                    <span>{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
