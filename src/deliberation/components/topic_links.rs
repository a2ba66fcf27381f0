use leptos::prelude::*;

use crate::deliberation::state;

/// Links to the topics a 说事 case grew into, for the case's page.
#[component]
pub fn TopicLinks(case_id: String) -> impl IntoView {
    move || {
        let topics = state::topics_of_case(&case_id);
        (!topics.is_empty()).then(|| {
            view! {
                <div class="card topic-links">
                    <h2 class="h3">"这件事已转为议事"</h2>
                    <ul>
                        {topics.into_iter().map(|t| view! {
                            <li><a href=format!("/deliberation/{}", t.id)>{t.title}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
