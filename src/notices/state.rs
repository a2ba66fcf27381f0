//! The notices on the device, as the lists read them. Each function reads the sync
//! view, so a page that calls it updates when rows change.

use linli_core::notice::{NOTICES, Notice, list_order};

use crate::platform::browser::now_ms;
use crate::state::sync::use_sync;

/// The notices on the device, current ones or (with `expired`) the archive, in order.
pub fn notices(expired: bool) -> Vec<(Notice, bool)> {
    let sync = use_sync();
    let now = now_ms();
    let mut list: Vec<(Notice, bool)> = sync.rows(NOTICES);
    list.retain(|(n, _)| n.is_expired(now) == expired);
    list.sort_by(|(a, _), (b, _)| list_order(a, b));
    list
}
