//! 议事协商: the topics a person may take part in, each readable offline (also aloud),
//! with its opinions and, in its voting stage, a ballot that works offline (待发送 until
//! sent); staff start topics, enter paper votes for residents and close the vote.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::topic_new_page::TopicNewPage;
use pages::topic_page::TopicPage;
use pages::topics_page::TopicsPage;

parts! {
    /// 议事: the topics, one topic, and for staff a new topic.
    Deliberation in deliberation showing linli_core::deliberation::RULES {
        List => TopicsPage,
        Topic => TopicPage,
        New => TopicNewPage,
    }
}

/// 议事's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/deliberation") view=Deliberation::List />
        <Route path=path!("/deliberation/new") view=Deliberation::New />
        <Route path=path!("/deliberation/:id") view=Deliberation::Topic />
    }
    .into_inner()
    .into()
}
