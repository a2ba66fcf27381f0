use std::collections::BTreeSet;

use leptos::prelude::*;
use linli_core::access::Action;
use linli_core::directory::ServiceItem;

use crate::components::read_aloud::ReadAloud;
use crate::platform::prefs;
use crate::signup;
use crate::state::session::use_session;

/// The whole item as one text, for reading aloud.
fn spoken(item: &ServiceItem) -> String {
    let c = &item.content;
    let mut parts = vec![c.name.clone(), c.summary.clone()];
    if !c.eligibility.is_empty() {
        parts.push(format!("谁可以办：{}", c.eligibility));
    }
    if !c.materials.is_empty() {
        parts.push(format!("要带的材料：{}", c.materials.join("；")));
    }
    parts.push(format!("办理流程：{}", c.steps.join("；")));
    parts.push(format!(
        "地点：{}。时间：{}。电话：{}。",
        c.location, c.hours, c.phone
    ));
    parts.join("。")
}

/// The item itself, with its materials checklist kept on the phone.
#[component]
pub(super) fn ServiceDetail(item: ServiceItem) -> impl IntoView {
    let session = use_session();
    let id = item.id.clone();
    let favourite = RwSignal::new(prefs::favourites().contains(&id));
    let ticked = RwSignal::new(prefs::ticked(&id));
    let c = item.content.clone();
    let tel = format!("tel:{}", c.phone.replace([' ', '-'], ""));
    let speech = spoken(&item);
    let edit = format!("/services/{id}/edit");
    let toggle_id = id.clone();
    view! {
        <article class="service-detail">
            <p class="badges"><span class="badge badge-plain">{c.category.label()}</span>
                {c.proxy.then(|| view! { <span class="badge">"工作人员可代办"</span> })}</p>
            <h1>{c.name.clone()}</h1>
            <p class="lead">{c.summary.clone()}</p>
            <div class="actions">
                <ReadAloud text=speech />
                <button class="button" aria-pressed=move || favourite.get().to_string()
                    on:click=move |_| favourite.set(prefs::toggle_favourite(&toggle_id))>
                    {move || if favourite.get() { "★ 已收藏" } else { "☆ 收藏" }}
                </button>
            </div>
            {(!c.eligibility.is_empty()).then(|| view! {
                <h2>"谁可以办"</h2>
                <p>{c.eligibility.clone()}</p>
            })}
            {(!c.materials.is_empty()).then(|| {
                let id = id.clone();
                view! {
                    <h2>"要带的材料"</h2>
                    <p class="aside">"准备好一样就勾一样，这台手机会记住。"</p>
                    <ul class="checklist">
                        {c.materials.clone().into_iter().enumerate().map(|(n, material)| {
                            let id = id.clone();
                            let key = material.clone();
                            let checked = {
                                let key = key.clone();
                                move || ticked.with(|t| t.contains(&key))
                            };
                            view! {
                                <li>
                                    <label class="checkbox">
                                        <input type="checkbox" id=format!("material-{n}") prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                ticked.update(|t: &mut BTreeSet<String>| {
                                                    if on { t.insert(key.clone()); } else { t.remove(&key); }
                                                });
                                                prefs::set_ticked(&id, &ticked.get_untracked());
                                            } />
                                        {material}
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            <h2>"怎么办"</h2>
            <ol class="steps">
                {c.steps.clone().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ol>
            <h2>"去哪里、什么时候"</h2>
            <dl class="facts">
                <dt>"地点"</dt><dd>{c.location.clone()}</dd>
                <dt>"时间"</dt><dd>{c.hours.clone()}</dd>
                <dt>"收费"</dt><dd>{c.fee.clone()}</dd>
                <dt>"多久办好"</dt><dd>{c.time_limit.clone()}</dd>
            </dl>
            {(!c.phone.is_empty()).then(|| view! {
                <a class="button button-primary button-wide" href=tel>{format!("打电话问：{}", c.phone)}</a>
            })}
            {
                let id = id.clone();
                move || {
                    let staff = session.user().is_some_and(|u| u.role.may(Action::PublishActivities));
                    (staff || signup::state::opened_on(&id)).then(crate::parts::signups_here).flatten()
                }
            }
            <p class="aside">{format!("社区于 {} 核对过这条信息。", c.checked_on)}</p>
            {move || session.user().is_some_and(|u| u.role.is_staff()).then(|| view! {
                <a href=edit.clone() class="button">"修改这个事项"</a>
            })}
        </article>
    }
}
