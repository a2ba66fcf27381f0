//! 我的, logging in and registering, and one's account: its password (also set with a
//! desk code), devices, and what 联系社区 shows of staff. One part.

pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::devices_page::DevicesPage;
use pages::login_page::LoginPage;
use pages::me_page::MePage;
use pages::password_page::PasswordPage;
use pages::published_page::PublishedPage;
use pages::register_page::RegisterPage;
use pages::reset_page::ResetPage;

parts! {
    /// 我的, logging in and registering.
    Account in account {
        Me => MePage,
        Login => LoginPage,
        Register => RegisterPage,
        Reset => ResetPage,
        Password => PasswordPage,
        Devices => DevicesPage,
        Published => PublishedPage,
    }
}

/// The account's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/me") view=Account::Me />
        <Route path=path!("/login") view=Account::Login />
        <Route path=path!("/register") view=Account::Register />
        <Route path=path!("/reset") view=Account::Reset />
        <Route path=path!("/me/password") view=Account::Password />
        <Route path=path!("/me/devices") view=Account::Devices />
        <Route path=path!("/me/contact") view=Account::Published />
    }
    .into_inner()
    .into()
}
