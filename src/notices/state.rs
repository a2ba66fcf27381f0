//! The notices on the device, as the lists read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::notice::{NOTICE_ACKS, NOTICES, Notice, NoticeAck, list_order};

use crate::platform::browser::now_ms;
use crate::state::sync::{Collection, use_sync};

/// The notices on the device.
pub fn all() -> Collection<Notice> {
    use_sync().collection(NOTICES)
}

/// Acknowledgements (我已知晓), by `{notice_id}:{user_id}`: a resident's own, staff their
/// community's.
pub fn acks() -> Collection<NoticeAck> {
    use_sync().collection(NOTICE_ACKS)
}

/// The notices on the device, current ones or (with `expired`) the archive, in order.
pub fn notices(expired: bool) -> Vec<(Notice, bool)> {
    let now = now_ms();
    let rows = all().rows();
    let mut list: Vec<(Notice, bool)> = rows
        .iter()
        .filter(|r| r.value.is_expired(now) == expired)
        .map(|r| (r.value.clone(), r.pending))
        .collect();
    list.sort_by(|(a, _), (b, _)| list_order(a, b));
    list
}
