//! Grids (网格): a name, a 网格员 (or none yet) and buildings, each building in at most
//! one grid. A change reaches the 网格员's devices (a new scope: the residents they keep)
//! and everyone's 联系社区 ("my 网格员").

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_core::access::Action;
use linli_core::account::Role;
use linli_core::admin::{AuditAction, GridInfo, GridRequest};
use serde_json::{Value, json};

use super::db::grids::{self as db, Grid};
use super::people::person;
use crate::auth::{CurrentUser, require};
use crate::db::{self as store, Conn, audit, communities, people};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(grids_list, grid_create))
        .routes(routes!(grid_update, grid_delete))
}

/// `GET /api/admin/grids` (admins) → every grid with its 网格员, buildings and households.
#[utoipa::path(
    get, path = "/admin/grids", tag = "admin",
    responses((status = 200, description = "Every grid", body = Vec<GridInfo>)),
    security(("bearer" = []))
)]
async fn grids_list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Vec<GridInfo>>> {
    require(&user, Action::ManageGrids)?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(db::list(&mut conn, &user.community_id).await?))
}

/// Checks a grid as asked for: its 网格员 an active one of the community, its buildings
/// the community's in use and in no other grid (a refusal names the building and grid).
async fn check(
    tx: &mut Conn,
    user: &CurrentUser,
    grid_id: &str,
    req: &GridRequest,
) -> AppResult<()> {
    if let Some(worker) = &req.worker_id {
        let p = person(tx, user, worker).await.map_err(|_| not_a_worker())?;
        if p.role != Role::GridWorker || p.disabled {
            return Err(not_a_worker());
        }
    }
    for building in &req.building_ids {
        if !communities::building_in_use(tx, building, &user.community_id).await? {
            return Err(AppError::invalid_field(
                "building_ids",
                "有的楼栋不在本社区，请重新选择",
            ));
        }
    }
    if let Some(taken) = db::taken(tx, grid_id, &req.building_ids).await? {
        return Err(AppError::conflict(
            "building_ids",
            format!(
                "{}已在「{}」里，一栋楼只能属于一个网格，请先从那个网格移出",
                taken.building, taken.grid
            ),
        ));
    }
    Ok(())
}

fn not_a_worker() -> AppError {
    AppError::invalid_field("worker_id", "请选择本社区的一位网格员")
}

/// What the audit log keeps of a grid.
fn shown(g: &Grid, buildings: &[String]) -> Value {
    json!({"name": g.name, "worker_id": g.worker_id, "building_ids": buildings})
}

/// Stores a grid's buildings, gives its old and new 网格员 a new scope, and records it.
async fn settle(
    tx: &mut Conn,
    user: &CurrentUser,
    action: AuditAction,
    before: Option<(&Grid, Vec<String>)>,
    after: &Grid,
    buildings: &[String],
) -> AppResult<()> {
    db::set_buildings(tx, &after.id, buildings).await?;
    let workers = before
        .iter()
        .filter_map(|(g, _)| g.worker_id.clone())
        .chain(after.worker_id.clone());
    for worker in workers {
        people::rescope(tx, &worker).await?;
    }
    communities::touch_contacts(tx, &user.community_id).await?;
    let target = audit::Target {
        id: &after.id,
        label: &after.name,
    };
    let before = before.map(|(g, b)| shown(g, &b));
    user.audit(store::now_ms())
        .record(tx, action, target, before, Some(shown(after, buildings)))
        .await?;
    Ok(())
}

/// A grid name another grid has is a 409.
fn name_taken(err: sqlx::Error) -> AppError {
    if store::is_unique_violation(&err) {
        AppError::conflict("name", "已经有同名的网格了")
    } else {
        err.into()
    }
}

/// The grid as listed, after a change committed.
async fn now_so(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<Json<GridInfo>> {
    let mut conn = state.pool.acquire().await?;
    db::list(&mut conn, &user.community_id)
        .await?
        .into_iter()
        .find(|g| g.id == id)
        .map(Json)
        .ok_or_else(|| AppError::not_found("找不到这个网格"))
}

/// `POST /api/admin/grids` `{name, worker_id?, building_ids}` → 201 the grid.
#[utoipa::path(
    post, path = "/admin/grids", tag = "admin",
    request_body = GridRequest,
    responses((status = 201, description = "The grid", body = GridInfo)),
    security(("bearer" = []))
)]
async fn grid_create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<GridRequest>,
) -> AppResult<(StatusCode, Json<GridInfo>)> {
    require(&user, Action::ManageGrids)?;
    let req = req.validated()?;
    let grid = Grid {
        id: db::new_grid_id(),
        name: req.name.clone(),
        worker_id: req.worker_id.clone(),
    };
    let mut tx = store::begin_write(&state.pool).await?;
    check(&mut tx, &user, &grid.id, &req).await?;
    db::insert(&mut tx, &user.community_id, &grid, store::now_ms())
        .await
        .map_err(name_taken)?;
    settle(
        &mut tx,
        &user,
        AuditAction::GridCreate,
        None,
        &grid,
        &req.building_ids,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, now_so(&state, &user, &grid.id).await?))
}

async fn grid(db: &mut Conn, user: &CurrentUser, id: &str) -> AppResult<Grid> {
    db::grid(db, &user.community_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这个网格"))
}

/// `PUT /api/admin/grids/{id}` `{name, worker_id?, building_ids}` (the grid whole) → the grid.
#[utoipa::path(
    put, path = "/admin/grids/{id}", tag = "admin",
    params(("id" = String, Path, description = "The grid")),
    request_body = GridRequest,
    responses((status = 200, description = "The grid", body = GridInfo)),
    security(("bearer" = []))
)]
async fn grid_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<GridRequest>,
) -> AppResult<Json<GridInfo>> {
    require(&user, Action::ManageGrids)?;
    let req = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = grid(&mut tx, &user, &id).await?;
    let before_buildings = db::buildings(&mut tx, &id).await?;
    check(&mut tx, &user, &id, &req).await?;
    let after = Grid {
        id: id.clone(),
        name: req.name.clone(),
        worker_id: req.worker_id.clone(),
    };
    db::update(&mut tx, &after).await.map_err(name_taken)?;
    let was = Some((&before, before_buildings));
    settle(
        &mut tx,
        &user,
        AuditAction::GridEdit,
        was,
        &after,
        &req.building_ids,
    )
    .await?;
    tx.commit().await?;
    now_so(&state, &user, &id).await
}

/// `DELETE /api/admin/grids/{id}` → 204; its buildings are left in no grid.
#[utoipa::path(
    delete, path = "/admin/grids/{id}", tag = "admin",
    params(("id" = String, Path, description = "The grid")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
async fn grid_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    require(&user, Action::ManageGrids)?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = grid(&mut tx, &user, &id).await?;
    let buildings = db::buildings(&mut tx, &id).await?;
    db::delete(&mut tx, &id).await?;
    if let Some(worker) = &before.worker_id {
        people::rescope(&mut tx, worker).await?;
    }
    communities::touch_contacts(&mut tx, &user.community_id).await?;
    let target = audit::Target {
        id: &id,
        label: &before.name,
    };
    user.audit(store::now_ms())
        .record(
            &mut tx,
            AuditAction::GridDelete,
            target,
            Some(shown(&before, &buildings)),
            None,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
