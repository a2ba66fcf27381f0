//! The service directory (办事指南): staff save items; everyone pulls them, with pinyin
//! search keys computed here, once per save.

pub(crate) mod db;
mod mutations;
mod pull;
mod search;

use linli_core::directory;
use utoipa_axum::router::OpenApiRouter;

pub use search::search_keys;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &directory::FEATURE,
    handlers: &[handler!(directory::SAVE => mutations::save)],
    sources: &[source!(directory::SERVICES => pull::services)],
    routes: OpenApiRouter::new,
    setup: None,
};
