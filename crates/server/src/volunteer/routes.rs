//! Exports for staff: a shift's roster and the community's volunteer hours, as
//! CSV files that Excel opens with the Chinese intact.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use linli_core::access::Action;
use linli_core::time::china_time_inputs;
use linli_core::volunteer::format_hours;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::db;
use crate::auth::{CurrentUser, require};
use crate::db::now_ms;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/volunteer/shifts/{id}/roster.csv", get(roster_export))
        .route("/volunteer/hours.csv", get(hours_export))
}

/// Excel reads a CSV file as the local code page unless it starts with this.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file to download, named `name` (with `ascii_name` for old browsers).
fn csv_download(
    ascii_name: &str,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> AppResult<Response> {
    let mut writer = csv::Writer::from_writer(UTF8_BOM.to_vec());
    writer.write_record(header).map_err(anyhow::Error::from)?;
    for row in rows {
        writer.write_record(&row).map_err(anyhow::Error::from)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing csv: {}", e.error()))?;
    let disposition = format!(
        "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    );
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?,
    );
    Ok(res)
}

/// Text typed by people, made safe for a spreadsheet: a leading `=`, `+`, `-`
/// or `@` would otherwise make Excel run it as a formula.
fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
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

/// Characters that cannot stand in a file name on common systems.
fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

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
    csv_download(
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

async fn hours_export(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require(&user, Action::ExportCsv)?;
    let lines = db::hours_lines(&state.pool, &user.community_id).await?;
    let rows = lines
        .into_iter()
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
    csv_download(
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
