//! The 台账 of the register, online: the register and a month's calls and visits as CSV
//! files Excel opens, and a month's figures per grid with the households by tag. A
//! 网格员 gets their grid's, 社区工作者 and admins the community's; a file of whole
//! records beyond one's own grid is written to the audit log. The rows and figures are
//! the core's (`care::export`).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use linli_core::access::Reach;
use linli_core::admin::AuditAction;
use linli_core::care::export::{self, CareFigures, GridBuildings, VISITS_HEADER, register_header};
use linli_core::care::{self, Household, Month, NOT_KEEPER, day_of};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::db;
use super::mutations::covers;
use crate::admin::db::grids;
use crate::auth::CurrentUser;
use crate::csv_file::{download, text_cell};
use crate::db::{self as store, Conn, audit};
use crate::error::{ApiQuery, AppError, AppResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_export))
        .routes(routes!(visits_export))
        .routes(routes!(figures))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct MonthQuery {
    /// "2026-11"; this month when left out.
    month: Option<String>,
}

impl MonthQuery {
    fn month(&self, now: linli_core::Millis) -> AppResult<Month> {
        match &self.month {
            None => Ok(Month::of(day_of(now))),
            Some(text) => Month::parse(text)
                .ok_or_else(|| AppError::invalid_field("month", "月份请写成 2026-11 这样")),
        }
    }
}

/// The caller's reach over the register, and the households in it with their kinds and
/// rhythms worked out.
async fn kept(
    tx: &mut Conn,
    user: &CurrentUser,
    now: linli_core::Millis,
) -> AppResult<(Reach, Vec<Household>)> {
    let reach = care::register_reach(user.role);
    if reach == Reach::Nowhere {
        return Err(AppError::forbidden(NOT_KEEPER));
    }
    let rules = db::rhythms(tx, &user.community_id).await?;
    let households = db::households_of(tx, &user.community_id)
        .await?
        .into_iter()
        .filter(|h| covers(user, reach, &h.building_id))
        .map(|mut h| {
            h.derive(&rules, now);
            h
        })
        .collect();
    Ok((reach, households))
}

fn cells(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|row| row.iter().map(|c| text_cell(c)).collect())
        .collect()
}

/// `GET /api/care/register.csv`: the register, a row per person, in the importer's
/// columns.
#[utoipa::path(
    get, path = "/care/register.csv", tag = "care",
    responses((status = 200, description = "The register as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn register_export(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let now = store::now_ms();
    let mut tx = store::begin_write(&state.pool).await?;
    let (reach, households) = kept(&mut tx, &user, now).await?;
    if reach == Reach::Community {
        let label = format!("{} 户", households.len());
        let target = audit::Target {
            id: &user.community_id,
            label: &label,
        };
        user.audit(now)
            .record(&mut tx, AuditAction::CareExport, target, None, None)
            .await?;
    }
    tx.commit().await?;
    let rows = cells(export::register_rows(&households));
    download("register.csv", "一户一表.csv", &register_header(), rows)
}

/// `GET /api/care/visits.csv?month=2026-11`: the month's calls and visits.
#[utoipa::path(
    get, path = "/care/visits.csv", tag = "care",
    params(MonthQuery),
    responses((status = 200, description = "The month's contacts as a CSV file", content_type = "text/csv; charset=utf-8", body = String)),
    security(("bearer" = []))
)]
async fn visits_export(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> AppResult<Response> {
    let now = store::now_ms();
    let month = q.month(now)?;
    let mut conn = state.pool.acquire().await?;
    let (_, households) = kept(&mut conn, &user, now).await?;
    let visits = db::visits_between(&mut conn, &user.community_id, month.span()).await?;
    let kept_visits: Vec<_> = visits
        .into_iter()
        .filter(|v| households.iter().any(|h| h.id == v.household_id))
        .collect();
    let rows = cells(export::visit_rows(&kept_visits, &households, month));
    let ascii = format!("visits-{}.csv", month.text());
    let name = format!("走访记录-{}.csv", month.label());
    download(&ascii, &name, &VISITS_HEADER, rows)
}

/// `GET /api/care/figures?month=2026-11`: each grid's households, what is due and
/// overdue now, the month's contacts; the households by tag.
#[utoipa::path(
    get, path = "/care/figures", tag = "care",
    params(MonthQuery),
    responses(
        (status = 200, description = "The figures", body = CareFigures),
        (status = 422, description = "A month that is not one", body = linli_core::error::ApiError),
    ),
    security(("bearer" = []))
)]
async fn figures(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> AppResult<Json<CareFigures>> {
    let now = store::now_ms();
    let month = q.month(now)?;
    let mut conn = state.pool.acquire().await?;
    let (_, households) = kept(&mut conn, &user, now).await?;
    let visits = db::visits_between(&mut conn, &user.community_id, month.span()).await?;
    let grids: Vec<GridBuildings> = grids::list(&mut conn, &user.community_id)
        .await?
        .into_iter()
        .map(|g| GridBuildings {
            name: g.name,
            building_ids: g.buildings.into_iter().map(|b| b.id).collect(),
        })
        .filter(|g| {
            g.building_ids
                .iter()
                .any(|b| covers(&user, care::register_reach(user.role), b))
        })
        .collect();
    Ok(Json(export::figures(
        &households,
        &visits,
        &grids,
        month,
        day_of(now),
    )))
}
