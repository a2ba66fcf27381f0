//! 互助: asking neighbours for help (陪诊, 代购, 陪聊, 理发, 修理小家电), the person's own
//! requests with where each stands, for volunteers the open requests they can take, and
//! each request's page with taking, cancelling and confirming the hours. Every write is
//! saved on the phone at once and sent later; a take waits as 待确认 until the server
//! says who was first.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::aid_page::AidPage;
use pages::ask_page::AskPage;
use pages::request_page::RequestPage;

parts! {
    /// 互助: the lists, asking, and a request's page.
    Aid in aid showing linli_core::aid::RULES {
        Home => AidPage,
        Ask => AskPage,
        Request => RequestPage,
    }
}

/// 互助's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/aid") view=Aid::Home />
        <Route path=path!("/aid/new") view=Aid::Ask />
        <Route path=path!("/aid/:id") view=Aid::Request />
    }
    .into_inner()
    .into()
}
