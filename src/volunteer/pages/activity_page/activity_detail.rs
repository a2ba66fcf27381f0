use leptos::prelude::*;
use linli_core::volunteer::Activity;

use crate::platform::browser::now_ms;
use crate::state::session::use_session;
use crate::volunteer::components::shift_card::ShiftCard;
use crate::volunteer::state as volunteer;

/// The activity itself, with staff's ways to change it and its shifts.
#[component]
pub(super) fn ActivityDetail(activity: Activity) -> impl IntoView {
    let session = use_session();
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());
    let skills = activity
        .skills
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join("、");
    let id = activity.id.clone();
    let shifts = Memo::new(move |_| {
        let now = now_ms();
        let staff = is_staff();
        volunteer::shifts()
            .into_iter()
            .filter(|s| s.activity_id == id && (staff || s.ends_at > now))
            .collect::<Vec<_>>()
    });
    let tel = format!("tel:{}", activity.contact_phone);
    let edit = format!("/volunteer/activities/{}/edit", activity.id);
    let add_shift = format!("/volunteer/shifts/new?activity={}", activity.id);
    view! {
        <span class="badges"><span class="badge">{activity.kind.label()}</span></span>
        <h1>{activity.title.clone()}</h1>
        {(!activity.description.is_empty()).then(|| view! { <p class="notice-body">{activity.description.clone()}</p> })}
        <dl class="facts">
            <dt>"地点"</dt>
            <dd>{activity.place.clone()}</dd>
            <dt>"联系人"</dt>
            <dd>{activity.contact_name.clone()} " " <a href=tel>{activity.contact_phone.clone()}</a></dd>
            {(!skills.is_empty()).then(|| view! {
                <dt>"需要的特长"</dt>
                <dd>{skills}</dd>
            })}
        </dl>
        {move || is_staff().then(|| view! {
            <div class="actions">
                <a class="button" href=edit.clone()>"修改活动"</a>
                <a class="button button-primary" href=add_shift.clone()>"添加班次"</a>
            </div>
        })}
        <h2>"班次"</h2>
        {move || {
            let list = shifts.get();
            if list.is_empty() {
                return view! { <p class="empty">"这个活动暂时没有待开始的班次。"</p> }.into_any();
            }
            view! {
                <ul class="notice-list">
                    {list.into_iter().map(|s| view! { <ShiftCard shift=s /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
