use leptos::prelude::*;

use crate::reports::state as reports;

/// 是哪一类事: the community's categories still in use, with what the chosen one promises.
#[component]
pub(super) fn CategoryField(
    category: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    // Read as the rows arrive: a cold start draws this page before it has read them all.
    let categories = Memo::new(move |_| {
        let mut list = reports::categories();
        list.retain(|c| !c.retired);
        list
    });
    let promise = move || {
        let chosen = category.get();
        categories.with(|list| list.iter().find(|c| c.id == chosen).map(|c| c.promise()))
    };
    view! {
        <div class="field">
            <label for="field-category_id">"是哪一类事？"</label>
            <select id="field-category_id" on:change=move |ev| category.set(event_target_value(&ev))
                aria-describedby="category-promise field-category_id-error">
                <option value="" selected=move || category.read().is_empty()>"请选择"</option>
                {move || categories.get().into_iter().map(|c| {
                    let cid = c.id.clone();
                    view! {
                        <option value=c.id.clone() selected=move || *category.read() == cid>{c.name}</option>
                    }
                }).collect_view()}
            </select>
            <p class="field-hint promise" id="category-promise">{promise}</p>
            <p class="field-error" id="field-category_id-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
