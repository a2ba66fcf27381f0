//! 我的, logging in and registering: one part.

pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::login_page::LoginPage;
use pages::me_page::MePage;
use pages::register_page::RegisterPage;

parts! {
    /// 我的, logging in and registering.
    Account in account {
        Me => MePage,
        Login => LoginPage,
        Register => RegisterPage,
    }
}

/// The account's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/me") view=Account::Me />
        <Route path=path!("/login") view=Account::Login />
        <Route path=path!("/register") view=Account::Register />
    }
    .into_inner()
    .into()
}
