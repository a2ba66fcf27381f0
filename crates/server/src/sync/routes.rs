//! `POST /api/sync/push` and `GET /api/sync/pull`, over the features they are given.

use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_core::sync::{PullQuery, PullResponse, PushRequest, PushResponse};

use super::Feature;
use crate::auth::CurrentUser;
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;

/// The most a push may hold, decompressed: a full batch of the longest notices (250 of
/// 5,000 characters, 3.8 MB), with room to spare. Other JSON requests get the small default
/// limit (`layers`).
const MAX_PUSH_BYTES: usize = 5 * 1024 * 1024;

/// The sync routes, over `features`.
pub fn router(features: &'static [Feature]) -> Router<AppState> {
    Router::new()
        .route(
            "/sync/push",
            post(move |state, user, body| sync_push(features, state, user, body))
                .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES)),
        )
        .route(
            "/sync/pull",
            get(move |state, user, query| sync_pull(features, state, user, query)),
        )
}

async fn sync_push(
    features: &[Feature],
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PushRequest>,
) -> AppResult<Json<PushResponse>> {
    Ok(Json(super::push(&state.pool, features, &user, req).await?))
}

async fn sync_pull(
    features: &[Feature],
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> AppResult<Json<PullResponse>> {
    let Query(query) =
        query.map_err(|e| AppError::bad_request(format!("请求参数有误：{}", e.body_text())))?;
    Ok(Json(
        super::pull(&state.pool, features, user.as_ref(), query).await?,
    ))
}
