//! 互助: residents (or staff for them) ask for help, the community's volunteers whose
//! skills fit take it (the first, as this server decides), either side cancels, and the
//! confirmed hours move once in the time bank, from the requester or the 互助池 to the
//! volunteer. Who sees what and who may do what are the core's rules (`linli_core::aid`).

mod db;
mod mutations;
mod pull;

use linli_core::aid;
use utoipa_axum::router::OpenApiRouter;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &aid::FEATURE,
    handlers: &[
        handler!(aid::ASK => mutations::ask),
        handler!(aid::TAKE => mutations::take),
        handler!(aid::CANCEL => mutations::cancel),
        handler!(aid::CONFIRM => mutations::confirm),
        handler!(aid::SET_FLOORS => mutations::set_floors),
    ],
    sources: &[
        source!(aid::REQUESTS => pull::requests),
        source!(aid::SETTINGS => pull::settings),
    ],
    routes: OpenApiRouter::new,
    setup: None,
};
