use leptos::prelude::*;
use linli_core::directory::{ServiceCategory, ServiceItem};

use super::item_group::ItemGroup;
use crate::directory::state::use_directory;
use crate::platform::prefs;

/// What the directory shows before anything is typed: the person's favourites and what
/// they looked at lately, then the categories to browse by (choosing one goes back to
/// the first page of results, `more`).
#[component]
pub fn Browse(category: RwSignal<Option<ServiceCategory>>, more: RwSignal<usize>) -> impl IntoView {
    let directory = use_directory();
    let picks = move |ids: Vec<String>| -> Vec<ServiceItem> {
        let directory = directory.get();
        ids.iter()
            .filter_map(|id| directory.get(id).cloned())
            .collect()
    };
    view! {
        // Drawn again when a sync changes the directory.
        {move || view! {
            <ItemGroup title="我的收藏" items=picks(prefs::favourites()) />
            <ItemGroup title="最近看过" items=picks(prefs::recent()) />
        }}
        <div class="chips" role="group" aria-label="按类别查看">
            <button class="chip" aria-pressed=move || category.get().is_none().to_string()
                on:click=move |_| category.set(None)>"全部"</button>
            {ServiceCategory::ALL.into_iter().map(|c| view! {
                <button class="chip" aria-pressed=move || (category.get() == Some(c)).to_string()
                    on:click=move |_| { category.set(Some(c)); more.set(0); }>
                    {c.label()}
                </button>
            }).collect_view()}
        </div>
    }
}
