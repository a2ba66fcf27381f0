use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::browser_notice::BrowserNotice;
use crate::components::elder_switch::ElderSwitch;
use crate::components::sync_status::SyncStatusLine;
use crate::components::tab_bar::TabBar;
use crate::components::update_banner::UpdateBanner;
use crate::pages::activity_edit_page::ActivityEditPage;
use crate::pages::activity_page::ActivityPage;
use crate::pages::home_page::HomePage;
use crate::pages::login_page::LoginPage;
use crate::pages::me_page::MePage;
use crate::pages::my_volunteer_page::MyVolunteerPage;
use crate::pages::not_found_page::NotFoundPage;
use crate::pages::notice_acks_page::NoticeAcksPage;
use crate::pages::notice_new_page::NoticeNewPage;
use crate::pages::notice_page::NoticePage;
use crate::pages::notices_page::{NoticeArchivePage, NoticesPage};
use crate::pages::register_page::RegisterPage;
use crate::pages::report_new_page::ReportNewPage;
use crate::pages::report_page::ReportPage;
use crate::pages::report_stats_page::ReportStatsPage;
use crate::pages::reports_page::{ReportBoardPage, ReportQueuePage, ReportsPage};
use crate::pages::service_edit_page::ServiceEditPage;
use crate::pages::service_page::ServicePage;
use crate::pages::services_page::ServicesPage;
use crate::pages::shift_edit_page::ShiftEditPage;
use crate::pages::shift_roster_page::ShiftRosterPage;
use crate::pages::volunteer_page::VolunteerPage;
use crate::pages::volunteer_profile_page::VolunteerProfilePage;
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
                    <Route path=path!("/notices/new") view=NoticeNewPage />
                    <Route path=path!("/notices/archive") view=NoticeArchivePage />
                    <Route path=path!("/notices/:id") view=NoticePage />
                    <Route path=path!("/notices/:id/acks") view=NoticeAcksPage />
                    <Route path=path!("/notices/:id/edit") view=NoticeNewPage />
                    <Route path=path!("/services") view=ServicesPage />
                    <Route path=path!("/services/new") view=ServiceEditPage />
                    <Route path=path!("/services/:id") view=ServicePage />
                    <Route path=path!("/services/:id/edit") view=ServiceEditPage />
                    <Route path=path!("/volunteer") view=VolunteerPage />
                    <Route path=path!("/volunteer/me") view=MyVolunteerPage />
                    <Route path=path!("/volunteer/profile") view=VolunteerProfilePage />
                    <Route path=path!("/volunteer/activities/new") view=ActivityEditPage />
                    <Route path=path!("/volunteer/activities/:id") view=ActivityPage />
                    <Route path=path!("/volunteer/activities/:id/edit") view=ActivityEditPage />
                    <Route path=path!("/volunteer/shifts/new") view=ShiftEditPage />
                    <Route path=path!("/volunteer/shifts/:id/edit") view=ShiftEditPage />
                    <Route path=path!("/volunteer/shifts/:id/roster") view=ShiftRosterPage />
                    <Route path=path!("/reports") view=ReportsPage />
                    <Route path=path!("/reports/new") view=ReportNewPage />
                    <Route path=path!("/reports/board") view=ReportBoardPage />
                    <Route path=path!("/reports/queue") view=ReportQueuePage />
                    <Route path=path!("/reports/stats") view=ReportStatsPage />
                    <Route path=path!("/reports/:id") view=ReportPage />
                    <Route path=path!("/me") view=MePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/register") view=RegisterPage />
                </Routes>
            </main>
            <TabBar />
        </Router>
    }
}
