//! 报名 / 预约: the sessions of what the community opened for sign-ups (on an 活动 notice or
//! a directory item), signing oneself or a family member up in a few big steps, cancelling,
//! 我的报名 with the day-before reminder; for staff opening sign-ups, the list with
//! attendance, its CSV and signing up a resident who phoned or came to the desk (代办).
//! Every write is saved on the phone at once and sent later; a sign-up shows 待确认 until
//! the server decides 已确认 or 候补.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use components::signup_box::SignupsHere;
use pages::list_page::ListPage;
use pages::my_signups_page::MySignupsPage;
use pages::open_page::OpenPage;
use pages::signup_page::SignupPage;

parts! {
    /// 报名: what is open under a notice or a directory item, signing up, 我的报名, and the
    /// staff pages.
    Signup in signup showing linli_core::signup::RULES {
        Here => SignupsHere,
        Join => SignupPage,
        Mine => MySignupsPage,
        Open => OpenPage,
        List => ListPage,
    }
}

/// The sign-ups under the notice or directory item of the page it is on, drawn by this
/// part: the reading pages then share no code with it, which would be one more chunk each
/// for the first visit's loader to know.
pub fn signups_here() -> AnyView {
    crate::parts::open(Box::pin(signup(Signup::Here)))
}

/// Sign-ups' pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/signup/mine") view=Signup::Mine />
        <Route path=path!("/signup/open/:kind/:id") view=Signup::Open />
        <Route path=path!("/signup/:id/list") view=Signup::List />
        <Route path=path!("/signup/:id") view=Signup::Join />
    }
    .into_inner()
    .into()
}
