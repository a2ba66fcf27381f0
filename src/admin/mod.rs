//! 社区管理 and 联系社区: the street office's communities, a community's buildings,
//! grids, people, imports, audit log and information (REST, with a network), residents
//! verified at the door (through sync, offline too), and everyone's 联系社区 (synced).
//! Two parts, so that none of it is in the first visit's download, and a resident who
//! opens 联系社区 does not fetch the administration screens.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::parts;
use pages::admin_page::AdminPage;
use pages::audit_page::AuditPage;
use pages::buildings_page::BuildingsPage;
use pages::communities_page::CommunitiesPage;
use pages::community_info_page::CommunityInfoPage;
use pages::contact_page::ContactPage;
use pages::grids_page::GridsPage;
use pages::import_page::ImportPage;
use pages::people_page::PeoplePage;
use pages::verify_page::VerifyPage;

parts! {
    /// 社区管理, for the accounts with a right to one of its screens.
    Admin in admin showing linli_core::account::RULES {
        Home => AdminPage,
        Communities => CommunitiesPage,
        Buildings => BuildingsPage,
        Grids => GridsPage,
        People => PeoplePage,
        Import => ImportPage,
        Audit => AuditPage,
        CommunityInfo => CommunityInfoPage,
        Verify => VerifyPage,
    }
    /// 联系社区, for everyone.
    Contact in contact {
        Page => ContactPage,
    }
}

/// The pages of 社区管理 and 联系社区, by path.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/admin") view=Admin::Home />
        <Route path=path!("/admin/communities") view=Admin::Communities />
        <Route path=path!("/admin/buildings") view=Admin::Buildings />
        <Route path=path!("/admin/grids") view=Admin::Grids />
        <Route path=path!("/admin/people") view=Admin::People />
        <Route path=path!("/admin/import") view=Admin::Import />
        <Route path=path!("/admin/audit") view=Admin::Audit />
        <Route path=path!("/admin/community") view=Admin::CommunityInfo />
        <Route path=path!("/admin/verify") view=Admin::Verify />
        <Route path=path!("/contact") view=Contact::Page />
    }
    .into_inner()
    .into()
}
