//! The street office (街道): its admin creates communities, edits them, appoints each
//! one's first admin and reads figures across them. A street admin has no community.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use linli_core::access::Action;
use linli_core::account::{Address, Role, normalize_phone};
use linli_core::admin::{
    AuditAction, CommunityFigures, CommunitySummary, CreatedAdmin, NewAdmin, NewCommunity,
};
use serde_json::json;

use super::db::street as db;
use crate::accounts::codes;
use crate::accounts::db::NewUser;
use crate::accounts::routes::insert_user;
use crate::auth::{SignedIn, StreetAdmin, require_street};
use crate::db::{self as store, Conn, audit, communities};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use crate::sync::Setups;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(communities_list, community_create))
        .routes(routes!(community_update))
        .routes(routes!(admin_create))
        .routes(routes!(figures_show))
}

/// What the street admin records changes of `community_id` as.
fn auditor<'a>(admin: &'a StreetAdmin, community_id: &'a str) -> audit::Audit<'a> {
    audit::Audit {
        actor_id: &admin.id,
        street_office: &admin.street_office,
        community_id: Some(community_id),
        at: store::now_ms(),
    }
}

/// A community of the street admin's street office, or a 404.
async fn own_community(
    db: &mut Conn,
    admin: &StreetAdmin,
    id: &str,
) -> AppResult<CommunitySummary> {
    db::community(db, id)
        .await?
        .filter(|c| c.street_office == admin.street_office)
        .ok_or_else(|| AppError::not_found("找不到这个社区"))
}

const NAME_TAKEN: &str = "已经有同名的社区了";

/// `GET /api/street/communities` → the street office's communities with their admins.
#[utoipa::path(
    get, path = "/street/communities", tag = "street", operation_id = "street_communities_list",
    responses((status = 200, description = "The street office's communities with their admins", body = Vec<CommunitySummary>)),
    security(("bearer" = []))
)]
async fn communities_list(
    State(state): State<AppState>,
    user: SignedIn,
) -> AppResult<Json<Vec<CommunitySummary>>> {
    let admin = require_street(&user, Action::ManageCommunities)?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(
        db::communities(&mut conn, &admin.street_office).await?,
    ))
}

/// `POST /api/street/communities` `{name, address, office_hours, duty_phone,
/// property_name, property_phone}` → 201 the community, of the admin's street office,
/// with what every feature needs (the 说事 categories).
#[utoipa::path(
    post, path = "/street/communities", tag = "street",
    request_body = NewCommunity,
    responses((status = 201, description = "The community", body = CommunitySummary)),
    security(("bearer" = []))
)]
async fn community_create(
    State(state): State<AppState>,
    Extension(setups): Extension<Setups>,
    user: SignedIn,
    ApiJson(req): ApiJson<NewCommunity>,
) -> AppResult<(StatusCode, Json<CommunitySummary>)> {
    let admin = require_street(&user, Action::ManageCommunities)?;
    let req = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let at = store::now_ms();
    let id = db::insert(&mut tx, &req.name, &admin.street_office, &req.info, at)
        .await
        .map_err(|e| taken(e, "name", NAME_TAKEN))?;
    let target = audit::Target {
        id: &id,
        label: &req.name,
    };
    let after = json!({"name": req.name, "info": req.info});
    auditor(admin, &id)
        .record(
            &mut tx,
            AuditAction::CommunityCreate,
            target,
            None,
            Some(after),
        )
        .await?;
    tx.commit().await?;
    setups.run(&state.pool).await?;
    let mut conn = state.pool.acquire().await?;
    Ok((
        StatusCode::CREATED,
        Json(own_community(&mut conn, admin, &id).await?),
    ))
}

/// A unique violation as a 409 on `field`; anything else as it is.
fn taken(err: sqlx::Error, field: &str, message: &str) -> AppError {
    if store::is_unique_violation(&err) {
        AppError::conflict(field, message)
    } else {
        err.into()
    }
}

