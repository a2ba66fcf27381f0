use leptos::prelude::*;
use linli_core::volunteer::{Activity, Shift, shift_time_label};

/// An activity in the list, with its next shift and the places left on it.
#[component]
pub(super) fn ActivityItem(activity: Activity, next: Option<Shift>) -> impl IntoView {
    let when = next.as_ref().map_or("没有待开始的班次".to_owned(), |s| {
        let places = if s.places_left() > 0 {
            format!("还剩 {} 个名额", s.places_left())
        } else {
            "已满，可报名候补".to_owned()
        };
        format!("{} · {places}", shift_time_label(s.starts_at, s.ends_at))
    });
    view! {
        <li>
            <a class="notice-item" href=format!("/volunteer/activities/{}", activity.id)>
                <span class="badges"><span class="badge">{activity.kind.label()}</span></span>
                <span class="notice-title">{activity.title}</span>
                <span class="meta">{activity.place}</span>
                <span class="meta">{when}</span>
            </a>
        </li>
    }
}
