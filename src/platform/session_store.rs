//! Keeps the log-in (bearer token and profile) on the device, so the app
//! opens logged in, also without a network.

use gloo_storage::{LocalStorage, Storage};
use linli_core::account::Session;

const KEY: &str = "linli.session";
const VISITOR_COMMUNITY: &str = "linli.visitor_community";

pub fn load() -> Option<Session> {
    LocalStorage::get(KEY).ok()
}

pub fn save(session: &Session) {
    // Storage can be full or disabled (private mode); the session then lasts until the page closes.
    let _ = LocalStorage::set(KEY, session);
}

pub fn clear() {
    LocalStorage::delete(KEY);
}

/// The community a visitor without an account chose to read.
pub fn load_visitor_community() -> Option<String> {
    LocalStorage::get(VISITOR_COMMUNITY).ok()
}

pub fn save_visitor_community(community_id: &str) {
    let _ = LocalStorage::set(VISITOR_COMMUNITY, community_id);
}
