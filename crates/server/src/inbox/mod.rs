//! The inbox every person has: the server tells them, in plain words, about their
//! shifts, their hours and their cases. Other features write to it through [`notify`];
//! devices only read it.

mod db;
mod notify;
mod pull;

use linli_core::inbox;
use utoipa_axum::router::OpenApiRouter;

pub use notify::{About, notify};

use crate::sync::{Feature, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &inbox::FEATURE,
    handlers: &[],
    sources: &[source!(inbox::INBOX => pull::messages)],
    routes: OpenApiRouter::new,
    setup: None,
};
