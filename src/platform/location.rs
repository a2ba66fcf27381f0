//! The device's location, only when the person asks to add it to a report.

use js_sys::{Function, Promise};
use linli_core::report::GeoPoint;
use linli_core::validate::Invalid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Position, PositionError, PositionOptions};

use crate::error::AppError;

/// Said next to the location button.
fn cannot(message: &str) -> AppError {
    Invalid::one("geo", message).into()
}

/// Where the phone is now (the browser asks the person first).
pub async fn current() -> Result<GeoPoint, AppError> {
    let geolocation = web_sys::window()
        .and_then(|w| w.navigator().geolocation().ok())
        .ok_or_else(|| cannot("这个浏览器不能取位置，请在“其他地点”里写明在哪里"))?;
    let options = PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(20_000);
    options.set_maximum_age(60_000);
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        if let Err(err) = geolocation.get_current_position_with_error_callback_and_options(
            &resolve,
            Some(&reject),
            &options,
        ) {
            let _ = reject.call1(&JsValue::NULL, &err);
        }
    });
    match JsFuture::from(promise).await {
        Ok(found) => {
            let coords = found.unchecked_into::<Position>().coords();
            Ok(GeoPoint {
                lat: coords.latitude(),
                lng: coords.longitude(),
            })
        }
        Err(err) => Err(cannot(
            // Browsers name the error class differently; its `code` is the same.
            match err.unchecked_ref::<PositionError>().code() {
                PositionError::PERMISSION_DENIED => {
                    "没有允许邻里取位置。可以在手机设置里允许，或在“其他地点”里写明在哪里"
                }
                _ => "现在取不到位置（在楼里常常这样），请在“其他地点”里写明在哪里",
            },
        )),
    }
}
