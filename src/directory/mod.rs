//! 一站式服务: the directory (on the first screen), an item's page (in the reading part)
//! and, for staff, adding and correcting items (in the staff part).

pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::{Reading, Staff};
use pages::services_page::ServicesPage;

/// The directory's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/services") view=ServicesPage />
        <Route path=path!("/services/new") view=Staff::ServiceForm />
        <Route path=path!("/services/:id") view=Reading::Service />
        <Route path=path!("/services/:id/edit") view=Staff::ServiceForm />
    }
    .into_inner()
    .into()
}
