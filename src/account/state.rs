//! The community's accounts on staff devices (名单), as the pages read them.

use linli_core::account::{RESIDENTS, ResidentCard};

use crate::state::sync::{Collection, use_sync};

/// The community's accounts; only staff devices have them.
pub fn residents() -> Collection<ResidentCard> {
    use_sync().collection(RESIDENTS)
}
