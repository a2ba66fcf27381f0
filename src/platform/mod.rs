//! The only place that touches browser APIs. Everything above it works with
//! plain Rust types and `AppError`.

pub mod api;
pub mod browser;
pub mod drafts;
pub mod events;
pub mod files;
pub mod idb;
pub mod install;
pub mod location;
pub mod perf;
pub mod photos;
pub mod prefs;
pub mod replica_store;
pub mod service_worker;
pub mod session_store;
pub mod speech;
