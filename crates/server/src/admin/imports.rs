//! Importing buildings and residents from a spreadsheet (`.xlsx`, or `.csv` in UTF-8 or
//! GBK): the file is the request's body. Without `confirm=true` the answer is a preview
//! and nothing is written; the same file with it applies every row that can be applied,
//! in one transaction. The rules are the core's (`linli_core::admin::import`).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use linli_core::access::Action;
use linli_core::account::{Address, Role};
use linli_core::admin::AuditAction;
use linli_core::admin::import::buildings::{self, BuildingImport, KnownBuilding};
use linli_core::admin::import::residents::{self, KnownAccount, ResidentImport};
use linli_core::admin::import::{ImportReport, Planned, Sheet};
use serde::Deserialize;
use serde_json::json;

use super::buildings::record as record_building;
use super::db::buildings::{self as building_db, Building};
use super::db::people as people_db;
use super::decode;
use crate::accounts::db::NewUser;
use crate::accounts::routes::insert_user;
use crate::auth::{CurrentUser, require};
use crate::db::{self as store, Conn, audit, people};
use crate::error::{ApiQuery, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest file taken: a few thousand residents' rows with room to spare.
pub(crate) const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_buildings))
        .routes(routes!(import_residents))
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    /// Apply the plan; without it, only preview.
    #[serde(default)]
    pub confirm: bool,
}

pub(crate) fn read(body: &Bytes) -> AppResult<Sheet> {
    if body.is_empty() {
        return Err(AppError::invalid_field("file", "请选择要导入的文件"));
    }
    decode::sheet(body).map_err(|reason| AppError::invalid_field("file", reason))
}

/// The answer for plans: applied when confirmed (and the transaction committed).
pub(crate) fn report<T>(plans: Vec<Planned<T>>, applied: bool) -> Json<ImportReport> {
    Json(ImportReport::new(
        plans.into_iter().map(|p| p.row).collect(),
        applied,
    ))
}

/// `POST /api/admin/import/buildings[?confirm=true]`, body: the file, with the columns
/// 楼栋, 单元数, 层数 (admins) → `{rows: [{row, status: add|change|same|refuse, summary,
/// problems: [{column, reason}]}], added, changed, same, refused, applied}`.
#[utoipa::path(
    post, path = "/admin/import/buildings", tag = "admin",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The spreadsheet: .xlsx, or .csv in UTF-8 or GBK"),
    responses((status = 200, description = "What each row does (or did, confirmed)", body = ImportReport)),
    security(("bearer" = []))
)]
async fn import_buildings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportReport>> {
    require(&user, Action::ManageBuildings)?;
    let sheet = read(&body)?;
    let mut tx = store::begin_write(&state.pool).await?;
    let known = building_db::by_name(&mut tx, &user.community_id).await?;
    let plans = match buildings::plan(&sheet, &known) {
        Ok(plans) => plans,
        Err(problems) => return Ok(Json(ImportReport::refused(problems))),
    };
    if !q.confirm {
        return Ok(report(plans, false));
    }
    for apply in plans.iter().filter_map(|p| p.apply.as_ref()) {
        apply_building(&mut tx, &user, &known, apply).await?;
    }
    tx.commit().await?;
    Ok(report(plans, true))
}

async fn apply_building(
    tx: &mut Conn,
    user: &CurrentUser,
    known: &HashMap<String, KnownBuilding>,
    b: &BuildingImport,
) -> AppResult<()> {
    let (before, action, id) = match (&b.existing_id, known.get(&b.name)) {
        (Some(id), Some(k)) => {
            let before = Building {
                id: id.clone(),
                name: b.name.clone(),
                units: k.units,
                floors: k.floors,
                retired: k.retired,
            };
            (Some(before), AuditAction::BuildingEdit, id.clone())
        }
        _ => {
            let id =
                building_db::insert(tx, &user.community_id, &b.name, b.units, b.floors).await?;
            (None, AuditAction::BuildingAdd, id)
        }
    };
    let after = Building {
        id,
        name: b.name.clone(),
        units: b.units,
        floors: b.floors,
        retired: false,
    };
    if before.is_some() {
        building_db::update(tx, &after).await?;
    }
    record_building(tx, user, action, before.as_ref(), &after).await?;
    Ok(())
}

