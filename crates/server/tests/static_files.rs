//! The built app as the server hands it out: precompressed, cached by content hash,
//! and `index.html` for the app's own routes.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
mod common;

use linli_server::{AppState, app, db};
use tower::ServiceExt;

const ASSET: &str = "linli-0123456789abcdef.js";

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| std::fs::write(dir.path().join(name), body).unwrap();
    write("index.html", b"<html>app</html>");
    write("index.html.br", b"brotli-index");
    write("index.html.gz", b"gzip-index");
    write(ASSET, b"console.log(1)");
    write(&format!("{ASSET}.br"), b"brotli-js");
    write("sw.js", b"// worker");
    dir
}

async fn get(
    pool: &db::Pool,
    dist: &std::path::Path,
    path: &str,
    encoding: Option<&str>,
) -> (StatusCode, header::HeaderMap, String) {
    let router = app(AppState {
        dist: Some(dist.to_owned()),
        ..AppState::local(pool.clone())
    });
    let mut req = Request::get(path);
    if let Some(encoding) = encoding {
        req = req.header(header::ACCEPT_ENCODING, encoding);
    }
    let res = router
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn cache_control(headers: &header::HeaderMap) -> &str {
    headers[header::CACHE_CONTROL].to_str().unwrap()
}

#[tokio::test]
async fn hashed_assets_are_cached_for_good_and_precompressed() {
    let pool = common::pool().await;
    let dist = dist();
    let (status, headers, body) =
        get(&pool, dist.path(), &format!("/{ASSET}"), Some("br, gzip")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "brotli-js");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        cache_control(&headers),
        "public, max-age=31536000, immutable"
    );

    let (_, headers, body) = get(&pool, dist.path(), &format!("/{ASSET}"), None).await;
    assert_eq!(body, "console.log(1)");
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn index_and_service_worker_are_always_revalidated() {
    let pool = common::pool().await;
    let dist = dist();
    let (status, headers, body) = get(&pool, dist.path(), "/", Some("gzip")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "gzip-index");
    assert_eq!(cache_control(&headers), "no-cache");

    let (_, headers, _) = get(&pool, dist.path(), "/sw.js", None).await;
    assert_eq!(cache_control(&headers), "no-cache");
}

#[tokio::test]
async fn app_routes_get_index_but_missing_files_are_404() {
    let pool = common::pool().await;
    let dist = dist();
    for route in ["/notices", "/me", "/services/some-item"] {
        let (status, headers, body) = get(&pool, dist.path(), route, None).await;
        assert_eq!(status, StatusCode::OK, "{route}");
        assert_eq!(body, "<html>app</html>");
        assert_eq!(cache_control(&headers), "no-cache");
    }
    let (status, _, _) = get(&pool, dist.path(), "/linli-ffffffffffffffff.js", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The API never falls back to the app.
    let (status, headers, _) = get(&pool, dist.path(), "/api/nope", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
}
