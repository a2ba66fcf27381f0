//! The pages beyond the notice list and the directory, in parts the browser downloads when
//! one of their pages is first opened, so that a phone on a weak signal starts the app with
//! less to download. The service worker then keeps every part for offline use.
//!
//! Each part is a split point: `scripts/split-wasm.mjs` cuts the code only its pages use
//! out of the main WebAssembly module into files of their own.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::ChooseView;
use linli_core::sync::Rules;
use linli_core::{report, volunteer};

use crate::platform::browser;
use crate::state::sync::use_sync;

use crate::pages::activity_edit_page::ActivityEditPage;
use crate::pages::activity_page::ActivityPage;
use crate::pages::login_page::LoginPage;
use crate::pages::me_page::MePage;
use crate::pages::my_volunteer_page::MyVolunteerPage;
use crate::pages::notice_acks_page::NoticeAcksPage;
use crate::pages::notice_new_page::NoticeNewPage;
use crate::pages::notice_page::NoticePage;
use crate::pages::notices_page::NoticeArchivePage;
use crate::pages::register_page::RegisterPage;
use crate::pages::report_new_page::ReportNewPage;
use crate::pages::report_page::ReportPage;
use crate::pages::report_stats_page::ReportStatsPage;
use crate::pages::reports_page::{ReportBoardPage, ReportQueuePage, ReportsPage};
use crate::pages::service_edit_page::ServiceEditPage;
use crate::pages::service_page::ServicePage;
use crate::pages::shift_edit_page::ShiftEditPage;
use crate::pages::shift_roster_page::ShiftRosterPage;
use crate::pages::volunteer_page::VolunteerPage;
use crate::pages::volunteer_profile_page::VolunteerProfilePage;

/// How volunteering and 居民说事 show the person's writes not yet confirmed: they come
/// with the parts whose pages show those rows.
const VOLUNTEERING: Rules = volunteer::RULES;
const CASES: Rules = report::RULES;

/// For each part: an enum of its pages (what a `<Route>` shows), the split function that
/// draws one of them, and how the router waits for it. A part `showing` features brings
/// their optimistic rules to the sync engine.
macro_rules! parts {
    ($(
        $(#[$doc:meta])*
        $part:ident in $split:ident $(showing $($mutator:ident),+)? {
            $($page:ident => $component:ident),* $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug)]
            #[repr(u8)]
            pub enum $part {
                $($page),*
            }

            #[wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split(page: $part) -> Result<AnyView, SplitLoaderError> {
                $($(use_sync().add_rules($mutator);)+)?
                Ok(match page {
                    $($part::$page => view! { <$component /> }.into_any()),*
                })
            }

            impl ChooseView for $part {
                // Ready at once, so the router leaves the previous page straight away:
                // the new one says it is on its way until its part has arrived.
                async fn choose(self) -> AnyView {
                    let page = Suspend::new(async move {
                        $split(self)
                            .await
                            .unwrap_or_else(|_| view! { <PartMissing /> }.into_any())
                    });
                    view! { <Suspense fallback=PartLoading>{page}</Suspense> }.into_any()
                }

                async fn preload(&self) {}
            }
        )*

        /// The optimistic rules each part brings when its pages load (beside the first
        /// screens', `FIRST_SCREENS`), as data for the check that together they cover every
        /// mutation once.
        pub const PARTS_SHOWING: &[&[Rules]] = &[$(&[$($($mutator),+)?]),*];
    };
}

parts! {
    /// What a resident opens from the notice list and the directory to read.
    Reading in reading {
        Notice => NoticePage,
        PastNotices => NoticeArchivePage,
        Service => ServicePage,
    }
    /// 志愿: activities, shifts and one's own hours.
    Volunteer in volunteer showing VOLUNTEERING {
        List => VolunteerPage,
        Activity => ActivityPage,
        Mine => MyVolunteerPage,
        Profile => VolunteerProfilePage,
    }
    /// 说事: filing a case and following it.
    Reports in reports showing CASES {
        List => ReportsPage,
        New => ReportNewPage,
        Board => ReportBoardPage,
        Case => ReportPage,
    }
    /// 我的, logging in and registering.
    Account in account {
        Me => MePage,
        Login => LoginPage,
        Register => RegisterPage,
    }
    /// What only staff open: publishing, editing, rosters, the case queue and figures.
    Staff in staff showing VOLUNTEERING, CASES {
        NoticeForm => NoticeNewPage,
        NoticeAcks => NoticeAcksPage,
        ServiceForm => ServiceEditPage,
        ActivityForm => ActivityEditPage,
        ShiftForm => ShiftEditPage,
        ShiftRoster => ShiftRosterPage,
        CaseQueue => ReportQueuePage,
        CaseFigures => ReportStatsPage,
    }
}

/// Shown while a part is fetched: on a weak signal that takes seconds the first time.
/// The stylesheet holds it back for a moment, so that a part kept on the phone opens
/// without it flashing by.
#[component]
fn PartLoading() -> impl IntoView {
    view! {
        <section class="page">
            <p class="part-loading" role="status">"正在打开这一页…"</p>
        </section>
    }
}

/// Shown when a part could not be downloaded: opened for the first time with no signal, or
/// in a browser that does not keep the app for offline use.
#[component]
fn PartMissing() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"这一页还没下载到手机上"</h1>
            <p class="lead">"第一次打开这一页需要网络。请到信号好的地方，再点“重新打开”。"</p>
            <div class="actions">
                <button type="button" class="button button-primary" on:click=|_| browser::reload()>
                    "重新打开"
                </button>
                <a href="/notices" class="tap-link">"回到通知"</a>
            </div>
        </section>
    }
}
