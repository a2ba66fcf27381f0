use leptos::prelude::*;
use linli_core::directory::{ServiceCategory, ServiceItem};

use crate::components::community_picker::CommunityPicker;
use crate::directory::state::use_directory;
use crate::platform::prefs;
use crate::state::session::use_session;

mod item_group;
mod service_row;

use item_group::ItemGroup;
use service_row::ServiceRow;

/// How many results to show before "更多".
const PAGE: usize = 30;

/// 一站式服务: search the directory, or browse it by category, with favourites and
/// recently viewed items first.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let session = use_session();
    let directory = use_directory();
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(None::<ServiceCategory>);
    let shown = RwSignal::new(PAGE);
    let is_staff = move || session.user().is_some_and(|u| u.role.is_staff());

    // How many match, and the first `shown` of them: only those are copied and drawn
    // (the first letter typed matches most of the directory).
    let results = move || -> (usize, Vec<ServiceItem>) {
        let directory = directory.get();
        let q = query.get();
        let limit = shown.get();
        if q.trim().is_empty() {
            let matching = directory
                .items
                .iter()
                .filter(|i| category.get().is_none_or(|c| i.content.category == c));
            (
                matching.clone().count(),
                matching.take(limit).cloned().collect(),
            )
        } else {
            let hits = directory.search(&q);
            (hits.len(), hits.into_iter().take(limit).cloned().collect())
        }
    };
    let picks = move |ids: Vec<String>| -> Vec<ServiceItem> {
        let directory = directory.get();
        ids.iter()
            .filter_map(|id| directory.get(id).cloned())
            .collect()
    };

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
                    on:input=move |_| shown.set(PAGE) />
            </div>
            {move || query.get().trim().is_empty().then(|| {
                let favourites = picks(prefs::favourites());
                let recent = picks(prefs::recent());
                view! {
                    <ItemGroup title="我的收藏" items=favourites />
                    <ItemGroup title="最近看过" items=recent />
                    <div class="chips" role="group" aria-label="按类别查看">
                        <button class="chip" aria-pressed=move || category.get().is_none().to_string()
                            on:click=move |_| category.set(None)>"全部"</button>
                        {ServiceCategory::ALL.into_iter().map(|c| view! {
                            <button class="chip" aria-pressed=move || (category.get() == Some(c)).to_string()
                                on:click=move |_| { category.set(Some(c)); shown.set(PAGE); }>
                                {c.label()}
                            </button>
                        }).collect_view()}
                    </div>
                }
            })}
            {move || {
                let (total, list) = results();
                let searching = !query.get().trim().is_empty();
                if total == 0 {
                    let text = if searching {
                        "没有找到。换个说法试试，比如只输入两三个字，或输入拼音首字母。"
                    } else {
                        "还没有办事指南。连上网络后会自动获取。"
                    };
                    return view! { <p class="empty">{text}</p> }.into_any();
                }
                let more = total > shown.get();
                view! {
                    {searching.then(|| view! { <p class="aside" aria-live="polite">{format!("找到 {total} 项")}</p> })}
                    <ul class="service-list">
                        {list.into_iter().map(|item| view! { <ServiceRow item=item /> }).collect_view()}
                    </ul>
                    {more.then(|| view! {
                        <button class="button button-wide" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {format!("显示更多（还有 {} 项）", total - shown.get_untracked())}
                        </button>
                    })}
                }.into_any()
            }}
        </section>
    }
}
