use std::sync::Arc;

use leptos::prelude::*;
use linli_core::directory::{ServiceCategory, ServiceItem};

use crate::components::community_picker::CommunityPicker;
use crate::directory::state::use_directory;
use crate::platform::perf;
use crate::state::session::use_session;

mod browse;
mod item_group;
mod service_row;

use browse::Browse;
use service_row::ServiceRow;

/// How many results to show before "更多".
const PAGE: usize = 30;
/// How many search results to show before "更多": two screens of a phone, so that each
/// keystroke draws no more than a person can see.
const FOUND_PAGE: usize = 12;

/// An item drawn in the list, by the directory it came from (its address) and its id.
type Keyed = ((usize, String), ServiceItem);

/// 一站式服务: search the directory, or browse it by category, with favourites and
/// recently viewed items first.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let session = use_session();
    let directory = use_directory();
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(None::<ServiceCategory>);
    // Pages of more results asked for ("更多") beyond the first.
    let more = RwSignal::new(0);
    let shown = move || {
        let first = if query.with(|q| q.trim().is_empty()) {
            PAGE
        } else {
            FOUND_PAGE
        };
        first + more.get() * PAGE
    };
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());

    // How many match, and the first `shown` of them: only those are copied and drawn
    // (the first letter typed matches most of the directory). Each is keyed by its id and
    // the directory it came from, so a keystroke redraws only the rows that differ, and a
    // sync that changed the directory redraws them all.
    let results = Memo::new(move |_| -> (usize, Vec<Keyed>) {
        let directory = directory.get();
        let generation = Arc::as_ptr(&directory) as usize;
        let keyed = |item: &ServiceItem| ((generation, item.id.clone()), item.clone());
        let q = query.get();
        let limit = shown();
        if q.trim().is_empty() {
            let matching = directory
                .items
                .iter()
                .filter(|i| category.get().is_none_or(|c| i.content.category == c));
            (
                matching.clone().count(),
                matching.take(limit).map(keyed).collect(),
            )
        } else {
            let phase = perf::phase("linli:search");
            let hits = directory.search(&q);
            let found = (
                hits.len(),
                hits.into_iter().take(limit).map(keyed).collect(),
            );
            phase.end();
            found
        }
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"一站式服务"</h1>
                {move || is_staff().then(|| view! {
                    <a href="/services/new" class="button">"新增事项"</a>
                })}
            </div>
            {move || session.pull_community().is_none().then(|| view! { <CommunityPicker /> })}
            <div class="search-box" role="search">
                <label for="service-search">"想办什么事？"</label>
                <input id="service-search" type="search" enterkeyhint="search"
                    placeholder="例如：高龄津贴、gljt、居住证明"
                    bind:value=query
                    on:input=move |_| more.set(0) />
            </div>
            {move || query.get().trim().is_empty().then(|| view! { <Browse category more /> })}
            {move || {
                let total = results.with(|(total, _)| *total);
                let searching = !query.get().trim().is_empty();
                (total == 0).then(|| {
                    let text = if searching {
                        "没有找到。换个说法试试，比如只输入两三个字，或输入拼音首字母。"
                    } else {
                        "还没有办事指南。连上网络后会自动获取。"
                    };
                    view! { <p class="empty">{text}</p> }
                })
            }}
            {move || (!query.get().trim().is_empty() && results.with(|(total, _)| *total > 0)).then(|| view! {
                <p class="aside" aria-live="polite">{move || format!("找到 {} 项", results.with(|(total, _)| *total))}</p>
            })}
            <ul class="service-list">
                <For each=move || results.get().1 key=|(key, _)| key.clone() let:((_, item))>
                    <ServiceRow item=item />
                </For>
            </ul>
            {move || {
                let left = results.with(|(total, _)| *total).saturating_sub(shown());
                (left > 0).then(|| view! {
                    <button class="button button-wide" on:click=move |_| more.update(|n| *n += 1)>
                        {format!("显示更多（还有 {left} 项）")}
                    </button>
                })
            }}
        </section>
    }
}
