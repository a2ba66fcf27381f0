//! The community's accounts on staff devices (名单), as the pages read them, and what the
//! password forms say of a new password (the core's rules).

use linli_core::account::{RESIDENTS, ResidentCard, Role};

use crate::state::sync::{Collection, use_sync};

/// The community's accounts; only staff devices have them.
pub fn residents() -> Collection<ResidentCard> {
    use_sync().collection(RESIDENTS)
}

/// The residents (not staff) kept on the device, by building then name: whom staff pick
/// when they act for one (代办).
pub fn residents_by_building() -> Vec<ResidentCard> {
    let mut residents: Vec<ResidentCard> = residents()
        .values()
        .into_iter()
        .filter(|r| r.role == Role::Resident)
        .collect();
    residents.sort_by(|a, b| {
        a.building_name
            .cmp(&b.building_name)
            .then(a.display_name.cmp(&b.display_name))
    });
    residents
}

/// What a new password must be, as `linli_core::account::check_password` checks it.
pub const NEW_PASSWORD_HINT: &str = "至少 8 位；不能全是同一个数字，也不能用手机号";
