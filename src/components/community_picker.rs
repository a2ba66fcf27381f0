use leptos::prelude::*;

use crate::platform::api;
use crate::state::session::use_session;

/// For visitors without an account: which community's notices and services to show.
#[component]
pub fn CommunityPicker() -> impl IntoView {
    let session = use_session();
    let communities = LocalResource::new(api::communities);
    view! {
        <div class="card">
            <h2>"您住在哪个社区？"</h2>
            <p>"选好后，这个社区的通知和办事指南会保存在手机上，没网也能看。"</p>
            {move || match communities.get() {
                None => view! { <p>"正在获取社区列表…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice-box">{e.message()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="choice-list">
                        {list.into_iter().map(|c| {
                            let id = c.id.clone();
                            view! {
                                <li>
                                    <button class="button" on:click=move |_| session.choose_community(id.clone())>
                                        {c.name} <span class="aside-inline">{c.street_office}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
