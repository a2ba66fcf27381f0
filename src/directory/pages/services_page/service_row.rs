use leptos::prelude::*;
use linli_core::directory::ServiceItem;

/// One item as a link to its page.
#[component]
pub(super) fn ServiceRow(item: ServiceItem) -> impl IntoView {
    view! {
        <li>
            <a href=format!("/services/{}", item.id) class="service-item">
                <span class="service-name">{item.content.name.clone()}</span>
                <span class="meta">{item.content.category.label()} " · " {item.content.summary.clone()}</span>
                {item.content.proxy.then(|| view! { <span class="badge">"可代办"</span> })}
            </a>
        </li>
    }
}
