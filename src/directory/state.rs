//! The service directory as the pages use it: the items on the device and a
//! search index rebuilt only when they change, never per keystroke.

use std::sync::Arc;

use leptos::prelude::*;
use linli_core::directory::{SERVICES, ServiceItem};
use linli_core::search::{Entry, SearchIndex};

use crate::state::sync::use_sync;

pub struct Directory {
    /// Sorted by category, then name.
    pub items: Vec<ServiceItem>,
    index: SearchIndex,
}

impl Directory {
    fn new(mut items: Vec<ServiceItem>) -> Self {
        items.sort_by(|a, b| {
            (a.content.category, &a.content.name).cmp(&(b.content.category, &b.content.name))
        });
        let bodies: Vec<String> = items.iter().map(|i| i.content.search_body()).collect();
        let index = SearchIndex::new(items.iter().zip(&bodies).map(|(item, body)| Entry {
            name: &item.content.name,
            name_pinyin: &item.keys.name_pinyin,
            name_initials: &item.keys.name_initials,
            body,
            body_pinyin: &item.keys.body_pinyin,
            body_initials: &item.keys.body_initials,
        }));
        Self { items, index }
    }

    pub fn search(&self, query: &str) -> Vec<&ServiceItem> {
        self.index
            .search(query)
            .into_iter()
            .map(|i| &self.items[i])
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&ServiceItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// The directory, recomputed when the service items change.
pub fn use_directory() -> Memo<Arc<Directory>> {
    let services = use_sync().collection::<ServiceItem>(SERVICES);
    Memo::new_with_compare(
        move |_| Arc::new(Directory::new(services.values())),
        // It reruns only when the items changed; comparing contents would cost more than rebuilding.
        |_, _| true,
    )
}
