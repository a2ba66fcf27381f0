use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::icon::{self, Icon};
use crate::deliberation;
use crate::state::elder_mode::use_elder_mode;

/// Destination, label and icon of the 长辈版 tiles, in the order residents need them.
const TILES: [(&str, &str, &str); 4] = [
    ("/notices", "看通知", icon::NOTICES),
    ("/services", "查办事", icon::SERVICES),
    ("/reports/new", "我要说事", icon::REPORTS),
    ("/volunteer", "志愿服务", icon::VOLUNTEER),
];

/// The first screen: four big tiles in 长辈版, a wide one when a vote waits for the person
/// (议事), and a wide one to call the community, so the next step is obvious;
/// otherwise the notices, as before.
#[component]
pub fn HomePage() -> impl IntoView {
    let elder = use_elder_mode();
    move || {
        if elder.is_on() {
            view! { <Tiles /> }.into_any()
        } else {
            view! { <Redirect path="/notices" /> }.into_any()
        }
    }
}

#[component]
fn Tiles() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"您好，想做什么？"</h1>
            <p class="lead">"点下面的大按钮。"</p>
            <nav aria-label="想做什么">
                <ul class="tiles">
                    {TILES
                        .into_iter()
                        .map(|(href, label, icon)| view! {
                            <li>
                                <a class="tile" href=href>
                                    <Icon path=icon />
                                    <span>{label}</span>
                                </a>
                            </li>
                        })
                        .collect_view()}
                    {move || {
                        let waiting = deliberation::state::votes_waiting();
                        (waiting > 0).then(|| view! {
                            <li class="tile-wide">
                                <a class="tile" href="/deliberation">
                                    <Icon path=icon::NOTICES />
                                    <span>{format!("有 {waiting} 件事等您投票")}</span>
                                </a>
                            </li>
                        })
                    }}
                    <li class="tile-wide">
                        <a class="tile" href="/contact">
                            <Icon path=icon::PHONE />
                            <span>"打电话给社区"</span>
                        </a>
                    </li>
                </ul>
            </nav>
        </section>
    }
}
