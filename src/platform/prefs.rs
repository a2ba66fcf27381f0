//! Small things remembered on this device only: 长辈版, favourites, recently
//! viewed items, ticked materials, and which notices were opened.

use std::collections::BTreeSet;

use gloo_storage::{LocalStorage, Storage};

const FAVOURITES: &str = "linli.favourites";
const RECENT: &str = "linli.recent";
const READ_NOTICES: &str = "linli.read_notices";
const COMMUNITIES: &str = "linli.communities";
const ELDER_MODE: &str = "linli.elder_mode";
const RECENT_MAX: usize = 8;

fn load<T: serde::de::DeserializeOwned + Default>(key: &str) -> T {
    LocalStorage::get(key).unwrap_or_default()
}

fn save<T: serde::Serialize>(key: &str, value: &T) {
    // Full or disabled storage: the preference lasts until the page closes.
    let _ = LocalStorage::set(key, value);
}

/// Whether this phone shows 长辈版 (bigger text and buttons, a simpler first screen).
pub fn elder_mode() -> bool {
    load(ELDER_MODE)
}

pub fn set_elder_mode(on: bool) {
    save(ELDER_MODE, &on);
}

pub fn favourites() -> Vec<String> {
    load(FAVOURITES)
}

/// Adds or removes a favourite; returns whether it is now a favourite.
pub fn toggle_favourite(id: &str) -> bool {
    let mut list = favourites();
    let now_favourite = if let Some(at) = list.iter().position(|x| x == id) {
        list.remove(at);
        false
    } else {
        list.insert(0, id.to_owned());
        true
    };
    save(FAVOURITES, &list);
    now_favourite
}

/// Most recent first.
pub fn recent() -> Vec<String> {
    load(RECENT)
}

pub fn mark_viewed(id: &str) {
    let mut list = recent();
    list.retain(|x| x != id);
    list.insert(0, id.to_owned());
    list.truncate(RECENT_MAX);
    save(RECENT, &list);
}

fn checklist_key(item_id: &str) -> String {
    format!("linli.checklist.{item_id}")
}

/// The materials ticked off for an item, by their text (so an edited list keeps what still applies).
pub fn ticked(item_id: &str) -> BTreeSet<String> {
    load(&checklist_key(item_id))
}

pub fn set_ticked(item_id: &str, ticked: &BTreeSet<String>) {
    save(&checklist_key(item_id), ticked);
}

pub fn read_notices() -> BTreeSet<String> {
    load(READ_NOTICES)
}

pub fn mark_notice_read(id: &str) {
    let mut read = read_notices();
    if read.insert(id.to_owned()) {
        save(READ_NOTICES, &read);
    }
}

/// The communities and their buildings as last fetched, for pickers offline.
pub fn communities() -> Vec<linli_core::community::Community> {
    load(COMMUNITIES)
}

pub fn remember_communities(list: &[linli_core::community::Community]) {
    save(COMMUNITIES, &list);
}
