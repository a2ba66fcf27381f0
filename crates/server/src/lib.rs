//! The 邻里 server: the JSON API under `/api` and the built app beside it.

pub mod auth;
pub mod config;
pub mod db;
pub mod directory;
pub mod error;
mod inbox;
mod notices;
mod reports;
pub mod routes;
pub mod seed;
pub mod state;
mod static_files;
pub mod sync;
mod volunteer;

use axum::Router;
use axum::http::StatusCode;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
pub use crate::state::AppState;

/// The whole server: every route and the middleware stack, composed in one place.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::health::router())
        .merge(routes::communities::router())
        .merge(routes::accounts::router())
        .merge(routes::blobs::router())
        .merge(routes::sync::router())
        .merge(routes::volunteer::router())
        .merge(routes::reports::router())
        .fallback(|| async { AppError::not_found("没有这个接口") })
        .with_state(state.clone());
    let router = Router::new().nest("/api", api);
    let router = match state.dist {
        Some(dist) => router.merge(static_files::router(dist)),
        None => router.fallback(|| async { StatusCode::NOT_FOUND }),
    };
    router.layer(TraceLayer::new_for_http())
}
