//! 邻里, the app: a Leptos client-side app compiled to WebAssembly.
//!
//! Each feature is a folder, as in the core crate: `notices/`, `directory/`,
//! `volunteer/`, `reports/`, `account/` and `admin/`, each with its routed pages in `pages/`
//! (one `*_page.rs` per route, its private parts in a folder of the same name), its
//! shared components in `components/`, how it reads its rows in `state.rs`, and its
//! routes and download parts in `mod.rs`. App-wide pieces: `app.rs` (the frame and the
//! routes of every feature), `parts.rs` (how pages download in parts), `components/`,
//! `state/` (contexts, and the write hook pages record with), and `platform/`, the only
//! place that touches browser APIs (fetch, storage, IndexedDB, the service worker).

pub mod account;
pub mod admin;
pub mod aid;
pub mod app;
pub mod care;
pub mod components;
pub mod deliberation;
pub mod directory;
pub mod error;
pub mod notices;
pub mod parts;
pub mod platform;
pub mod reports;
pub mod signup;
pub mod state;
pub mod volunteer;

/// Replaces the loading screen of `index.html` with the app (which registers
/// the service worker).
pub fn start() {
    platform::perf::since_navigation("linli:wasm-started");
    platform::browser::remove_boot_screen();
    leptos::mount::mount_to_body(app::App);
}
