//! Volunteering: staff run activities and shifts; volunteers sign up, give places up,
//! check in and out; the time bank credits hours served, and staff export rosters and
//! hours. The rules (placement, promotion, capacity, clashes, codes, credited hours) are
//! the core's; this feature loads what they need and stores what they decide.

pub(crate) mod db;
mod hours;
mod mutations;
mod pull;
mod routes;

use linli_core::volunteer;

use crate::sync::{Feature, handler, source};

/// This feature as the server runs it.
pub const FEATURE: Feature = Feature {
    core: &volunteer::FEATURE,
    handlers: &[
        handler!(volunteer::SAVE_PROFILE => mutations::save_profile),
        handler!(volunteer::SAVE_ACTIVITY => mutations::save_activity),
        handler!(volunteer::SAVE_SHIFT => mutations::save_shift),
        handler!(volunteer::CANCEL_SHIFT => mutations::cancel_shift),
        handler!(volunteer::SIGN_UP => mutations::sign_up),
        handler!(volunteer::WITHDRAW => mutations::withdraw),
        handler!(volunteer::CHECK_IN => hours::check_in),
        handler!(volunteer::CHECK_OUT => hours::check_out),
        handler!(volunteer::MARK_NO_SHOW => mutations::mark_no_show),
        handler!(volunteer::CONFIRM_HOURS => hours::confirm_hours),
        handler!(volunteer::ADJUST_HOURS => hours::adjust_hours),
        handler!(volunteer::TRANSFER_HOURS => hours::transfer_hours),
        handler!(volunteer::UNLOCK_CHECK_IN => hours::unlock_check_in),
    ],
    sources: &[
        source!(volunteer::ACTIVITIES => pull::activities),
        source!(volunteer::SHIFTS => pull::shifts),
        source!(volunteer::SIGNUPS => pull::signups),
        source!(volunteer::VOLUNTEERS => pull::profiles),
        source!(volunteer::LEDGER => pull::ledger),
    ],
    routes: routes::router,
    setup: None,
};
