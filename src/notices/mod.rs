//! 通知公告: the notice list (on the first screen), a notice's page and the archive (in
//! the reading part), and for staff writing, changing and who has confirmed (in the staff
//! part).

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::{Reading, Staff};
use pages::notices_page::NoticesPage;

/// The notices' pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/notices") view=NoticesPage />
        <Route path=path!("/notices/new") view=Staff::NoticeForm />
        <Route path=path!("/notices/archive") view=Reading::PastNotices />
        <Route path=path!("/notices/:id") view=Reading::Notice />
        <Route path=path!("/notices/:id/acks") view=Staff::NoticeAcks />
        <Route path=path!("/notices/:id/edit") view=Staff::NoticeForm />
    }
    .into_inner()
    .into()
}
