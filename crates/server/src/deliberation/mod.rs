//! 议事协商: staff create and run topics; residents of a topic's audience write and
//! support opinions and vote (also offline; staff record paper votes for those without
//! a phone); closing the vote tallies it and publishes the result as a 居务公开 notice.
//! Secret ballots keep who has voted apart from what was voted (`db.rs`).

pub mod db;
mod mutations;
mod pull;
pub mod routes;

use linli_core::deliberation;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &deliberation::FEATURE,
    handlers: &[
        handler!(deliberation::SAVE_TOPIC => mutations::save_topic),
        handler!(deliberation::ADVANCE => mutations::advance),
        handler!(deliberation::CLOSE => mutations::close),
        handler!(deliberation::FOLLOW_UP => mutations::follow_up),
        handler!(deliberation::OPINE => mutations::opine),
        handler!(deliberation::SUPPORT => mutations::support),
        handler!(deliberation::REPLY => mutations::reply),
        handler!(deliberation::HIDE => mutations::hide),
        handler!(deliberation::VOTE => mutations::vote),
        handler!(deliberation::PROXY_VOTE => mutations::proxy_vote),
    ],
    sources: &[
        source!(deliberation::TOPICS => pull::topics),
        source!(deliberation::OPINIONS => pull::opinions),
    ],
    routes: routes::router,
    setup: None,
};
