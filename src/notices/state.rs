//! The notices on the device, as the lists read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use std::rc::Rc;

use linli_core::notice::{NOTICE_ACKS, NOTICES, Notice, NoticeAck, list_order};

use leptos::prelude::Effect;

use crate::platform::browser::now_ms;
use crate::state::sync::{Collection, Row, use_sync};

/// How many notices a list shows before "更多" (and a cold start draws first).
pub const PAGE: usize = 30;

/// The notices on the device.
pub fn all() -> Collection<Notice> {
    use_sync().collection(NOTICES)
}

/// Acknowledgements (我已知晓), by `{notice_id}:{user_id}`: a resident's own, staff their
/// community's.
pub fn acks() -> Collection<NoticeAck> {
    use_sync().collection(NOTICE_ACKS)
}

/// Notices in list order: the collection's rows and which of them are listed, in order,
/// so that a list copies only the notices it draws.
#[derive(Clone)]
pub struct Listed {
    pub rows: Rc<Vec<Row<Notice>>>,
    pub order: Vec<usize>,
}

impl Listed {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The listed rows, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Row<Notice>> {
        self.order.iter().map(|&i| &self.rows[i])
    }

    /// Keeps the listed notices for which `keep` holds.
    pub fn retain(&mut self, keep: impl Fn(&Notice) -> bool) {
        let rows = &self.rows;
        self.order.retain(|&i| keep(&rows[i].value));
    }
}

/// The notices on the device, current ones or (with `expired`) the archive, in order.
pub fn notices(expired: bool) -> Listed {
    let now = now_ms();
    let rows = all().rows();
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].value.is_expired(now) == expired)
        .collect();
    order.sort_by(|&a, &b| list_order(&rows[a].value, &rows[b].value));
    Listed { rows, order }
}

/// The key of `user_id`'s acknowledgement of `notice_id`.
pub fn ack_key(notice_id: &str, user_id: &str) -> String {
    format!("{notice_id}:{user_id}")
}

/// Keeps what the notice list shows first (the first page of current notices, and the
/// person's acknowledgements of them) for the next cold start to draw before it has read
/// everything, whichever page is open; again whenever the notices change.
pub fn keep_first_screen(user_id: impl Fn() -> Option<String> + 'static) {
    let sync = use_sync();
    Effect::new(move || {
        let shown: Vec<String> = notices(false)
            .iter()
            .take(PAGE)
            .map(|r| r.value.id.clone())
            .collect();
        let acks =
            user_id().map_or_else(Vec::new, |u| shown.iter().map(|n| ack_key(n, &u)).collect());
        sync.keep_first_screen(NOTICES, shown);
        sync.keep_first_screen(NOTICE_ACKS, acks);
    });
}
