//! What staff read beyond sync, with a network: a topic's live participation by
//! building (never a choice, secret or not), and a closed vote's result as a CSV file.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use linli_core::deliberation::{BuildingTurnout, may_organise};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::db::{self, TopicRecord};
use crate::auth::CurrentUser;
use crate::csv_file::{download, file_name_part, text_cell};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(topic_participation))
        .routes(routes!(topic_result_export))
}

/// Live participation of a vote.
#[derive(Serialize, ToSchema)]
struct Participation {
    voted: u32,
    audience: u32,
    by_building: Vec<Turnout>,
}

#[derive(Serialize, ToSchema)]
struct Turnout {
    building: String,
    voted: u32,
    audience: u32,
}

async fn staff_topic(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<TopicRecord> {
    if !may_organise(user.role) {
        return Err(AppError::forbidden("只有社区工作者可以查看议事的参与情况"));
    }
    let mut conn = state.pool.acquire().await?;
    db::topic(&mut conn, id)
        .await?
        .filter(|t| t.community_id == user.community_id)
        .ok_or_else(|| AppError::not_found("找不到这个议题"))
}

#[utoipa::path(
    get, path = "/deliberation/topics/{id}/participation", tag = "deliberation",
    params(("id" = String, Path, description = "The topic")),
    responses((status = 200, description = "How many have voted, by building", body = Participation)),
    security(("bearer" = []))
)]
async fn topic_participation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<Participation>> {
    let t = staff_topic(&state, &user, &id).await?;
    let spec = t
        .vote
        .as_ref()
        .ok_or_else(|| AppError::not_found("这个议题不投票"))?;
    let mut conn = state.pool.acquire().await?;
    let audience = db::audience_size(&mut conn, &t.community_id, &t.audience, spec.per).await?;
    let buildings = db::voter_buildings(&mut conn, &t.id).await?;
    let by_building = audience
        .by_building
        .iter()
        .map(|(building, size)| Turnout {
            voted: buildings
                .iter()
                .filter(|b| b.as_deref() == Some(building.as_str()))
                .count() as u32,
            building: building.clone(),
            audience: *size,
        })
        .collect();
    Ok(Json(Participation {
        voted: buildings.len() as u32,
        audience: audience.total,
        by_building,
    }))
}

#[utoipa::path(
    get, path = "/deliberation/topics/{id}/result.csv", tag = "deliberation",
    params(("id" = String, Path, description = "The topic")),
    responses((status = 200, description = "The counts and participation as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn topic_result_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let t = staff_topic(&state, &user, &id).await?;
    let r = t
        .result
        .as_ref()
        .ok_or_else(|| AppError::conflict("id", "投票结束后才有结果"))?;
    let mut rows: Vec<Vec<String>> = r
        .counts
        .iter()
        .map(|c| {
            vec![
                "选项".to_owned(),
                text_cell(&c.label),
                c.count.to_string(),
                String::new(),
            ]
        })
        .collect();
    rows.extend(r.by_building.iter().map(|b: &BuildingTurnout| {
        vec![
            "参与".to_owned(),
            text_cell(&b.building),
            b.voted.to_string(),
            b.audience.to_string(),
        ]
    }));
    rows.push(vec![
        "结果".to_owned(),
        text_cell(&r.summary),
        r.cast.to_string(),
        r.audience.to_string(),
    ]);
    download(
        "deliberation-result.csv",
        &format!("{} 议事结果.csv", file_name_part(&t.title)),
        &["项目", "内容", "票数或实投", "应投"],
        rows,
    )
}
