use leptos::prelude::*;
use linli_core::deliberation::may_organise;

use crate::deliberation::components::topic_card::TopicCard;
use crate::deliberation::state;
use crate::state::session::use_session;

/// The topics the person may take part in: those asking something now first, with their
/// deadlines; staff also start new ones here.
#[component]
pub fn TopicsPage() -> impl IntoView {
    let session = use_session();
    let organiser = move || session.user().is_some_and(|u| may_organise(u.role));
    view! {
        <section class="page">
            <h1>"议事协商"</h1>
            <p class="lead">"社区里大家关心的事，一起商量、一起投票决定。"</p>
            {move || organiser().then(|| view! {
                <a href="/deliberation/new" class="button button-primary button-wide">"发起议题"</a>
            })}
            {move || {
                let topics = state::topics();
                if topics.is_empty() {
                    view! { <p>"现在没有议题。有新议题时会在这里出现。"</p> }.into_any()
                } else {
                    view! {
                        <ul class="notice-list">
                            {topics.into_iter().map(|(t, pending)| view! { <TopicCard topic=t pending=pending /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
