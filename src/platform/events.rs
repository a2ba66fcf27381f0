//! Browser events as signals, and timers and channels, that clean up after themselves when
//! the reactive owner that made them goes (as `leptos-use` does): nothing is forgotten on
//! purpose, so a test or a future caller that unmounts them leaves no listener behind.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::platform::browser;

/// Whether the browser thinks it is online, from its `online` and `offline` events. Only a
/// hint: a failed request is the truth. Each event sets the signal, even to the same value.
pub fn use_online() -> Signal<bool> {
    let online = RwSignal::new(browser::navigator_online());
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    online.into()
}

/// Whether the page is on screen, from the browser's `visibilitychange` events.
pub fn use_page_visible() -> Signal<bool> {
    let visible = RwSignal::new(browser::page_visible());
    let listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
        visible.set(browser::page_visible());
    });
    on_cleanup(move || listener.remove());
    visible.into()
}

/// Calls `then` with each value `signal` is set to from now on (not with the one it has
/// now), also when it is set to the value it had. One effect, whatever `then` is, so that
/// each use costs little code.
pub fn on_set(signal: Signal<bool>, then: impl Fn(bool) + 'static) {
    let then: Box<dyn Fn(bool)> = Box::new(then);
    Effect::watch(move || signal.get(), move |&value, _, _| then(value), false);
}

/// Runs `tick` every `period_ms` milliseconds until the owner goes.
pub fn use_interval_fn(tick: impl Fn() + 'static, period_ms: u64) {
    if let Ok(interval) = set_interval_with_handle(tick, Duration::from_millis(period_ms)) {
        on_cleanup(move || interval.clear());
    }
}

/// A timer set with [`after`], which can be called off before it fires.
pub struct Timer(TimeoutHandle);

impl Timer {
    pub fn cancel(self) {
        self.0.clear();
    }
}

/// Runs `then` once, after `ms` milliseconds; `None` if the browser refused the timer.
pub fn after(ms: u64, then: impl FnOnce() + 'static) -> Option<Timer> {
    set_timeout_with_handle(then, Duration::from_millis(ms))
        .ok()
        .map(Timer)
}

struct Channel {
    port: web_sys::BroadcastChannel,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

/// Tells other tabs of this app that the stored data changed.
#[derive(Clone, Copy)]
pub struct TabChannel(StoredValue<Option<Channel>, LocalStorage>);

/// Opens the channel called `name`; `on_message` runs when another tab posts on it. It is
/// closed, and its handler dropped, when the owner goes. Browsers without the API get a
/// channel that says nothing and hears nothing.
pub fn use_tab_channel(name: &str, on_message: impl Fn() + 'static) -> TabChannel {
    let channel = web_sys::BroadcastChannel::new(name).ok().map(|port| {
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on_message());
        port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Channel {
            port,
            _on_message: handler,
        }
    });
    let channel = TabChannel(StoredValue::new_local(channel));
    on_cleanup(move || {
        channel.0.try_update_value(|c| {
            if let Some(c) = c.take() {
                // Unhooked first: the handler is dropped with it.
                c.port.set_onmessage(None);
                c.port.close();
            }
        });
    });
    channel
}

impl TabChannel {
    pub fn notify(&self) {
        self.0.try_with_value(|c| {
            if let Some(c) = c {
                let _ = c.port.post_message(&JsValue::TRUE);
            }
        });
    }
}
