use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::account::ResidentCard;
use linli_core::notice::acks_by_building;

use crate::account::state::residents;
use crate::notices::state;
use crate::platform::browser::format_time;

/// For staff: who in each building has and has not said "我已知晓", so grid
/// workers know whom to visit. Works offline from the data on the device.
#[component]
pub fn NoticeAcksPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let report = move || {
        let id = id();
        let notice = state::all().get(&id)?;
        let acks = state::acks().values();
        let buildings = acks_by_building(&notice, residents().values(), &acks);
        Some((notice, buildings))
    };
    view! {
        <section class="page">
            <a href=move || format!("/notices/{}", id()) class="back-link">"‹ 返回通知"</a>
            <h1>"谁已知晓"</h1>
            {move || match report() {
                None => view! { <p class="lead">"找不到这条通知。"</p> }.into_any(),
                Some((notice, buildings)) => {
                    let (done, total) = buildings.iter().fold((0, 0), |(d, t), b| {
                        (d + b.acknowledged.len(), t + b.acknowledged.len() + b.waiting.len())
                    });
                    view! {
                        <p class="lead">{notice.title.clone()}</p>
                        <p class="summary">{format!("已知晓 {done} 人，还有 {} 人没有确认。没有确认的老人，请网格员上门或打电话看看。", total - done)}</p>
                        {buildings.into_iter().map(|b| {
                            let open = !b.waiting.is_empty();
                            view! {
                            <details class="card building-acks" open=open>
                                <summary>
                                    <strong>{b.name}</strong>
                                    {format!(" 已知晓 {} 人 · 未确认 {} 人", b.acknowledged.len(), b.waiting.len())}
                                </summary>
                                {(!b.waiting.is_empty()).then(|| view! {
                                    <h2 class="h3">"还没有确认"</h2>
                                    <ul class="people">
                                        {b.waiting.into_iter().map(|r| view! {
                                            <li>
                                                <span>{r.display_name.clone()} " " {home(&r)}</span>
                                                <a class="button" href=format!("tel:{}", r.phone)>{format!("打电话 {}", r.phone)}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                {(!b.acknowledged.is_empty()).then(|| view! {
                                    <h2 class="h3">"已经知晓"</h2>
                                    <ul class="people">
                                        {b.acknowledged.into_iter().map(|(r, at)| view! {
                                            <li>"✓ " {r.display_name.clone()} " " {home(&r)} " · " {format_time(at)}</li>
                                        }).collect_view()}
                                    </ul>
                                })}
                            </details>
                        }}).collect_view()}
                    }.into_any()
                }
            }}
        </section>
    }
}

fn home(r: &ResidentCard) -> String {
    [r.address.unit.as_deref(), r.address.room.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}
