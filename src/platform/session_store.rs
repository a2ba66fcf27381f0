//! Keeps the log-in (bearer token and profile) on the device, so the app
//! opens logged in, also without a network.

use gloo_storage::{LocalStorage, Storage};
use linli_core::account::Session;

const KEY: &str = "linli.session";

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
