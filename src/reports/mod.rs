//! 居民说事: filing a case (saved as a draft as it is typed), following it, the
//! neighbourhood's board, and for staff the queue, the figures and the categories'
//! promises. Residents' pages are a part of their own, staff's are in the staff part.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::{Staff, parts};
use pages::report_board_page::ReportBoardPage;
use pages::report_new_page::ReportNewPage;
use pages::report_page::ReportPage;
use pages::reports_page::ReportsPage;

parts! {
    /// 说事: filing a case and following it.
    Reports in reports showing linli_core::report::RULES {
        List => ReportsPage,
        New => ReportNewPage,
        Board => ReportBoardPage,
        Case => ReportPage,
    }
}

/// 居民说事's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/reports") view=Reports::List />
        <Route path=path!("/reports/new") view=Reports::New />
        <Route path=path!("/reports/board") view=Reports::Board />
        <Route path=path!("/reports/queue") view=Staff::CaseQueue />
        <Route path=path!("/reports/stats") view=Staff::CaseFigures />
        <Route path=path!("/reports/:id") view=Reports::Case />
    }
    .into_inner()
    .into()
}
