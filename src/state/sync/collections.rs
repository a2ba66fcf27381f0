//! The synced collections as the pages read them: typed, each collection's rows parsed at
//! most once per change however many pages read them, and each collection a reactive
//! source of its own, so that a change in one does not redraw the pages reading another.
//!
//! The bookkeeping (which collection changed, the parsed rows kept type-erased) is not
//! generic, so it is compiled once; [`Collection`] is a thin typed handle over it.

use std::any::{Any, TypeId};
use std::marker::PhantomData;
use std::rc::Rc;

use leptos::prelude::*;
use linli_core::sync::View;
use serde::de::DeserializeOwned;

use super::{Driver, SyncContext};

/// One collection: what to notify when its rows change, and its rows as last parsed.
pub(super) struct Slot {
    name: &'static str,
    changed: ArcTrigger,
    parsed: Option<Rc<dyn Any>>,
}

/// A slot for every synced collection.
pub(super) fn slots() -> Vec<Slot> {
    linli_core::collections()
        .map(|c| Slot {
            name: c.name,
            changed: ArcTrigger::new(),
            parsed: None,
        })
        .collect()
}

/// The view went from `before` to `after`: the collections that differ drop their parsed
/// rows; returned is what to notify for them.
pub(super) fn changed(slots: &mut [Slot], before: &View, after: &View) -> Vec<ArcTrigger> {
    slots
        .iter_mut()
        .filter(|slot| after.differs_in(before, slot.name))
        .map(|slot| {
            slot.parsed = None;
            slot.changed.clone()
        })
        .collect()
}

/// A row of a collection, with whether a write of the person's that changed it waits to
/// be sent (待发送).
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    pub id: String,
    pub value: T,
    pub pending: bool,
}

/// A typed handle on one synced collection. Reading it in a reactive context subscribes to
/// that collection alone.
pub struct Collection<T> {
    driver: StoredValue<Driver, LocalStorage>,
    name: &'static str,
    row: PhantomData<fn() -> T>,
}

impl<T> Clone for Collection<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Collection<T> {}

impl SyncContext {
    /// The handle on the collection `name`, whose rows are `T`.
    pub fn collection<T>(&self, name: &'static str) -> Collection<T> {
        Collection {
            driver: self.driver,
            name,
            row: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + 'static> Collection<T> {
    /// Every row that parses as `T`, by id.
    pub fn rows(&self) -> Rc<Vec<Row<T>>> {
        parsed(
            self.driver,
            self.name,
            TypeId::of::<Vec<Row<T>>>(),
            parse::<T>,
        )
        .and_then(|rows| rows.downcast().ok())
        .unwrap_or_default()
    }

    /// Every row's value.
    pub fn values(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.rows().iter().map(|r| r.value.clone()).collect()
    }

    /// The row `id`, if the device has it and it parses.
    pub fn get(&self, id: &str) -> Option<T>
    where
        T: Clone,
    {
        let rows = self.rows();
        let at = rows.binary_search_by(|r| r.id.as_str().cmp(id)).ok()?;
        Some(rows[at].value.clone())
    }

    /// Whether a write of the person's that changed the row `id` (or removed it) waits to be sent.
    pub fn is_pending(&self, id: &str) -> bool {
        read_view(self.driver, self.name, |view| {
            view.is_pending(self.name, id)
        })
    }

    /// Whether the device has the row `id`, without parsing it.
    pub fn contains(&self, id: &str) -> bool {
        read_view(self.driver, self.name, |view| {
            view.get(self.name, id).is_some()
        })
    }
}

/// Reads the view for the collection `name`, subscribing to that collection.
fn read_view(
    driver: StoredValue<Driver, LocalStorage>,
    name: &str,
    read: impl FnOnce(&View) -> bool,
) -> bool {
    driver
        .try_with_value(|d| {
            if let Some(slot) = d.collections.iter().find(|s| s.name == name) {
                slot.changed.track();
            }
            read(&d.view)
        })
        .unwrap_or(false)
}

/// The collection `name`'s rows as parsed by `parse` (a `type_id` value), parsing them
/// only if they changed since, or were parsed as another type.
fn parsed(
    driver: StoredValue<Driver, LocalStorage>,
    name: &'static str,
    type_id: TypeId,
    parse: fn(&View, &'static str) -> Rc<dyn Any>,
) -> Option<Rc<dyn Any>> {
    driver
        .try_update_value(|d| {
            let slot = d.collections.iter_mut().find(|s| s.name == name)?;
            slot.changed.track();
            if let Some(rows) = &slot.parsed
                && (**rows).type_id() == type_id
            {
                return Some(rows.clone());
            }
            let rows = parse(&d.view, name);
            slot.parsed = Some(rows.clone());
            Some(rows)
        })
        .flatten()
}

fn parse<T: DeserializeOwned + 'static>(view: &View, name: &'static str) -> Rc<dyn Any> {
    let rows: Vec<Row<T>> = view
        .rows(name)
        .filter_map(|(id, data)| {
            Some(Row {
                id: id.clone(),
                value: T::deserialize(data).ok()?,
                pending: view.is_pending(name, id),
            })
        })
        .collect();
    Rc::new(rows)
}
