use leptos::prelude::*;
use linli_core::aid::{HelpRequest, when_label};

/// A request in a list: what, when, where, and where it stands.
#[component]
pub fn RequestCard(request: HelpRequest, pending: bool) -> impl IntoView {
    let href = format!("/aid/{}", request.id);
    view! {
        <li class="card aid-card">
            <a href=href class="card-link">
                <p class="badges">
                    <span class="badge">{request.status.label()}</span>
                    {pending.then(|| view! { <span class="badge badge-pending">"待发送"</span> })}
                </p>
                <h2 class="h3">{request.kind.label()} " · " {when_label(request.at)}</h2>
                <p class="meta">{request.place.clone()}</p>
                {(!request.requester_name.is_empty()).then(|| view! {
                    <p class="meta">"求助人：" {request.requester_name.clone()}</p>
                })}
            </a>
        </li>
    }
}
