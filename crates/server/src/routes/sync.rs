use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_core::sync::{PullQuery, PullResponse, PushRequest, PushResponse};

use crate::auth::CurrentUser;
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use crate::sync;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(sync_push))
        .route("/sync/pull", get(sync_pull))
}

async fn sync_push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PushRequest>,
) -> AppResult<Json<PushResponse>> {
    Ok(Json(sync::push(&state.pool, &user, req).await?))
}

async fn sync_pull(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Json<PullResponse>> {
    let Query(query) =
        query.map_err(|e| AppError::bad_request(format!("请求参数有误：{}", e.body_text())))?;
    Ok(Json(sync::pull(&state.pool, user.as_ref(), query).await?))
}
