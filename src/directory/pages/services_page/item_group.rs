use leptos::prelude::*;
use linli_core::directory::ServiceItem;

use super::service_row::ServiceRow;

/// A heading with its items, or nothing when there are none.
#[component]
pub(super) fn ItemGroup(title: &'static str, items: Vec<ServiceItem>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h2>{title}</h2>
            <ul class="service-list">
                {items.into_iter().map(|item| view! { <ServiceRow item=item /> }).collect_view()}
            </ul>
        }
    })
}
