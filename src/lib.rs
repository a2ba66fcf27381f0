//! 邻里, the app: a Leptos client-side app compiled to WebAssembly.
//!
//! `pages/` has one file per route, `components/` one component per file,
//! `state/` the app-wide contexts, and `platform/` is the only place that
//! touches browser APIs (fetch, storage, IndexedDB, the service worker).

pub mod app;
pub mod components;
pub mod error;
pub mod pages;
pub mod platform;
pub mod state;

/// Replaces the loading screen of `index.html` with the app (which registers
/// the service worker).
pub fn start() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
