//! Community administration: what a street office and a community need to run 邻里 from
//! an empty database. The street admin creates communities and their first admins and
//! reads figures across them (`street`); a community's admin edits its information
//! (`community`), adds buildings in bulk and retires them (`buildings`), groups them into
//! grids with a 网格员 each (`grids`), appoints staff, 物业 and 楼栋长 and changes people's
//! roles, flags, homes and phones, disables accounts and hands out reset codes (`people`),
//! imports buildings and residents from spreadsheets (`imports`), and reads the audit log
//! (`audit`). Everyone pulls 联系社区 (`contacts`).
//!
//! Every route here needs a network: staff devices do these things at the desk. Only
//! verifying a resident (done at a door) is a mutation, of the accounts feature. Each
//! route's rights are checked against the core's table (`linli_core::access`); the
//! README beside this file lists the routes for the app.

mod audit;
mod buildings;
mod community;
mod contacts;
pub(crate) mod db;
mod decode;
mod grids;
pub(crate) mod imports;
mod people;
mod street;

use linli_core::admin;

use crate::state::AppState;
use crate::sync::{Feature, source};
use utoipa_axum::router::OpenApiRouter;

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &admin::FEATURE,
    handlers: &[],
    sources: &[source!(admin::CONTACTS => contacts::contacts)],
    routes,
    setup: None,
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(street::router())
        .merge(community::router())
        .merge(buildings::router())
        .merge(grids::router())
        .merge(people::router())
        .merge(imports::router())
        .merge(audit::router())
}
