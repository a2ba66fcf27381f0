//! The audit log as admins read it: their community's (a street admin: their street
//! office's communities), filtered by action, actor and days, and as a CSV file for Excel.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use linli_core::Millis;
use linli_core::access::Action;
use linli_core::admin::{AuditAction, AuditEntry, AuditQuery};
use linli_core::time::{china_time_inputs, parse_china_time};
use serde_json::Value;

use crate::auth::{SignedIn, require, require_street};
use crate::csv_file::{download, text_cell};
use crate::db::{self as store, audit};
use crate::error::{ApiQuery, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(audit_list))
        .routes(routes!(audit_export))
}

const DAY_MS: Millis = 24 * 60 * 60 * 1000;

/// The start of a China-time day given as "2026-11-01", or a refusal naming `field`.
fn day(field: &str, date: Option<&str>) -> AppResult<Option<Millis>> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => parse_china_time(d, "00:00")
            .map(Some)
            .ok_or_else(|| AppError::invalid_field(field, "日期请写成 2026-11-01 这样")),
    }
}

/// The entries the caller may read that the query asks for.
async fn entries(state: &AppState, user: &SignedIn, q: AuditQuery) -> AppResult<Vec<AuditEntry>> {
    let action = match q.action.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => Some(
            AuditAction::parse(a)
                .ok_or_else(|| AppError::invalid_field("action", "没有这种操作，请重新选择"))?,
        ),
        None => None,
    };
    let (street_office, community_id) = match user {
        SignedIn::Member(member) => {
            require(member, Action::ViewAuditLog)?;
            (
                member.street_office.as_str(),
                Some(member.community_id.as_str()),
            )
        }
        SignedIn::Street(_) => {
            let admin = require_street(user, Action::ViewAuditLog)?;
            (admin.street_office.as_str(), q.community_id.as_deref())
        }
    };
    let filter = audit::Filter {
        street_office,
        community_id,
        action,
        actor_id: q.actor.as_deref().filter(|a| !a.is_empty()),
        from: day("from", q.from.as_deref())?,
        until: day("to", q.to.as_deref())?.map(|d| d + DAY_MS),
    };
    let mut conn = state.pool.acquire().await?;
    Ok(audit::list(&mut conn, &filter).await?)
}

/// `GET /api/admin/audit?action=&actor=&from=2026-11-01&to=2026-11-30&community_id=`
/// (admins: their community; street admins: their street office's, one with
/// `community_id`) → the entries, newest first, at most 2000.
#[utoipa::path(
    get, path = "/admin/audit", tag = "admin",
    params(AuditQuery),
    responses((status = 200, description = "The entries, newest first", body = Vec<AuditEntry>)),
    security(("bearer" = []))
)]
async fn audit_list(
    State(state): State<AppState>,
    user: SignedIn,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    Ok(Json(entries(&state, &user, query).await?))
}

fn json_cell(value: &Option<Value>) -> String {
    value
        .as_ref()
        .map(|v| text_cell(&v.to_string()))
        .unwrap_or_default()
}

/// `GET /api/admin/audit.csv?…` (as `GET /api/admin/audit`) → the same entries as a
/// CSV file with a BOM, which Excel opens with the Chinese intact.
#[utoipa::path(
    get, path = "/admin/audit.csv", tag = "admin",
    params(AuditQuery),
    responses((status = 200, description = "The entries as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn audit_export(
    State(state): State<AppState>,
    user: SignedIn,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> AppResult<Response> {
    let rows = entries(&state, &user, query)
        .await?
        .into_iter()
        .map(|e| {
            let (date, time) = china_time_inputs(e.at);
            vec![
                format!("{date} {time}"),
                text_cell(&e.actor_name),
                e.action.label().to_owned(),
                text_cell(&e.target_label),
                json_cell(&e.before),
                json_cell(&e.after),
            ]
        })
        .collect();
    let (today, _) = china_time_inputs(store::now_ms());
    download(
        &format!("audit-{today}.csv"),
        &format!("操作记录 {today}.csv"),
        &["时间", "操作人", "操作", "对象", "修改前", "修改后"],
        rows,
    )
}
