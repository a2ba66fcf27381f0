//! The 邻里 server: the JSON API under `/api` and the built app beside it.
//!
//! The sync engine (`sync`) knows no feature. Each feature is a folder that plugs into
//! it (its mutation handlers, pull sources, routes and per-community setup), and the
//! registry ([`features::FEATURES`]) lists every one of them once.

pub mod auth;
pub mod blob_store;
pub mod client;
pub mod config;
mod csv_file;
pub mod db;
pub mod error;
pub mod features;
pub mod hashing;
mod layers;
pub mod maintenance;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod state;
mod static_files;
pub mod sync;

pub mod accounts;
pub mod admin;
pub mod aid;
pub mod care;
pub mod deliberation;
pub mod directory;
pub mod inbox;
pub mod notices;
pub mod reports;
pub mod signup;
pub mod volunteer;

use axum::http::StatusCode;
use axum::{Extension, Router};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::decompression::RequestDecompressionLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::AppError;
use crate::features::FEATURES;
pub use crate::layers::layers;
pub use crate::state::AppState;
use crate::sync::Setups;

/// Answers smaller than this go uncompressed: compressing them costs more than it saves.
const COMPRESS_FROM_BYTES: u16 = 1024;

/// The whole server: every route and the middleware stack, composed in one place.
pub fn app(state: AppState) -> Router {
    let (router, doc) = api().split_for_parts();
    let (_, served) = openapi::finish(doc);
    let router = router
        .layer(Extension(Setups(FEATURES)))
        .layer(Extension(served))
        .with_state(state.clone())
        // Answers and request bodies travel compressed both ways (a pull page or a push of
        // hundreds of rows is a fraction of its size); the body limits apply to what the
        // request decompresses to. The built app's files are compressed ahead
        // (`static_files`). Small answers (an up-to-date pull) are not worth the work.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(SizeAbove::new(COMPRESS_FROM_BYTES))),
        )
        .layer(RequestDecompressionLayer::new());
    let router = match &state.dist {
        Some(dist) => router.merge(static_files::router(dist.clone())),
        None => router.fallback(|| async { StatusCode::NOT_FOUND }),
    };
    layers(router, &state)
}

/// Every route under `/api`, each with its description.
pub fn api() -> OpenApiRouter<AppState> {
    let plumbing = openapi::router()
        .merge(routes::health::router())
        .merge(routes::communities::router())
        .merge(routes::blobs::router())
        .merge(sync::router());
    let api = FEATURES
        .iter()
        .fold(plumbing, |api, feature| api.merge((feature.routes)()))
        .fallback(|| async { AppError::not_found("没有这个接口") });
    openapi::base().nest("/api", api)
}

/// The API description as served at `GET /api/openapi.json`.
pub fn api_description() -> utoipa::openapi::OpenApi {
    openapi::finish(api().into_openapi()).0
}
