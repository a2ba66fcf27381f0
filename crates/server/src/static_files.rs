//! Serves the built app: precompressed files, long caching for hashed assets,
//! `no-cache` for everything else, and `index.html` for the app's own routes.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: PathBuf) -> Router {
    let index = dist.join("index.html");
    let spa = move |req: Request| {
        let index = index.clone();
        async move { spa_fallback(index, req).await }
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(tower::service_fn(move |req| {
            let spa = spa.clone();
            async move { Ok::<_, std::convert::Infallible>(spa(req).await) }
        }));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// Paths without a file extension are the app's own routes (`/notices`, `/me`):
/// they get `index.html`. A missing file (`/old-abc123.js`) stays a 404, so a
/// browser never runs HTML as a script.
async fn spa_fallback(index: PathBuf, req: Request) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// Trunk names built assets `name-<hash>…`, a 64-bit hash in hex without leading zeros
/// (so one build in sixteen has 15 digits), as `scripts/split-wasm.mjs` names the wasm's
/// parts; their content never changes.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    file.split(['-', '_', '.'])
        .any(|part| (14..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            // index.html, sw.js, the manifest, icons: always revalidate, so a deploy is seen at once.
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/linli-3f2a1b4c5d6e7f80_bg.wasm"));
        assert!(is_hashed_asset("/linli-3f2a1b4c5d6e7f80.js"));
        assert!(is_hashed_asset("/linli-80b80c82175e321.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        // The parts of the split wasm and their loader (scripts/split-wasm.mjs).
        assert!(is_hashed_asset("/split_services-98af1b344730075b.wasm"));
        assert!(is_hashed_asset("/chunk_10-c1527e11af4e6f65.wasm"));
        assert!(is_hashed_asset("/linli-parts-8435f41a1a139c5b.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert!(!is_hashed_asset("/notices"));
    }
}
