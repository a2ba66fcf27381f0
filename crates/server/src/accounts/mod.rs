//! Accounts: registration, log-in and log-out, the current account, accounts created
//! by staff (代办) and the first administrator. Accounts change through these routes,
//! not through sync; staff devices pull their community's accounts (`residents`).

mod admin;
mod attempts;
pub(crate) mod db;
mod pull;
mod routes;

use linli_core::account;

pub use admin::create_admin;
pub use attempts::FAILURES_FORGOTTEN_MS;
pub(crate) use db::{purge_login_failures, purge_sessions};

use crate::sync::{Feature, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &account::FEATURE,
    handlers: &[],
    sources: &[source!(account::RESIDENTS => pull::residents)],
    routes: routes::router,
    setup: None,
};
