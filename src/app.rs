use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::browser_notice::BrowserNotice;
use crate::components::elder_switch::ElderSwitch;
use crate::components::sync_status::SyncStatusLine;
use crate::components::tab_bar::TabBar;
use crate::components::update_banner::UpdateBanner;
use crate::pages::home_page::HomePage;
use crate::pages::not_found_page::NotFoundPage;
use crate::pages::notices_page::NoticesPage;
use crate::pages::parts::{Account, Reading, Reports, Staff, Volunteer};
use crate::pages::services_page::ServicesPage;
use crate::state::app_update::AppUpdate;
use crate::state::community;
use crate::state::elder_mode::ElderMode;
use crate::state::install::Install;
use crate::state::session::SessionContext;
use crate::state::sync::SyncContext;

#[component]
pub fn App() -> impl IntoView {
    ElderMode::provide();
    let session = SessionContext::provide();
    let sync = SyncContext::provide(session);
    AppUpdate::provide(sync);
    Install::provide();
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
                    {move || session.user().map(|u| u.community_name)}
                </span>
                <ElderSwitch />
            </header>
            <SyncStatusLine />
            <BrowserNotice />
            <UpdateBanner />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/notices") view=NoticesPage />
                    <Route path=path!("/notices/new") view=Staff::NoticeForm />
                    <Route path=path!("/notices/archive") view=Reading::PastNotices />
                    <Route path=path!("/notices/:id") view=Reading::Notice />
                    <Route path=path!("/notices/:id/acks") view=Staff::NoticeAcks />
                    <Route path=path!("/notices/:id/edit") view=Staff::NoticeForm />
                    <Route path=path!("/services") view=ServicesPage />
                    <Route path=path!("/services/new") view=Staff::ServiceForm />
                    <Route path=path!("/services/:id") view=Reading::Service />
                    <Route path=path!("/services/:id/edit") view=Staff::ServiceForm />
                    <Route path=path!("/volunteer") view=Volunteer::List />
                    <Route path=path!("/volunteer/me") view=Volunteer::Mine />
                    <Route path=path!("/volunteer/profile") view=Volunteer::Profile />
                    <Route path=path!("/volunteer/activities/new") view=Staff::ActivityForm />
                    <Route path=path!("/volunteer/activities/:id") view=Volunteer::Activity />
                    <Route path=path!("/volunteer/activities/:id/edit") view=Staff::ActivityForm />
                    <Route path=path!("/volunteer/shifts/new") view=Staff::ShiftForm />
                    <Route path=path!("/volunteer/shifts/:id/edit") view=Staff::ShiftForm />
                    <Route path=path!("/volunteer/shifts/:id/roster") view=Staff::ShiftRoster />
                    <Route path=path!("/reports") view=Reports::List />
                    <Route path=path!("/reports/new") view=Reports::New />
                    <Route path=path!("/reports/board") view=Reports::Board />
                    <Route path=path!("/reports/queue") view=Staff::CaseQueue />
                    <Route path=path!("/reports/stats") view=Staff::CaseFigures />
                    <Route path=path!("/reports/:id") view=Reports::Case />
                    <Route path=path!("/me") view=Account::Me />
                    <Route path=path!("/login") view=Account::Login />
                    <Route path=path!("/register") view=Account::Register />
                </Routes>
            </main>
            <TabBar />
        </Router>
    }
}
