//! 居民说事: residents report problems and say "我也遇到"; staff handle the cases with
//! notes the residents read; the reporter rates the result or reopens it. Buildings have
//! QR posters that open the report form.

mod case;
pub mod db;
pub(crate) mod mutations;
mod pull;
pub mod routes;

use linli_core::report;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &report::FEATURE,
    handlers: &[
        handler!(report::SUBMIT => mutations::submit),
        handler!(report::SUPPORT => mutations::support),
        handler!(report::ACT => mutations::act),
        handler!(report::RATE => mutations::rate),
        handler!(report::REOPEN => mutations::reopen),
        handler!(report::SAVE_CATEGORY => mutations::save_category),
    ],
    sources: &[
        source!(report::CATEGORIES => pull::categories),
        source!(report::REPORTS => pull::reports),
    ],
    routes: routes::router,
    setup: Some(|pool| Box::pin(db::ensure_categories(pool))),
};
