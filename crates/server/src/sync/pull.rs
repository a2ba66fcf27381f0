//! The kit a feature pulls its collections with: who is pulling, the window of
//! versions, whose personal rows they get, and rows turned into changes. It knows no
//! feature.

use std::collections::HashSet;

use linli_core::access::{Action, Reach};
use linli_core::sync::Change;
use serde::Serialize;

use crate::auth::CurrentUser;
pub use crate::db::sync::{Versioned, Window};
use crate::db::{Conn, people};

/// Who is pulling: a logged-in account, or a visitor reading a community's public content.
pub struct Viewer<'a> {
    pub user: Option<&'a CurrentUser>,
    pub community_id: &'a str,
}

/// Whose personal rows (acknowledgements, sign-ups, hours…) of a collection a viewer gets.
pub enum Scope<'a> {
    /// A visitor's: nobody's.
    Nobody,
    /// Their own only.
    Own(&'a str),
    /// Their whole community's.
    Everyone,
    /// Their own and those of the people living within their reach (a grid, a building).
    Among {
        own: &'a str,
        people: HashSet<String>,
    },
}

impl Scope<'_> {
    /// Which rows to read: `None` none at all, `Some(Some(id))` one person's,
    /// `Some(None)` the community's (then [`Scope::keeps`] sorts them).
    pub fn owner(&self) -> Option<Option<&str>> {
        match self {
            Scope::Nobody => None,
            Scope::Own(id) => Some(Some(id)),
            Scope::Everyone | Scope::Among { .. } => Some(None),
        }
    }

    /// Whether a row of `user_id` is the viewer's to see.
    pub fn keeps(&self, user_id: &str) -> bool {
        match self {
            Scope::Nobody => false,
            Scope::Own(id) => *id == user_id,
            Scope::Everyone => true,
            Scope::Among { own, people } => *own == user_id || people.contains(user_id),
        }
    }
}

impl<'a> Viewer<'a> {
    /// Staff see more of some rows (every building's notices).
    pub fn is_staff(&self) -> bool {
        self.user.is_some_and(|u| u.role.is_staff())
    }

    /// Whether the viewer's right to `action` reaches anywhere.
    pub fn may(&self, action: Action) -> bool {
        self.user.is_some_and(|u| u.role.may(action))
    }

    /// A verified account (not a visitor, not 待核实).
    pub fn is_verified(&self) -> bool {
        self.user.is_some_and(|u| u.verified)
    }

    /// Whose personal rows the viewer gets of a collection that `action` opens to staff:
    /// everyone their right to it reaches, and always their own.
    pub async fn scope(&self, tx: &mut Conn, action: Action) -> sqlx::Result<Scope<'a>> {
        let Some(user) = self.user else {
            return Ok(Scope::Nobody);
        };
        let buildings = match user.reach(action) {
            Reach::Community => return Ok(Scope::Everyone),
            Reach::Grid => user.grid.clone(),
            Reach::Building => user.building_id.iter().cloned().collect(),
            Reach::Nowhere | Reach::Assigned | Reach::Street => return Ok(Scope::Own(&user.id)),
        };
        let people = people::living_in(tx, self.community_id, &buildings).await?;
        Ok(Scope::Among {
            own: &user.id,
            people: people.into_iter().collect(),
        })
    }
}

/// Rows of one collection as changes.
pub fn changes<T: Serialize>(
    collection: &str,
    rows: Vec<Versioned<T>>,
    id: impl Fn(&T) -> String,
) -> Vec<Change> {
    kept_changes(collection, rows, id, |_| true)
}

/// Personal rows of one collection as changes: those of people `scope` does not keep
/// arrive as deletions (someone moved out of the viewer's grid).
pub fn scoped_changes<T: Serialize>(
    collection: &str,
    rows: Vec<Versioned<T>>,
    scope: &Scope<'_>,
    id: impl Fn(&T) -> String,
    owner: impl Fn(&T) -> &str,
) -> Vec<Change> {
    kept_changes(collection, rows, id, |row| scope.keeps(owner(row)))
}

/// Rows as changes; a row the viewer does not `keep` arrives as a deletion.
pub fn kept_changes<T: Serialize>(
    collection: &str,
    rows: Vec<Versioned<T>>,
    id: impl Fn(&T) -> String,
    keep: impl Fn(&T) -> bool,
) -> Vec<Change> {
    rows.into_iter()
        .map(|v| Change {
            collection: collection.to_owned(),
            id: id(&v.row),
            version: v.version as u64,
            data: keep(&v.row)
                .then(|| serde_json::to_value(&v.row).ok())
                .flatten(),
        })
        .collect()
}
