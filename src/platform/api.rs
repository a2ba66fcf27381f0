//! Calls to the server's JSON API.

use js_sys::{Array, Uint8Array};
use linli_core::account::{LoginRequest, RegisterRequest, Session, UserProfile};
use linli_core::community::Community;
use linli_core::error::ApiError;
use linli_core::sync::{PullQuery, PullResponse, PushRequest, PushResponse};
pub use reqwest::Method;
use reqwest::{RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;

use crate::error::AppError;

/// Request bodies from this size on are sent gzipped where the browser can (a push of a
/// few hundred writes shrinks to a tenth on a weak signal's narrow upload).
const GZIP_FROM_BYTES: usize = 1024;

/// reqwest needs absolute URLs; the API lives on the app's own origin.
fn url(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/api{path}")
}

fn request(method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
    let req = reqwest::Client::new().request(method, url(path));
    match token {
        Some(token) => req.bearer_auth(token),
        None => req,
    }
}

/// Parses JSON text. Every JSON the app reads goes through this one reader
/// (`serde_json::from_str`), so each type's parser is compiled once.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Unexpected(e.to_string()))
}

/// Sends a request; a non-2xx answer becomes the server's `ApiError`.
async fn send(req: RequestBuilder) -> Result<Response, AppError> {
    let res = req.send().await.map_err(|_| AppError::Offline)?;
    if res.status().is_success() {
        return Ok(res);
    }
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    Err(parse::<ApiError>(&text)
        .map(AppError::Api)
        .unwrap_or_else(|_| AppError::Unexpected(format!("HTTP {status}"))))
}

async fn json<T: DeserializeOwned>(req: RequestBuilder) -> Result<T, AppError> {
    let text = send(req)
        .await?
        .text()
        .await
        .map_err(|_| AppError::Offline)?;
    parse(&text)
}

async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, AppError> {
    call(Method::POST, path, token, Some(body)).await
}

/// A call of the JSON API: `body` sent as JSON, the answer read as `T` (an empty one,
/// 204, as `null`: `()`). For the pages that need a network, such as administration.
pub async fn call<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&B>,
) -> Result<T, AppError> {
    let mut req = request(method, path, token);
    if let Some(body) = body {
        let body = serde_json::to_string(body).map_err(|e| AppError::Unexpected(e.to_string()))?;
        req = req
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let text = send(req)
        .await?
        .text()
        .await
        .map_err(|_| AppError::Offline)?;
    parse(if text.is_empty() { "null" } else { &text })
}

/// Posts a file (a spreadsheet) as the body and reads the JSON answer.
pub async fn post_file<T: DeserializeOwned>(
    path: &str,
    token: &str,
    bytes: Vec<u8>,
) -> Result<T, AppError> {
    json(request(Method::POST, path, Some(token)).body(bytes)).await
}

/// A query string from its parts (`?q=…&role=…`), the empty ones left out.
pub fn query(parts: &[(&str, String)]) -> String {
    let pairs: Vec<String> = parts
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

pub async fn communities() -> Result<Vec<Community>, AppError> {
    json(request(Method::GET, "/communities", None)).await
}

pub async fn register(req: RegisterRequest) -> Result<Session, AppError> {
    post("/accounts/register", None, &req).await
}

pub async fn login(req: LoginRequest) -> Result<Session, AppError> {
    post("/sessions", None, &req).await
}

pub async fn logout(token: &str) -> Result<(), AppError> {
    send(request(Method::DELETE, "/sessions/current", Some(token)))
        .await
        .map(|_| ())
}

pub async fn me(token: &str) -> Result<UserProfile, AppError> {
    json(request(Method::GET, "/me", Some(token))).await
}

/// Sends a push, its body gzipped where the browser has `CompressionStream` (older
/// in-app browsers, some of WeChat's among them, send it as it is).
pub async fn push(token: &str, req: &PushRequest) -> Result<PushResponse, AppError> {
    let body = serde_json::to_string(req).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let request = request(Method::POST, "/sync/push", Some(token))
        .header(reqwest::header::CONTENT_TYPE, "application/json");
    let gzipped = match body.len() >= GZIP_FROM_BYTES {
        true => gzip(&body).await,
        false => None,
    };
    json(match gzipped {
        Some(bytes) => request
            .header(reqwest::header::CONTENT_ENCODING, "gzip")
            .body(bytes),
        None => request.body(body),
    })
    .await
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream` (web-sys binds it only among its unstable APIs).
    type CompressionStream;

    /// Throws (an `Err`) where the browser has no `CompressionStream`.
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;
}

/// `text` gzipped by the browser's `CompressionStream`, or `None` where it has none.
pub async fn gzip(text: &str) -> Option<Vec<u8>> {
    let compressor = CompressionStream::new("gzip").ok()?;
    let blob = web_sys::Blob::new_with_str_sequence(&Array::of1(&text.into())).ok()?;
    let compressed = blob
        .stream()
        .pipe_through(&web_sys::ReadableWritablePair::new(
            &compressor.readable(),
            &compressor.writable(),
        ));
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

pub async fn pull(token: Option<&str>, query: &PullQuery) -> Result<PullResponse, AppError> {
    json(request(Method::GET, "/sync/pull", token).query(query)).await
}

/// Uploads a file under its id; uploading the same file again is harmless.
pub async fn put_blob(token: &str, id: &str, bytes: Vec<u8>) -> Result<(), AppError> {
    send(request(Method::PUT, &format!("/blobs/{id}"), Some(token)).body(bytes))
        .await
        .map(|_| ())
}

/// A file the server makes for staff (e.g. a CSV report), as bytes.
pub async fn download(token: &str, path: &str) -> Result<Vec<u8>, AppError> {
    send(request(Method::GET, path, Some(token)))
        .await?
        .bytes()
        .await
        .map(|b| b.to_vec())
        .map_err(|_| AppError::Offline)
}
