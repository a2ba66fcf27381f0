//! The middleware every answer goes through, composed in one place: security headers, a
//! panic caught as a 500, a time limit, a bound on requests at once, small JSON bodies.

use std::any::Any;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::{AppError, Cause};
use crate::state::AppState;

/// The most a request may hold unless its route allows more: a push (`sync::routes`)
/// and a photo (`routes::blobs`) do.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// How long one request may take, reading an upload on a weak signal included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Requests handled at once; more are answered 503 at once rather than queued without end.
pub const MAX_CONCURRENT_REQUESTS: usize = 512;

/// What pages may load: only the app's own files. The wasm needs `'wasm-unsafe-eval'` to
/// compile; photo previews are `blob:` URLs, icons may be `data:`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; \
     connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
     object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Location (a case's place) for the app itself; nothing else. Photos come through the
/// file picker, which needs no camera permission.
pub const PERMISSIONS_POLICY: &str =
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), display-capture=()";

/// HSTS for a server reached over https (`--public-url https://…`): a year.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Wraps `router` in the whole stack.
pub fn layers(router: Router, state: &AppState) -> Router {
    let hsts = state
        .settings
        .is_https()
        .then(|| HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    router
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async { busy() }))
                .load_shed()
                .concurrency_limit(MAX_CONCURRENT_REQUESTS)
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                )),
        )
        .layer(middleware::map_response(json_for_bare_errors))
        .layer(header_layer(
            header::CONTENT_SECURITY_POLICY,
            Some(HeaderValue::from_static(CONTENT_SECURITY_POLICY)),
        ))
        .layer(header_layer(
            header::X_CONTENT_TYPE_OPTIONS,
            Some(HeaderValue::from_static("nosniff")),
        ))
        .layer(header_layer(
            header::REFERRER_POLICY,
            Some(HeaderValue::from_static("no-referrer")),
        ))
        .layer(header_layer(
            HeaderName::from_static("permissions-policy"),
            Some(HeaderValue::from_static(PERMISSIONS_POLICY)),
        ))
        .layer(header_layer(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(middleware::map_response(log_internal_errors))
        .layer(TraceLayer::new_for_http())
}

fn header_layer(
    name: HeaderName,
    value: Option<HeaderValue>,
) -> SetResponseHeaderLayer<Option<HeaderValue>> {
    SetResponseHeaderLayer::overriding(name, value)
}

/// The server is at its limit: come back in a few seconds.
fn busy() -> Response {
    AppError::busy().into_response()
}

/// A handler that panicked: the person gets the usual 500, the log gets the panic, and
/// the server goes on serving.
fn panicked(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    AppError::internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}

/// Answers from the layers themselves (a timeout) have no body; they get our JSON error.
async fn json_for_bare_errors(res: Response) -> Response {
    if res.status() == StatusCode::REQUEST_TIMEOUT
        && !res.headers().contains_key(header::CONTENT_TYPE)
    {
        return AppError::timeout().into_response();
    }
    res
}

/// The one place internal errors are logged: their cause travels on the response.
async fn log_internal_errors(mut res: Response) -> Response {
    if let Some(Cause(cause)) = res.extensions_mut().remove::<Cause>()
        && res.status().is_server_error()
    {
        tracing::error!(error = format!("{cause:#}"), "internal error");
    }
    res
}
