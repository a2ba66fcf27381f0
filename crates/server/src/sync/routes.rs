//! `POST /api/sync/push` and `GET /api/sync/pull`, over the features the router runs
//! (the `Setups` extension, `lib.rs`).

use axum::extract::{DefaultBodyLimit, State};
use axum::{Extension, Json};
use linli_core::sync::{PullQuery, PullResponse, PushRequest, PushResponse};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::Setups;
use crate::auth::CurrentUser;
use crate::error::{ApiJson, ApiQuery, AppResult};
use crate::state::AppState;

/// The most a push may hold, decompressed: a full batch of the longest notices (250 of
/// 5,000 characters, 3.8 MB), with room to spare. Other JSON requests get the small default
/// limit (`layers`).
const MAX_PUSH_BYTES: usize = 5 * 1024 * 1024;

/// The sync routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sync_push).layer(DefaultBodyLimit::max(MAX_PUSH_BYTES)))
        .routes(routes!(sync_pull))
}

/// Sends what the person did on the device (in order, each once): every mutation gets a
/// final outcome, applied (with what the server decided) or rejected (with the reason).
#[utoipa::path(
    post,
    path = "/sync/push",
    tag = "sync",
    request_body = PushRequest,
    responses((status = 200, description = "One outcome per mutation processed, in order", body = PushResponse)),
    security(("bearer" = []))
)]
async fn sync_push(
    Extension(Setups(features)): Extension<Setups>,
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PushRequest>,
) -> AppResult<Json<PushResponse>> {
    Ok(Json(super::push(&state.pool, features, &user, req).await?))
}

/// The changes since a cursor of every collection the caller may see; a visitor without
/// an account reads a community's public content.
#[utoipa::path(
    get,
    path = "/sync/pull",
    tag = "sync",
    params(PullQuery),
    responses((status = 200, description = "A page of changes and the next cursor", body = PullResponse)),
    security((), ("bearer" = []))
)]
async fn sync_pull(
    Extension(Setups(features)): Extension<Setups>,
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> AppResult<Json<PullResponse>> {
    Ok(Json(
        super::pull(&state.pool, features, user.as_ref(), query).await?,
    ))
}
