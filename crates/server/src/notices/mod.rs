//! Notices (通知公告): staff publish, edit and withdraw them; residents see the ones for
//! their building and acknowledge urgent ones (我已知晓).

pub(crate) mod db;
mod mutations;
mod pull;

use linli_core::notice;
use utoipa_axum::router::OpenApiRouter;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &notice::FEATURE,
    handlers: &[
        handler!(notice::PUBLISH => mutations::publish),
        handler!(notice::WITHDRAW => mutations::withdraw),
        handler!(notice::ACKNOWLEDGE => mutations::acknowledge),
    ],
    sources: &[
        source!(notice::NOTICES => pull::notices),
        source!(notice::NOTICE_ACKS => pull::acks),
    ],
    routes: OpenApiRouter::new,
    setup: None,
};
