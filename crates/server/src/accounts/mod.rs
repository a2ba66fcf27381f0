//! Accounts: registration, log-in and log-out, the current account, accounts created by
//! staff (代办) and the first administrator; each person's password, sessions and
//! published contact; verification of residents (`account.verify`, a mutation, as it is
//! done at a door). Staff and 楼栋长 devices pull the accounts within their reach
//! (`residents`).

mod admin;
mod attempts;
pub(crate) mod codes;
pub(crate) mod db;
pub(crate) mod lifecycle;
mod pull;
pub(crate) mod routes;
mod verify;

use linli_core::account;

pub use admin::create_admin;
pub use attempts::FAILURES_FORGOTTEN_MS;
pub(crate) use db::{purge_login_failures, purge_sessions};

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &account::FEATURE,
    handlers: &[handler!(account::VERIFY => verify::verify)],
    sources: &[source!(account::RESIDENTS => pull::residents)],
    routes: routes::router,
    setup: None,
};
