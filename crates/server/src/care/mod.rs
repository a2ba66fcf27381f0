//! 一户一表 and household visits: the register of households with their members and care
//! tags, kept by 网格员 and 社区工作者 and corrected by the households themselves; calls
//! and visits logged at the door, offline too (需要帮助 files a 说事 case for the
//! household); the community's rhythms. Each device gets only what its account may see.

pub mod db;
mod export;
mod import;
mod mutations;
mod pull;
pub mod routes;

use linli_core::care;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &care::FEATURE,
    handlers: &[
        handler!(care::SAVE_HOUSEHOLD => mutations::save_household),
        handler!(care::SET_TAGS => mutations::set_tags),
        handler!(care::CORRECT_HOUSEHOLD => mutations::correct_household),
        handler!(care::LOG_CONTACT => mutations::log_contact),
        handler!(care::SAVE_RHYTHM => mutations::save_rhythm),
    ],
    sources: &[
        source!(care::HOUSEHOLDS => pull::households),
        source!(care::VISITS => pull::visits),
        source!(care::RHYTHMS => pull::rhythms),
    ],
    routes: routes::router,
    setup: Some(|pool| Box::pin(db::ensure_rhythms(pool))),
};
