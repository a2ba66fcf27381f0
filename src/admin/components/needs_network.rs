use leptos::prelude::*;

/// What every screen of 社区管理 but 待核实 says first: it works only with a network.
#[component]
pub fn NeedsNetwork() -> impl IntoView {
    view! {
        <p class="lead needs-network">"这一页需要网络：改动直接保存到社区的系统里。没有网络时请稍后再办。"</p>
    }
}
