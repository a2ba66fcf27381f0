//! Exports for staff: a shift's roster and the community's volunteer hours, as CSV files
//! that Excel opens with the Chinese intact. A 网格员 gets the lines of the residents of
//! their grid only.

use axum::extract::{Path, State};
use axum::response::Response;
use linli_core::access::{Action, Target};
use linli_core::time::china_time_inputs;
use linli_core::volunteer::format_hours;

use super::db;
use crate::auth::{CurrentUser, require};
use crate::csv_file::{download, file_name_part, text_cell};
use crate::db::now_ms;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster_export))
        .routes(routes!(hours_export))
}

/// "2026-11-23 09:05", China time.
fn date_time(at: i64) -> String {
    let (date, time) = china_time_inputs(at);
    format!("{date} {time}")
}

/// Hours as a number for a column already headed "（小时）": "1.5".
fn hours(minutes: i64) -> String {
    format_hours(minutes).trim_end_matches(" 小时").to_owned()
}

/// Whether a line of someone living in `building` belongs in the caller's export.
fn in_reach(user: &CurrentUser, building: Option<&str>) -> bool {
    user.reaches(Action::ExportCsv, Target::Building(building))
}

/// A shift's roster (a 网格员 gets the residents of their grid only).
#[utoipa::path(
    get, path = "/volunteer/shifts/{id}/roster.csv", tag = "volunteer",
    params(("id" = String, Path, description = "The shift")),
    responses((status = 200, description = "The roster as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn roster_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&user, Action::ExportCsv)?;
    let mut conn = state.pool.acquire().await?;
    let shift = db::shift(&mut conn, &id)
        .await?
        .filter(|r| r.community_id == user.community_id)
        .ok_or_else(|| AppError::not_found("找不到这个班次"))?;
    drop(conn);
    let lines = db::roster_lines(&state.pool, &id).await?;
    let rows = lines
        .into_iter()
        .filter(|l| in_reach(&user, l.building_id.as_deref()))
        .map(|l| {
            vec![
                text_cell(&l.name),
                l.phone,
                text_cell(l.building.as_deref().unwrap_or_default()),
                l.status.label().to_owned(),
                l.position.map(|p| p.to_string()).unwrap_or_default(),
                l.checked_in_at.map(date_time).unwrap_or_default(),
                l.checked_out_at.map(date_time).unwrap_or_default(),
                l.credited_minutes.map(hours).unwrap_or_default(),
            ]
        })
        .collect();
    let (date, _) = china_time_inputs(shift.shift.starts_at);
    download(
        &format!("roster-{date}.csv"),
        &format!("{} {date} 报名名单.csv", file_name_part(&shift.title)),
        &[
            "姓名",
            "手机号",
            "楼栋",
            "状态",
            "候补顺序",
            "签到时间",
            "签退时间",
            "计入时长（小时）",
        ],
        rows,
    )
}

/// Every volunteer's hours and time-bank balance (a 网格员: their grid's).
#[utoipa::path(
    get, path = "/volunteer/hours.csv", tag = "volunteer",
    responses((status = 200, description = "Every volunteer's hours as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn hours_export(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require(&user, Action::ExportCsv)?;
    let lines = db::hours_lines(&state.pool, &user.community_id).await?;
    let rows = lines
        .into_iter()
        .filter(|l| in_reach(&user, l.building_id.as_deref()))
        .map(|l| {
            vec![
                text_cell(&l.name),
                l.phone,
                text_cell(l.building.as_deref().unwrap_or_default()),
                l.services.to_string(),
                hours(l.served_minutes),
                hours(l.balance_minutes),
            ]
        })
        .collect();
    let (today, _) = china_time_inputs(now_ms());
    download(
        &format!("volunteer-hours-{today}.csv"),
        &format!("志愿服务时长 {today}.csv"),
        &[
            "姓名",
            "手机号",
            "楼栋",
            "服务次数",
            "服务时长（小时）",
            "时间银行余额（小时）",
        ],
        rows,
    )
}