/// `PUT /api/street/communities/{id}` (same body as creating) → the community. Its
/// street office stays.
#[utoipa::path(
    put, path = "/street/communities/{id}", tag = "street", operation_id = "street_community_update",
    params(("id" = String, Path, description = "The community")),
    request_body = NewCommunity,
    responses((status = 200, description = "The community", body = CommunitySummary)),
    security(("bearer" = []))
)]
async fn community_update(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NewCommunity>,
) -> AppResult<Json<CommunitySummary>> {
    let admin = require_street(&user, Action::ManageCommunities)?;
    let req = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = own_community(&mut tx, admin, &id).await?;
    db::rename(&mut tx, &id, &req.name)
        .await
        .map_err(|e| taken(e, "name", NAME_TAKEN))?;
    db::set_info(&mut tx, &id, &req.info).await?;
    communities::touch_contacts(&mut tx, &id).await?;
    let target = audit::Target {
        id: &id,
        label: &req.name,
    };
    let old = json!({"name": before.name, "info": before.info});
    let new = json!({"name": req.name, "info": req.info});
    auditor(admin, &id)
        .record(
            &mut tx,
            AuditAction::CommunityEdit,
            target,
            Some(old),
            Some(new),
        )
        .await?;
    tx.commit().await?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(own_community(&mut conn, admin, &id).await?))
}

/// `POST /api/street/communities/{id}/admins` `{phone, display_name}` → 201 `{id,
/// phone, display_name, reset_code}`: the account has no password until the new admin
/// sets one with the code (`POST /api/accounts/reset`).
#[utoipa::path(
    post, path = "/street/communities/{id}/admins", tag = "street",
    params(("id" = String, Path, description = "The community")),
    request_body = NewAdmin,
    responses((status = 201, description = "The admin, with the code to set a password with", body = CreatedAdmin)),
    security(("bearer" = []))
)]
async fn admin_create(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NewAdmin>,
) -> AppResult<(StatusCode, Json<CreatedAdmin>)> {
    let admin = require_street(&user, Action::AppointCommunityAdmins)?;
    let checked = linli_core::account::CreateAccountRequest {
        phone: normalize_phone(&req.phone),
        display_name: req.display_name,
        password: None,
        role: Role::Admin,
        address: Address::default(),
    }
    .validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    own_community(&mut tx, admin, &id).await?;
    let at = store::now_ms();
    let (phone, name) = (&checked.phone, &checked.display_name);
    let new = NewUser::by_staff(
        &id,
        phone,
        name,
        Role::Admin,
        &checked.address,
        &admin.id,
        at,
    );
    let user_id = insert_user(&mut tx, &new).await?;
    let reset_code = codes::issue(&mut tx, &user_id, &admin.id, at).await?;
    let target = audit::Target {
        id: &user_id,
        label: &checked.display_name,
    };
    let after = json!({"phone": checked.phone, "role": Role::Admin});
    auditor(admin, &id)
        .record(
            &mut tx,
            AuditAction::AccountCreate,
            target,
            None,
            Some(after),
        )
        .await?;
    tx.commit().await?;
    let created = CreatedAdmin {
        id: user_id,
        phone: checked.phone,
        display_name: checked.display_name,
        reset_code,
    };
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET /api/street/figures` → per community: buildings, households, residents, those
/// waiting to be verified, staff, volunteers, open and overdue cases.
#[utoipa::path(
    get, path = "/street/figures", tag = "street",
    responses((status = 200, description = "Figures per community", body = Vec<CommunityFigures>)),
    security(("bearer" = []))
)]
async fn figures_show(
    State(state): State<AppState>,
    user: SignedIn,
) -> AppResult<Json<Vec<CommunityFigures>>> {
    let admin = require_street(&user, Action::ViewStreetFigures)?;
    let mut conn = state.pool.acquire().await?;
    let figures = db::figures(&mut conn, &admin.street_office, store::now_ms()).await?;
    Ok(Json(figures))
}
