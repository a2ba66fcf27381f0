//! Buildings: added in bulk ("1–54栋", units "1–3单元", floors), renamed, retired. A
//! building keeps its id for good, so the QR posters on its stairwells keep working.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_core::access::Action;
use linli_core::admin::{
    AddBuildingsRequest, AddedBuildings, AuditAction, BuildingChange, BuildingInfo,
};
use linli_core::community;
use serde_json::json;

use super::db::buildings::{self as db, Building};
use crate::auth::{CurrentUser, require};
use crate::db::{self as store, Conn, audit, communities, people};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(buildings_list, buildings_add))
        .routes(routes!(building_update, building_retire))
}

fn shown(b: &Building) -> serde_json::Value {
    json!({"name": b.name, "units": b.units, "floors": b.floors, "retired": b.retired})
}

/// Records a change of building `b`.
pub(super) async fn record(
    tx: &mut Conn,
    user: &CurrentUser,
    action: AuditAction,
    before: Option<&Building>,
    after: &Building,
) -> sqlx::Result<()> {
    let target = audit::Target {
        id: &after.id,
        label: &after.name,
    };
    user.audit(store::now_ms())
        .record(tx, action, target, before.map(shown), Some(shown(after)))
        .await
}

/// `GET /api/admin/buildings` (admins) → every building, retired ones too, with its
/// grid, 楼栋长 and how many live there.
#[utoipa::path(
    get, path = "/admin/buildings", tag = "admin",
    responses((status = 200, description = "Every building, retired ones too", body = Vec<BuildingInfo>)),
    security(("bearer" = []))
)]
async fn buildings_list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Vec<BuildingInfo>>> {
    require(&user, Action::ManageBuildings)?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(db::list(&mut conn, &user.community_id).await?))
}

/// `POST /api/admin/buildings` `{names: "1–54栋", units: "1–3单元", floors: "18"}` →
/// 201 `{added: [{id, name}], skipped: [names already there]}`. A retired building of a
/// name asked for comes back.
#[utoipa::path(
    post, path = "/admin/buildings", tag = "admin",
    request_body = AddBuildingsRequest,
    responses((status = 201, description = "The buildings added and the names skipped", body = AddedBuildings)),
    security(("bearer" = []))
)]
async fn buildings_add(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<AddBuildingsRequest>,
) -> AppResult<(StatusCode, Json<AddedBuildings>)> {
    require(&user, Action::ManageBuildings)?;
    let new = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let known = db::by_name(&mut tx, &user.community_id).await?;
    let mut answer = AddedBuildings::default();
    for name in new.names {
        let (before, after) = match known.get(&name) {
            Some(k) if !k.retired => {
                answer.skipped.push(name);
                continue;
            }
            Some(k) => {
                let before = Building {
                    id: k.id.clone(),
                    name: name.clone(),
                    units: k.units,
                    floors: k.floors,
                    retired: true,
                };
                let after = Building {
                    units: new.units.or(k.units),
                    floors: new.floors.or(k.floors),
                    retired: false,
                    ..before.clone()
                };
                db::update(&mut tx, &after).await?;
                (Some(before), after)
            }
            None => {
                let id =
                    db::insert(&mut tx, &user.community_id, &name, new.units, new.floors).await?;
                (
                    None,
                    Building {
                        id,
                        name,
                        units: new.units,
                        floors: new.floors,
                        retired: false,
                    },
                )
            }
        };
        record(
            &mut tx,
            &user,
            AuditAction::BuildingAdd,
            before.as_ref(),
            &after,
        )
        .await?;
        answer.added.push(community::Building {
            id: after.id,
            name: after.name,
        });
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

async fn building(db: &mut Conn, user: &CurrentUser, id: &str) -> AppResult<Building> {
    db::building(db, &user.community_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这栋楼"))
}

/// `PATCH /api/admin/buildings/{id}` `{name?, units?, floors?}` → the building. A name
/// another building has is a 409; its residents' cards and 联系社区 follow a new name.
#[utoipa::path(
    patch, path = "/admin/buildings/{id}", tag = "admin",
    params(("id" = String, Path, description = "The building")),
    request_body = BuildingChange,
    responses((status = 200, description = "The building", body = BuildingInfo)),
    security(("bearer" = []))
)]
async fn building_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<BuildingChange>,
) -> AppResult<Json<BuildingInfo>> {
    require(&user, Action::ManageBuildings)?;
    let edit = req.validated()?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = building(&mut tx, &user, &id).await?;
    let after = Building {
        name: edit.name.unwrap_or_else(|| before.name.clone()),
        units: edit.units.unwrap_or(before.units),
        floors: edit.floors.unwrap_or(before.floors),
        ..before.clone()
    };
    let known = db::by_name(&mut tx, &user.community_id).await?;
    if known.get(&after.name).is_some_and(|k| k.id != id) {
        return Err(AppError::conflict(
            "name",
            format!("已经有叫“{}”的楼栋了", after.name),
        ));
    }
    db::update(
        &mut tx,
        &Building {
            retired: before.retired,
            ..after.clone()
        },
    )
    .await?;
    if before.retired {
        // An edit leaves a retired building retired.
        db::retire(&mut tx, &id, store::now_ms()).await?;
    }
    if after.name != before.name {
        for resident in db::residents(&mut tx, &id).await? {
            people::touch(&mut tx, &resident).await?;
        }
        communities::touch_contacts(&mut tx, &user.community_id).await?;
    }
    record(
        &mut tx,
        &user,
        AuditAction::BuildingEdit,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    let mut conn = state.pool.acquire().await?;
    let list = db::list(&mut conn, &user.community_id).await?;
    list.into_iter()
        .find(|b| b.id == id)
        .map(Json)
        .ok_or_else(|| AppError::not_found("找不到这栋楼"))
}

/// `DELETE /api/admin/buildings/{id}` → 204: retired (no longer offered, out of its
/// grid). A building where people still live is refused with a 409 saying how many.
#[utoipa::path(
    delete, path = "/admin/buildings/{id}", tag = "admin",
    params(("id" = String, Path, description = "The building")),
    responses((status = 204, description = "Retired")),
    security(("bearer" = []))
)]
async fn building_retire(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    require(&user, Action::ManageBuildings)?;
    let mut tx = store::begin_write(&state.pool).await?;
    let before = building(&mut tx, &user, &id).await?;
    let living = db::residents(&mut tx, &id).await?.len();
    if living > 0 {
        return Err(AppError::conflict(
            "id",
            format!(
                "{}还住着 {living} 位居民的账号，请先为他们改楼栋或停用账号，再撤销这栋楼",
                before.name
            ),
        ));
    }
    if !before.retired {
        db::retire(&mut tx, &id, store::now_ms()).await?;
        communities::touch_contacts(&mut tx, &user.community_id).await?;
        let after = Building {
            retired: true,
            ..before.clone()
        };
        record(
            &mut tx,
            &user,
            AuditAction::BuildingRetire,
            Some(&before),
            &after,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
