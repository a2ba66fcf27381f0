//! The notices on the device, as the lists read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::notice::{Notice, list_order};

use crate::platform::browser::now_ms;
use crate::state::synced::use_synced;

/// The notices on the device, current ones or (with `expired`) the archive, in order.
pub fn notices(expired: bool) -> Vec<(Notice, bool)> {
    let now = now_ms();
    let rows = use_synced().notices.rows();
    let mut list: Vec<(Notice, bool)> = rows
        .iter()
        .filter(|r| r.value.is_expired(now) == expired)
        .map(|r| (r.value.clone(), r.pending))
        .collect();
    list.sort_by(|(a, _), (b, _)| list_order(a, b));
    list
}
