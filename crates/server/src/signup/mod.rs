//! 报名 / 预约: staff open sign-ups on an 活动 notice or a bookable directory item, with
//! sessions; residents sign themselves or a family member up (staff one who phoned or came
//! to the desk), the server decides 已确认 or 候补 by the roster rules volunteer shifts
//! share, cancelling promotes the first waiting, and staff mark attendance and export the
//! list. The rules are the core's (`linli_core::signup`, `linli_core::roster`).

mod db;
mod mutations;
mod pull;
mod routes;

use linli_core::signup;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &signup::FEATURE,
    handlers: &[
        handler!(signup::SAVE_OPENING => mutations::save_opening),
        handler!(signup::SAVE_SESSION => mutations::save_session),
        handler!(signup::SIGN_UP => mutations::sign_up),
        handler!(signup::CANCEL => mutations::cancel),
        handler!(signup::MARK_ATTENDANCE => mutations::mark_attendance),
    ],
    sources: &[
        source!(signup::OPENINGS => pull::openings),
        source!(signup::SESSIONS => pull::sessions),
        source!(signup::ENTRIES => pull::entries),
    ],
    routes: routes::router,
    setup: None,
};
