//! The community's own information, as its admin edits it for 联系社区.

use axum::Json;
use axum::extract::State;
use linli_core::access::Action;
use linli_core::admin::{AuditAction, CommunityInfo, CommunitySummary};
use serde_json::json;

use super::db::street as db;
use crate::auth::{CurrentUser, require};
use crate::db::{self as store, Conn, audit, communities};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(community_show, community_update))
}

async fn own(db: &mut Conn, user: &CurrentUser) -> AppResult<CommunitySummary> {
    db::community(db, &user.community_id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这个社区"))
}

/// `GET /api/admin/community` (admins) → `{id, name, street_office, info: {address,
/// office_hours, duty_phone, property_name, property_phone}, admins: []}`.
#[utoipa::path(
    get, path = "/admin/community", tag = "admin",
    responses((status = 200, description = "The caller's community", body = CommunitySummary)),
    security(("bearer" = []))
)]
async fn community_show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<CommunitySummary>> {
    require(&user, Action::EditCommunityInfo)?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(own(&mut conn, &user).await?))
}

/// `PUT /api/admin/community` `{address, office_hours, duty_phone, property_name,
/// property_phone}` (admins) → the community; every device's 联系社区 follows.
#[utoipa::path(
    put, path = "/admin/community", tag = "admin",
    request_body = CommunityInfo,
    responses((status = 200, description = "The community", body = CommunitySummary)),
    security(("bearer" = []))
)]
async fn community_update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<CommunityInfo>,
) -> AppResult<Json<CommunitySummary>> {
    require(&user, Action::EditCommunityInfo)?;
    let info = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = own(&mut tx, &user).await?;
    db::set_info(&mut tx, &user.community_id, &info).await?;
    communities::touch_contacts(&mut tx, &user.community_id).await?;
    let target = audit::Target {
        id: &before.id,
        label: &before.name,
    };
    user.audit(store::now_ms())
        .record(
            &mut tx,
            AuditAction::CommunityEdit,
            target,
            Some(json!({"info": before.info})),
            Some(json!({"info": info})),
        )
        .await?;
    tx.commit().await?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(own(&mut conn, &user).await?))
}