/// `POST /api/admin/import/residents[?confirm=true]`, body: the file, with the columns
/// 姓名, 手机号, 楼栋 and optionally 单元, 房号, 居民代表 (社区工作者 and admins) → the
/// same report as buildings. New residents are verified accounts without a password:
/// each sets one with a code from the desk.
#[utoipa::path(
    post, path = "/admin/import/residents", tag = "admin",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The spreadsheet: .xlsx, or .csv in UTF-8 or GBK"),
    responses((status = 200, description = "What each row does (or did, confirmed)", body = ImportReport)),
    security(("bearer" = []))
)]
async fn import_residents(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportReport>> {
    require(&user, Action::ImportResidents)?;
    let sheet = read(&body)?;
    let mut tx = store::begin_write(&state.pool).await?;
    let buildings: HashMap<String, String> = building_db::by_name(&mut tx, &user.community_id)
        .await?
        .into_iter()
        .filter(|(_, b)| !b.retired)
        .map(|(name, b)| (name, b.id))
        .collect();
    let names: Vec<String> = buildings.keys().cloned().collect();
    let phones = residents::phones(&sheet);
    let known = people_db::known_accounts(&mut tx, &user.community_id, &phones).await?;
    let plans = match residents::plan(&sheet, &names, &known) {
        Ok(plans) => plans,
        Err(problems) => return Ok(Json(ImportReport::refused(problems))),
    };
    if !q.confirm {
        return Ok(report(plans, false));
    }
    for apply in plans.iter().filter_map(|p| p.apply.as_ref()) {
        let building = buildings.get(&apply.record.building).cloned();
        apply_resident(
            &mut tx,
            &user,
            known.get(&apply.record.phone),
            apply,
            building,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(report(plans, true))
}

async fn apply_resident(
    tx: &mut Conn,
    user: &CurrentUser,
    known: Option<&KnownAccount>,
    r: &ResidentImport,
    building_id: Option<String>,
) -> AppResult<()> {
    let record = &r.record;
    let at = store::now_ms();
    let address = Address {
        building_id,
        unit: record
            .unit
            .clone()
            .unwrap_or_else(|| known.and_then(|k| k.unit.clone())),
        room: record
            .room
            .clone()
            .unwrap_or_else(|| known.and_then(|k| k.room.clone())),
    };
    let representative = record
        .representative
        .unwrap_or_else(|| known.is_some_and(|k| k.representative));
    let after = json!({"name": record.name, "phone": record.phone, "building": record.building,
                       "unit": address.unit, "room": address.room, "representative": representative});
    let (id, before) = match (&r.existing_id, known) {
        (Some(id), Some(k)) => {
            people_db::update_imported(
                tx,
                id,
                &record.name,
                &address,
                representative,
                &user.id,
                at,
            )
            .await?;
            people::rescope(tx, id).await?;
            let before = json!({"name": k.display_name, "building": k.building_name, "unit": k.unit,
                                "room": k.room, "representative": k.representative, "verified": k.verified});
            (id.clone(), Some(before))
        }
        _ => {
            let (phone, name) = (&record.phone, &record.name);
            let new = NewUser {
                representative,
                ..NewUser::by_staff(
                    &user.community_id,
                    phone,
                    name,
                    Role::Resident,
                    &address,
                    &user.id,
                    at,
                )
            };
            (insert_user(tx, &new).await?, None)
        }
    };
    let target = audit::Target {
        id: &id,
        label: &record.name,
    };
    user.audit(at)
        .record(tx, AuditAction::AccountImport, target, before, Some(after))
        .await?;
    Ok(())
}
