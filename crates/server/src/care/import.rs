//! 一户一表 from a spreadsheet, with the same preview-then-confirm importer as buildings
//! and residents (`crate::admin::imports`): one row per person, the rows of a flat one
//! household. 社区工作者 and admins import the whole community, a 网格员 their grid. Each
//! household written is a new version of the register (devices get it with their next
//! pull) and an entry of the audit log. The rules are the core's (`care::import`).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use linli_core::access::Reach;
use linli_core::admin::AuditAction;
use linli_core::admin::import::ImportReport;
use linli_core::care::import::{self, BuildingInReach, HouseholdImport};
use linli_core::care::{self, Household, NOT_KEEPER, Tag};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::db;
use super::mutations::covers;
use crate::admin::db::buildings as building_db;
use crate::admin::imports::{ImportQuery, MAX_FILE_BYTES, read, report};
use crate::auth::CurrentUser;
use crate::db::{self as store, Conn, audit};
use crate::error::{ApiQuery, AppError, AppResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_households))
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES))
}

/// `POST /api/care/import/households[?confirm=true]`, body: the file, one row per person
/// with the columns 楼栋, 单元, 房号, 姓名 and optionally 出生年份, 手机号, 与户主关系, 是否在住,
/// 标签, 紧急联系人, 紧急联系电话, 紧急联系人关系, 备注 → the importers' report.
#[utoipa::path(
    post, path = "/care/import/households", tag = "care",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The spreadsheet: .xlsx, or .csv in UTF-8 or GBK"),
    responses((status = 200, description = "What each row does (or did, confirmed)", body = ImportReport)),
    security(("bearer" = []))
)]
async fn import_households(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportReport>> {
    let reach = care::register_reach(user.role);
    if reach == Reach::Nowhere {
        return Err(AppError::forbidden(NOT_KEEPER));
    }
    let sheet = read(&body)?;
    let mut tx = store::begin_write(&state.pool).await?;
    let buildings: HashMap<String, BuildingInReach> =
        building_db::by_name(&mut tx, &user.community_id)
            .await?
            .into_iter()
            .filter(|(_, b)| !b.retired)
            .map(|(name, b)| {
                let kept = covers(&user, reach, &b.id);
                (name, BuildingInReach { id: b.id, kept })
            })
            .collect();
    let known = db::households_of(&mut tx, &user.community_id).await?;
    let now = store::now_ms();
    let mut new_id = || uuid::Uuid::new_v4().to_string();
    let plans = match import::plan(
        &sheet,
        &buildings,
        &known,
        care::china_year(now),
        &mut new_id,
    ) {
        Ok(plans) => plans,
        Err(problems) => return Ok(Json(ImportReport::refused(problems))),
    };
    if !q.confirm {
        return Ok(report(plans, false));
    }
    for apply in plans.iter().filter_map(|p| p.apply.as_ref()) {
        let old = known.iter().find(|h| h.id == apply.household.id);
        apply_household(&mut tx, &user, old, apply, now).await?;
    }
    tx.commit().await?;
    Ok(report(plans, true))
}

/// What the audit log keeps of a household: its people's names and its tags.
fn logged(h: &Household) -> serde_json::Value {
    let names: Vec<&str> = h.members.iter().map(|m| m.name.as_str()).collect();
    let tags: Vec<String> = h.tags.iter().map(Tag::label).collect();
    json!({"flat": h.flat(), "members": names, "tags": tags})
}

async fn apply_household(
    tx: &mut Conn,
    user: &CurrentUser,
    old: Option<&Household>,
    apply: &HouseholdImport,
    now: linli_core::Millis,
) -> AppResult<()> {
    let mut h = apply.household.clone().into_household(old, now);
    h.tags.clone_from(&apply.tags);
    db::save_household(tx, &user.community_id, &h).await?;
    let named = db::household(tx, &h.id)
        .await?
        .map(|s| s.household)
        .unwrap_or(h);
    let label = named.flat();
    let target = audit::Target {
        id: &named.id,
        label: &label,
    };
    user.audit(now)
        .record(
            tx,
            AuditAction::CareImport,
            target,
            old.map(logged),
            Some(logged(&named)),
        )
        .await?;
    Ok(())
}
