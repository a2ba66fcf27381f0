//! 一户一表 and visits: for 网格员, 楼栋长 and staff the lists of households to visit and
//! to call today and each household's page, where a contact is logged in one tap (saved
//! on the phone at once, sent later); the register's form, 台账 and 走访频次 for those
//! who keep it; for residents 我的家庭, their household's members and emergency contact,
//! which they correct themselves.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::care_list_page::CareListPage;
use pages::household_edit_page::HouseholdEditPage;
use pages::household_page::HouseholdPage;
use pages::ledger_page::LedgerPage;
use pages::my_household_page::MyHouseholdPage;
use pages::rhythms_page::RhythmsPage;

parts! {
    /// 走访: today's lists, households, contacts, and one's own household.
    Care in care showing linli_core::care::RULES, linli_core::report::RULES {
        List => CareListPage,
        Household => HouseholdPage,
        Edit => HouseholdEditPage,
        Ledger => LedgerPage,
        Rhythms => RhythmsPage,
        Mine => MyHouseholdPage,
    }
}

/// The care register's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/care") view=Care::List />
        <Route path=path!("/care/mine") view=Care::Mine />
        <Route path=path!("/care/new") view=Care::Edit />
        <Route path=path!("/care/ledger") view=Care::Ledger />
        <Route path=path!("/care/rhythms") view=Care::Rhythms />
        <Route path=path!("/care/households/:id") view=Care::Household />
        <Route path=path!("/care/households/:id/edit") view=Care::Edit />
    }
    .into_inner()
    .into()
}
