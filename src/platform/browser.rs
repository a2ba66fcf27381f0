//! Small wrappers over browser APIs the sync driver needs. Each degrades
//! quietly where a browser lacks the API (older in-app browsers do).

use std::future::Future;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::error::AppError;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A random number in `[0, 1)`.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Opens the page afresh (on a new version of the app, if one has taken over).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves once the browser has had a chance to paint what was drawn so far: after the
/// next animation frame, or after 100 ms in a page not on screen (which gets no frames).
pub async fn after_paint() {
    let promise = Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let later = resolve.clone();
        let after_frame = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    later.unchecked_ref(),
                    0,
                );
            }
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
    });
    let _ = JsFuture::from(promise).await;
}

/// The browser's guess at connectivity. Only a hint: a failed request is the truth.
pub fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Runs `task` while holding the Web Lock `name`, unless another tab holds it,
/// in which case it returns `false` at once without running it. Browsers without
/// Web Locks run it directly.
pub async fn with_lock<F>(name: &str, task: F) -> bool
where
    F: Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let Some(locks) = locks else {
        task.await;
        return true;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        task.await;
        return true;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::FALSE);
        }
        future_to_promise(async move {
            task.await;
            Ok(JsValue::TRUE)
        })
    });
    let held = match request.call3(&locks, &name.into(), &options, callback.as_ref()) {
        Ok(promise) => JsFuture::from(Promise::from(promise)).await,
        Err(err) => Err(err),
    };
    drop(callback);
    held.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Adds or removes a class on `<html>`, so the stylesheet can restyle every page at once.
pub fn set_root_class(class: &str, on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().toggle_with_force(class, on);
    }
}

/// Asks the browser not to evict our data under storage pressure.
/// Returns whether storage is (now) persistent, if the browser can tell.
pub async fn persist_storage() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let persisted = JsFuture::from(storage.persisted().ok()?).await.ok()?;
    if persisted.as_bool() == Some(true) {
        return Some(true);
    }
    JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?
        .as_bool()
}

/// Bytes used and available to this site, if the browser tells.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate: web_sys::StorageEstimate = JsFuture::from(storage.estimate().ok()?)
        .await
        .ok()?
        .unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// A time as residents read it, in the device's time zone: `今天 10:32`,
/// `昨天 18:05` or `11月20日 09:00` (with the year when it is not this year).
pub fn format_time(ms: i64) -> String {
    let at = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let now = js_sys::Date::new_0();
    let day = |d: &js_sys::Date| (d.get_full_year(), d.get_month(), d.get_date());
    let yesterday = js_sys::Date::new(&JsValue::from_f64(now.get_time() - 86_400_000.0));
    let clock = format!("{:02}:{:02}", at.get_hours(), at.get_minutes());
    if day(&at) == day(&now) {
        format!("今天 {clock}")
    } else if day(&at) == day(&yesterday) {
        format!("昨天 {clock}")
    } else if at.get_full_year() == now.get_full_year() {
        format!("{}月{}日 {clock}", at.get_month() + 1, at.get_date())
    } else {
        format!(
            "{}年{}月{}日",
            at.get_full_year(),
            at.get_month() + 1,
            at.get_date()
        )
    }
}

/// Bytes as a browser `Blob` of type `mime`.
pub fn blob_of(bytes: &[u8], mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// Hands bytes to the browser as a downloaded file called `name`.
pub fn save_file(name: &str, mime: &str, bytes: &[u8]) -> Result<(), AppError> {
    let blob =
        blob_of(bytes, mime).ok_or_else(|| AppError::Unexpected("无法保存文件".to_owned()))?;
    let url = object_url(&blob).ok_or_else(|| AppError::Unexpected("无法保存文件".to_owned()))?;
    let link: web_sys::HtmlAnchorElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or_else(|| AppError::Unexpected("无法保存文件".to_owned()))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Some browsers read the URL after `click` returns: free it a little later.
    leptos::prelude::set_timeout(
        move || revoke_object_url(&url),
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// A `blob:` address the page can show `blob` at, until [`revoke_object_url`].
pub fn object_url(blob: &web_sys::Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// Lets the browser free what an [`object_url`] pointed at.
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Today's date on the device, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Takes away the loading screen `index.html` shows until the app starts.
pub fn remove_boot_screen() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
