//! Registers `/sw.js`, which keeps the app shell available offline.

use wasm_bindgen_futures::JsFuture;

pub fn register() {
    let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    // Browsers without service workers (some in-app browsers) still run the app online.
    if wasm_bindgen::JsValue::from(container.clone()).is_undefined() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(err) = JsFuture::from(container.register("/sw.js")).await {
            web_sys::console::warn_2(&"service worker registration failed".into(), &err);
        }
    });
}
