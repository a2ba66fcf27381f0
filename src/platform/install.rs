//! Which browser the app runs in, and installing it to the home screen.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Where the app is open, for what it can offer there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// Opened from its icon on the home screen.
    Installed,
    /// WeChat's built-in browser: no installing, and offline use is not reliable.
    WeChat,
    /// Safari and the other browsers of an iPhone or iPad: installed by hand.
    Ios,
    Other,
}

pub fn shell() -> Shell {
    let Some(window) = web_sys::window() else {
        return Shell::Other;
    };
    let standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
        || js_sys::Reflect::get(&window.navigator(), &"standalone".into())
            .is_ok_and(|v| v.is_truthy());
    let agent = window.navigator().user_agent().unwrap_or_default();
    if standalone {
        Shell::Installed
    } else if agent.contains("MicroMessenger") {
        Shell::WeChat
    } else if ["iPhone", "iPad", "iPod"].iter().any(|d| agent.contains(d)) {
        Shell::Ios
    } else {
        Shell::Other
    }
}

/// The browser's offer to install the app (its `beforeinstallprompt` event), kept
/// until the person asks for it.
pub type Offer = JsValue;

/// Keeps the browser's own install offer (Android Chrome and others) for when the
/// person asks, instead of letting the browser show it at a moment of its choosing.
pub fn on_install_offer(on_offer: impl Fn(Offer) + 'static, on_installed: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let offer = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        on_offer(event.into());
    });
    let installed = Closure::<dyn Fn()>::new(on_installed);
    let _ = window
        .add_event_listener_with_callback("beforeinstallprompt", offer.as_ref().unchecked_ref());
    let _ =
        window.add_event_listener_with_callback("appinstalled", installed.as_ref().unchecked_ref());
    // They live as long as the page.
    offer.forget();
    installed.forget();
}

/// Shows the browser's install dialog for a kept offer; `true` when the person accepted.
pub async fn accept_offer(offer: &Offer) -> bool {
    let Ok(prompt) = js_sys::Reflect::get(offer, &"prompt".into()) else {
        return false;
    };
    let Ok(prompt) = prompt.dyn_into::<js_sys::Function>() else {
        return false;
    };
    if prompt.call0(offer).is_err() {
        return false;
    }
    let Ok(choice) = js_sys::Reflect::get(offer, &"userChoice".into()) else {
        return false;
    };
    let Ok(choice) = JsFuture::from(js_sys::Promise::resolve(&choice)).await else {
        return false;
    };
    js_sys::Reflect::get(&choice, &"outcome".into()).is_ok_and(|o| o == "accepted")
}
