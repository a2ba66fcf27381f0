//! The export for staff: an opening's sign-ups as a CSV file Excel opens with the Chinese
//! intact. A 网格员 gets the lines of the residents of their grid only.

use axum::extract::{Path, State};
use axum::response::Response;
use linli_core::access::{Action, Target};
use linli_core::time::china_time_inputs;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::db;
use crate::auth::{CurrentUser, require};
use crate::csv_file::{download, file_name_part, text_cell};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_export))
}

/// Everyone signed up, session by session (a 网格员 gets the residents of their grid only).
#[utoipa::path(
    get, path = "/signup/openings/{id}/list.csv", tag = "signup",
    params(("id" = String, Path, description = "The opening")),
    responses((status = 200, description = "The sign-ups as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn list_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&user, Action::ExportCsv)?;
    let mut conn = state.pool.acquire().await?;
    let opening = db::opening(&mut conn, &id)
        .await?
        .filter(|o| o.community_id == user.community_id)
        .ok_or_else(|| AppError::not_found("找不到这个报名"))?;
    drop(conn);
    let lines = db::list_lines(&state.pool, &id).await?;
    let rows = lines
        .into_iter()
        .filter(|l| {
            user.reaches(
                Action::ExportCsv,
                Target::Building(l.building_id.as_deref()),
            )
        })
        .map(|l| {
            let e = l.entry;
            let (date, time) = china_time_inputs(e.signed_up_at);
            vec![
                text_cell(&l.session),
                text_cell(&e.attendee()),
                e.born.map(|b| b.to_string()).unwrap_or_default(),
                text_cell(&e.user_name),
                l.phone,
                text_cell(&e.flat),
                e.status.label().to_owned(),
                e.position.map(|p| p.to_string()).unwrap_or_default(),
                e.channel.label().to_owned(),
                text_cell(e.filed_by.as_deref().unwrap_or_default()),
                format!("{date} {time}"),
                match e.attended {
                    Some(true) => "到场",
                    Some(false) => "未到",
                    None => "",
                }
                .to_owned(),
            ]
        })
        .collect();
    let title = file_name_part(&opening.opening.title);
    download(
        "signup-list.csv",
        &format!("{title} 报名名单.csv"),
        &[
            "场次",
            "参加人",
            "出生年份",
            "报名账号",
            "手机号",
            "住址",
            "状态",
            "候补顺序",
            "报名方式",
            "代办人",
            "报名时间",
            "到场",
        ],
        rows,
    )
}
