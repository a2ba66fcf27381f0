use leptos::prelude::*;
use linli_core::deliberation::may_organise;

use crate::deliberation::state;
use crate::state::session::use_session;

/// Links to the topics a 说事 case grew into, for the case's page; for staff who start
/// topics, the way to start one from the case.
#[component]
pub fn TopicLinks(case_id: String) -> impl IntoView {
    let session = use_session();
    let start = format!("/deliberation/new?case={case_id}");
    let organises = move || session.user().is_some_and(|u| may_organise(u.role));
    view! {
        {move || {
            let topics = state::topics_of_case(&case_id);
            (!topics.is_empty()).then(|| view! {
                <div class="card topic-links">
                    <h2 class="h3">"这件事已转为议事"</h2>
                    <ul>
                        {topics.into_iter().map(|t| view! {
                            <li><a href=format!("/deliberation/{}", t.id)>{t.title}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        {move || organises().then(|| view! {
            <a class="button button-wide" href=start.clone()>"转为议事协商"</a>
        })}
    }
}
