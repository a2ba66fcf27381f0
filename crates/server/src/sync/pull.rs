//! The kit a feature pulls its collections with: who is pulling, the window of
//! versions, and rows turned into changes. It knows no feature.

use linli_core::sync::Change;
use serde::Serialize;

use crate::auth::CurrentUser;
pub use crate::db::sync::{Versioned, Window};

/// Who is pulling: a logged-in account, or a visitor reading a community's public content.
pub struct Viewer<'a> {
    pub user: Option<&'a CurrentUser>,
    pub community_id: &'a str,
}

impl<'a> Viewer<'a> {
    /// Staff see more of some rows (every building's notices, check-in codes).
    pub fn is_staff(&self) -> bool {
        self.user.is_some_and(|u| u.role.is_staff())
    }

    /// Whose personal rows (acknowledgements, sign-ups, hours…) this viewer gets: `None`
    /// for visitors (nobody's), `Some(None)` for staff (their community's), `Some(Some(id))`
    /// for a resident (their own).
    pub fn personal_scope(&self) -> Option<Option<&'a str>> {
        self.user
            .map(|u| (!u.role.is_staff()).then_some(u.id.as_str()))
    }
}

/// Rows of one collection as changes.
pub fn changes<T: Serialize>(
    collection: &str,
    rows: Vec<Versioned<T>>,
    id: impl Fn(&T) -> String,
) -> Vec<Change> {
    rows.into_iter()
        .map(|v| Change {
            collection: collection.to_owned(),
            id: id(&v.row),
            version: v.version as u64,
            data: serde_json::to_value(&v.row).ok(),
        })
        .collect()
}
