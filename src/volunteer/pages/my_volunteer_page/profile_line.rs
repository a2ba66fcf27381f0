use leptos::prelude::*;

use crate::volunteer::state as volunteer;

/// The volunteer's profile in a line, or the way to become a volunteer.
#[component]
pub(super) fn ProfileLine(user_id: String) -> impl IntoView {
    move || match volunteer::profile(&user_id) {
        Some(p) => view! {
            <p class="meta">
                "志愿者资料：" {p.skills.iter().map(|s| s.label()).collect::<Vec<_>>().join("、")}
                " · 有空：" {p.availability} " "
                <a href="/volunteer/profile">"修改"</a>
            </p>
        }
        .into_any(),
        None => view! {
            <div class="notice-box">
                <p>"您还不是志愿者。填写资料后就可以报名社区志愿活动。"</p>
                <a href="/volunteer/profile" class="button button-primary">"成为志愿者"</a>
            </div>
        }
        .into_any(),
    }
}
