use leptos::prelude::*;

use crate::admin::state::{SCREENS, may};
use crate::state::session::use_session;

/// 社区管理: the screens this account has a right to, each one tap away.
#[component]
pub fn AdminPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"社区管理"</h1>
            {move || match session.user() {
                None => view! { <p class="lead">"请先登录。"</p> }.into_any(),
                Some(user) => view! {
                    <ul class="admin-screens">
                        {SCREENS
                            .into_iter()
                            .filter(|(_, _, _, action)| may(&user, *action))
                            .map(|(href, title, what, _)| view! {
                                <li>
                                    <a class="card admin-screen" href=href>
                                        <span class="admin-screen-title">{title}</span>
                                        <span class="admin-screen-what">{what}</span>
                                    </a>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
