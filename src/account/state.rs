//! The community's accounts on staff devices (名单), as the pages read them, and what the
//! password forms say of a new password (the core's rules).

use linli_core::account::{RESIDENTS, ResidentCard};

use crate::state::sync::{Collection, use_sync};

/// The community's accounts; only staff devices have them.
pub fn residents() -> Collection<ResidentCard> {
    use_sync().collection(RESIDENTS)
}

/// What a new password must be, as `linli_core::account::check_password` checks it.
pub const NEW_PASSWORD_HINT: &str = "至少 8 位；不能全是同一个数字，也不能用手机号";
