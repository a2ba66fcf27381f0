//! The 说事 rows on the device, as the pages read them. Each function reads
//! the sync view, so a page that calls it updates when rows change.

use linli_core::report::{CATEGORIES, Category, REPORTS, Report, default_categories};

use crate::state::sync::use_sync;

/// The community's categories in picker order; the defaults until the first sync.
pub fn categories() -> Vec<Category> {
    let mut list: Vec<Category> = use_sync()
        .rows(CATEGORIES)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    if list.is_empty() {
        list = default_categories();
    }
    list.sort_by_key(|c| c.position);
    list
}

/// Every case on the device, newest first, each with whether it waits to be sent.
pub fn reports() -> Vec<(Report, bool)> {
    let mut list = use_sync().rows::<Report>(REPORTS);
    list.sort_by_key(|(r, _)| std::cmp::Reverse(r.created_at));
    list
}

/// One case, with whether it waits to be sent.
pub fn report(id: &str) -> Option<(Report, bool)> {
    let sync = use_sync();
    Some((sync.row(REPORTS, id)?, sync.is_pending(REPORTS, id)))
}
