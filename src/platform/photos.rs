//! Photos from the camera or gallery, made small enough to send on a weak
//! signal: turned upright, at most 1600 px on the longest side, re-encoded as
//! JPEG of at most 300 KB. Re-encoding through a canvas leaves behind the
//! camera's metadata (location included).

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, ImageBitmapOptions, ImageOrientation,
};

use linli_core::validate::Invalid;

use crate::error::AppError;

pub const MAX_SIDE: u32 = 1600;
pub const MAX_BYTES: f64 = 300.0 * 1024.0;
const QUALITIES: [f64; 4] = [0.82, 0.7, 0.6, 0.5];

/// Said next to the photo picker.
fn not_a_photo() -> AppError {
    Invalid::one("photos", "这个文件不是照片，或照片已损坏，请换一张").into()
}

/// The canvas as a JPEG at `quality` (0–1).
async fn encode(canvas: &HtmlCanvasElement, quality: f64) -> Result<web_sys::Blob, AppError> {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
    });
    let blob = JsFuture::from(promise).await.map_err(|_| not_a_photo())?;
    blob.dyn_into().map_err(|_| not_a_photo())
}

/// The files the person picked in the file input that fired `event`. The input is
/// emptied, so that picking the same photo again fires once more.
pub fn take_picked(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let picked = input.files().map_or_else(Vec::new, |list| {
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    });
    input.set_value("");
    picked
}

/// A photo the person picked, shrunk for sending.
pub async fn shrink(file: &web_sys::Blob) -> Result<web_sys::Blob, AppError> {
    let window = web_sys::window().ok_or_else(not_a_photo)?;
    let options = ImageBitmapOptions::new();
    options.set_image_orientation(ImageOrientation::FromImage);
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
        .map_err(|_| not_a_photo())?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| not_a_photo())?
        .dyn_into()
        .map_err(|_| not_a_photo())?;
    let (width, height) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    if width < 1.0 || height < 1.0 {
        return Err(not_a_photo());
    }
    let canvas: HtmlCanvasElement = window
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or_else(not_a_photo)?;
    let mut scale = (f64::from(MAX_SIDE) / width.max(height)).min(1.0);
    loop {
        let (w, h) = (
            (width * scale).round().max(1.0),
            (height * scale).round().max(1.0),
        );
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
        let context: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(not_a_photo)?;
        context
            .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h)
            .map_err(|_| not_a_photo())?;
        for quality in QUALITIES {
            let blob = encode(&canvas, quality).await?;
            if blob.size() <= MAX_BYTES {
                bitmap.close();
                return Ok(blob);
            }
        }
        // Still too large at the lowest quality we accept: fewer pixels.
        scale *= 0.8;
    }
}
