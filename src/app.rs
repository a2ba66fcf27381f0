//! The app's frame (top bar, sync line, tab bar) around the routes of every feature.

use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos::task::spawn_local;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::{Route, Router, Routes, RoutesProps};
use leptos_router::path;

use crate::components::browser_notice::BrowserNotice;
use crate::components::elder_switch::ElderSwitch;
use crate::components::session_ended::SessionEnded;
use crate::components::sync_status::SyncStatusLine;
use crate::components::tab_bar::TabBar;
use crate::components::update_banner::UpdateBanner;
use crate::components::waiting_banner::WaitingBanner;
use crate::state::app_update::AppUpdate;
use crate::state::community;
use crate::state::elder_mode::ElderMode;
use crate::state::install::Install;
use crate::state::session::SessionContext;
use crate::state::sync::SyncContext;
use crate::{
    account, admin, aid, care, deliberation, directory, notices, reports, signup, volunteer,
};

mod home_page;
mod not_found_page;

use home_page::HomePage;
use not_found_page::NotFoundPage;

/// Every route of the app, in the order the router tries them: the first screen, then
/// each feature's. One flat list, as the router matches fastest and the first visit
/// downloads least with it (a component of routes per feature would wrap each in one
/// more type-erased layer).
fn routes() -> StaticVec<AnyNestedRoute> {
    let mut routes = vec![view! { <Route path=path!("/") view=HomePage /> }.into_inner()];
    for feature in [
        notices::routes,
        directory::routes,
        volunteer::routes,
        reports::routes,
        deliberation::routes,
        account::routes,
        admin::routes,
        care::routes,
        aid::routes,
        signup::routes,
    ] {
        routes.extend(feature());
    }
    routes.into()
}

/// The whole app: its contexts, the frame, and the page for the address.
#[component]
pub fn App() -> impl IntoView {
    crate::parts::fill_inside(crate::parts::Inside {
        signups_here: crate::signup::signups_here,
    });
    ElderMode::provide();
    let session = SessionContext::provide();
    let sync = SyncContext::provide(session);
    AppUpdate::provide(sync);
    Install::provide();
    notices::state::keep_first_screen(move || session.user().map(|u| u.id));
    // Another account, or a visitor's other community, sees other things: pull afresh.
    // A memo, so that the profile refreshed at start (same person, same role) is no change.
    let audience = Memo::new(move |_| {
        (
            session.user().map(|u| (u.id, u.role)),
            session.pull_community(),
        )
    });
    Effect::watch(
        move || audience.get(),
        move |(person, _), _, _| {
            sync.restart_for_new_account();
            // Keep the buildings on the device for the report and notice forms offline;
            // once per log-in, not on every start (the forms fetch them when online).
            if person.is_some() {
                spawn_local(async {
                    community::refresh().await;
                });
            }
        },
        false,
    );
    view! {
        <Router>
            <a class="skip-link" href="#main">"跳到正文"</a>
            <header class="top-bar">
                <a class="brand" href="/">"邻里"</a>
                <span class="community">
                    {move || session.user().and_then(|u| u.community_name)}
                </span>
                <ElderSwitch />
            </header>
            <SyncStatusLine />
            <BrowserNotice />
            <UpdateBanner />
            <SessionEnded />
            <WaitingBanner />
            <main id="main" tabindex="-1">
                // Called as a function: `view!` takes only `<Route>` elements as the
                // children of `<Routes>`, not a list made elsewhere.
                {Routes(
                    RoutesProps::builder()
                        .fallback(NotFoundPage)
                        .children(ToChildren::to_children(routes))
                        .build(),
                )}
            </main>
            <TabBar />
        </Router>
    }
}
