//! The pages beyond the notice list and the directory come in parts the browser downloads
//! when one of their pages is first opened, so that a phone on a weak signal starts the app
//! with less to download. The service worker then keeps every part for offline use.
//!
//! Each part is a split point: `scripts/split-wasm.mjs` cuts the code only its pages use
//! out of the main WebAssembly module into files of their own. A feature declares its
//! own parts with [`parts!`] in its `mod.rs`; the two parts that span features are
//! declared here. Code that several parts use goes into shared chunks, each one more file
//! to fetch before a page opens and one more for the first visit's loader to know: with a
//! staff part per feature, the splitter made 67 chunks instead of 21, and the loader grew
//! by 1 KiB.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::directory::pages::service_edit_page::ServiceEditPage;
use crate::directory::pages::service_page::ServicePage;
use crate::notices::pages::notice_acks_page::NoticeAcksPage;
use crate::notices::pages::notice_archive_page::NoticeArchivePage;
use crate::notices::pages::notice_edit_page::NoticeEditPage;
use crate::notices::pages::notice_page::NoticePage;
use crate::platform::browser;
use crate::reports::pages::report_queue_page::ReportQueuePage;
use crate::reports::pages::report_stats_page::ReportStatsPage;
use crate::volunteer::pages::activity_edit_page::ActivityEditPage;
use crate::volunteer::pages::shift_edit_page::ShiftEditPage;
use crate::volunteer::pages::shift_roster_page::ShiftRosterPage;

/// Declares parts. For each: an enum of its pages (what a `<Route>` shows), the split
/// function that draws one of them, and how the router waits for it. A part `showing`
/// features' optimistic rules lists them as its `RULES`, which it brings to the sync
/// engine when it loads.
macro_rules! parts {
    ($(
        $(#[$doc:meta])*
        $part:ident in $split:ident $(showing $($rules:path),+)? {
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

            impl $part {
                /// How the features this part's pages show display the person's writes
                /// not yet confirmed.
                pub const RULES: &'static [::linli_core::sync::Rules] = &[$($($rules),+)?];
            }

            #[::leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split(
                page: $part,
            ) -> Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
                use ::leptos::prelude::*;
                for rules in $part::RULES {
                    $crate::state::sync::use_sync().add_rules(rules);
                }
                Ok(match page {
                    $($part::$page => view! { <$component /> }.into_any()),*
                })
            }

            impl ::leptos_router::ChooseView for $part {
                async fn choose(self) -> ::leptos::prelude::AnyView {
                    $crate::parts::open(Box::pin($split(self)))
                }

                async fn preload(&self) {}
            }
        )*
    };
}
pub(crate) use parts;

parts! {
    /// What a resident opens from the notice list and the directory to read. One part for
    /// both features: their pages share the reading aloud, which would otherwise be a
    /// chunk of its own, one more file to fetch.
    Reading in reading {
        Notice => NoticePage,
        PastNotices => NoticeArchivePage,
        Service => ServicePage,
    }
    /// What only staff open, in every feature: publishing and correcting notices and
    /// services, activities, shifts and rosters, the case queue and figures.
    Staff in staff showing linli_core::volunteer::RULES, linli_core::report::RULES {
        NoticeForm => NoticeEditPage,
        NoticeAcks => NoticeAcksPage,
        ServiceForm => ServiceEditPage,
        ActivityForm => ActivityEditPage,
        ShiftForm => ShiftEditPage,
        ShiftRoster => ShiftRosterPage,
        CaseQueue => ReportQueuePage,
        CaseFigures => ReportStatsPage,
    }
}

/// What one part draws inside another's page, filled in by the app's frame at start.
/// A part's code calls another part's loader only through here: called straight from a
/// part, the loader would be an import that only the release build's splitter resolves,
/// and the platform's browser tests, built whole, could not load.
pub struct Inside {
    /// The sign-ups under a notice or a directory item (the 报名 part).
    pub signups_here: fn() -> AnyView,
}

static INSIDE: std::sync::OnceLock<Inside> = std::sync::OnceLock::new();

/// Sets what parts draw inside others; the first call wins.
pub fn fill_inside(inside: Inside) {
    let _ = INSIDE.set(inside);
}

/// The sign-ups under the notice or directory item of the page it is on.
pub fn signups_here() -> Option<AnyView> {
    INSIDE.get().map(|inside| (inside.signups_here)())
}

/// A page of a part, as the router shows it. Ready at once, so the router leaves the
/// previous page straight away: the new one says it is on its way until its part has
/// arrived. One function for every part (the download boxed), so that its code is in the
/// first visit once.
pub fn open(
    page: Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>> + Send>>,
) -> AnyView {
    let page = Suspend::new(async move {
        page.await
            .unwrap_or_else(|_| view! { <PartMissing /> }.into_any())
    });
    view! { <Suspense fallback=PartLoading>{page}</Suspense> }.into_any()
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
