//! The 说事 rows on the device, as the pages read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::report::{CATEGORIES, Category, REPORTS, Report, default_categories};

use crate::state::sync::{Collection, use_sync};

fn cases() -> Collection<Report> {
    use_sync().collection(REPORTS)
}

/// The community's categories in picker order; the defaults until the first sync.
pub fn categories() -> Vec<Category> {
    let mut list = use_sync().collection::<Category>(CATEGORIES).values();
    if list.is_empty() {
        list = default_categories();
    }
    list.sort_by_key(|c| c.position);
    list
}

/// Every case on the device, newest first, each with whether it waits to be sent.
pub fn reports() -> Vec<(Report, bool)> {
    let rows = cases().rows();
    let mut list: Vec<(Report, bool)> = rows.iter().map(|r| (r.value.clone(), r.pending)).collect();
    list.sort_by_key(|(r, _)| std::cmp::Reverse(r.created_at));
    list
}

/// One case, with whether it waits to be sent.
pub fn report(id: &str) -> Option<(Report, bool)> {
    let reports = cases();
    Some((reports.get(id)?, reports.is_pending(id)))
}
