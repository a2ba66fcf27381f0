//! Registers `/sw.js`, which keeps the app shell available offline, and hands
//! over to a newly deployed version only when the app asks.
//!
//! A new worker installs in the background and then waits (sw.js never skips
//! waiting by itself); [`watch`] reports it, and [`switch_to_waiting`] lets it
//! take over once the app has put away what the person did.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use crate::platform::browser;

fn container() -> Option<ServiceWorkerContainer> {
    let container = web_sys::window()?.navigator().service_worker();
    // Browsers without service workers (some in-app browsers) still run the app online.
    (!JsValue::from(container.clone()).is_undefined()).then_some(container)
}

/// Whether this browser can keep the app for use with no network at all.
pub fn supported() -> bool {
    container().is_some()
}

/// Whether a version of the app's worker serves this page.
pub fn controlled() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

/// Registers the worker. `on_waiting` runs whenever a new version is installed
/// and waits to take over this page, including one found at start.
pub fn watch(on_waiting: impl Fn() + Clone + 'static) {
    let Some(container) = container() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        // Some in-app browsers stub `register` and resolve it with nothing at all.
        let registration = match JsFuture::from(container.register("/sw.js"))
            .await
            .map(|r| r.dyn_into::<ServiceWorkerRegistration>())
        {
            Ok(Ok(registration)) => registration,
            Ok(Err(err)) | Err(err) => {
                web_sys::console::warn_2(&"service worker registration failed".into(), &err);
                return;
            }
        };
        // The very first install has no page to take over from: nothing to announce.
        if registration.waiting().is_some() && controlled() {
            on_waiting();
        }
        let found = registration.clone();
        let on_update_found = Closure::<dyn Fn()>::new(move || {
            let Some(worker) = found.installing() else {
                return;
            };
            let installing = worker.clone();
            let on_waiting = on_waiting.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if installing.state() == ServiceWorkerState::Installed && controlled() {
                    on_waiting();
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        // The registration lives as long as the page; so does its handler.
        on_update_found.forget();
    });
}

/// The worker's registration for this page, once the app has registered it.
async fn registration() -> Option<ServiceWorkerRegistration> {
    JsFuture::from(container()?.get_registration())
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// Asks the server whether a newer version has been deployed (browsers also
/// check by themselves on navigation, but an installed app is rarely navigated).
pub fn check_for_update() {
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(registration) = registration().await
            && let Ok(promise) = registration.update()
        {
            // No network is the usual reason for failing; the next check will do.
            let _ = JsFuture::from(promise).await;
        }
    });
}

/// Lets the waiting version take over, and reopens the page on it. Without one
/// (another tab has switched already), the page is simply reopened.
pub async fn switch_to_waiting() {
    match registration().await.and_then(|r| r.waiting()) {
        Some(worker) => post_skip_waiting(&worker),
        None => browser::reload(),
    }
}

fn post_skip_waiting(worker: &ServiceWorker) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
    let _ = worker.post_message(&message);
}

/// Runs `on_change` when a new version takes control of this page: from this
/// tab's own switch, or another tab's.
pub fn on_controller_change(on_change: impl Fn() + 'static) {
    let Some(container) = container() else { return };
    let handler = Closure::<dyn Fn()>::new(on_change);
    container.set_oncontrollerchange(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
}
