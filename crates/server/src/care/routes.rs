//! The register's routes: the spreadsheet import (`import`), the 台账 (`export`), and one
//! household's record, read online: whole for its 网格员 and for 社区工作者 and admins
//! (whose read is written to the audit log, in the same transaction), a summary for the
//! building's 楼栋长, members and emergency contact for its own residents.

use axum::Json;
use axum::extract::{Path, State};
use linli_core::admin::AuditAction;
use linli_core::care::{HouseholdRecord, Sight};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{db, export, import, pull};
use crate::auth::CurrentUser;
use crate::db::audit::{Audit, Target};
use crate::db::{begin_write, now_ms, people};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(household_read))
        .merge(import::router())
        .merge(export::router())
}

#[utoipa::path(
    get, path = "/care/households/{id}", tag = "care",
    params(("id" = String, Path, description = "The household")),
    responses(
        (status = 200, description = "The household as the caller may see it", body = HouseholdRecord),
        (status = 404, description = "No such household within the caller's sight", body = linli_core::error::ApiError),
    ),
    security(("bearer" = []))
)]
async fn household_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<HouseholdRecord>> {
    let mut tx = begin_write(&state.pool).await?;
    let not_found = || AppError::not_found("找不到这一户，或它不在您负责的范围内");
    let mut h = db::household(&mut tx, &id)
        .await?
        .filter(|s| s.community_id == user.community_id)
        .ok_or_else(not_found)?
        .household;
    let flat = people::person(&mut tx, &user.id).await?.and_then(|p| {
        p.household()
            .map(|(b, u, r)| (b.to_owned(), u.to_owned(), r.to_owned()))
    });
    let on_device = pull::sight(&user, flat.as_ref(), &h).ok_or_else(not_found)?;
    // Staff whose device holds the summary read the whole record here, audited.
    let staff_read = on_device == Sight::Summary && user.role.is_staff();
    let sight = if staff_read { Sight::Full } else { on_device };
    let now = now_ms();
    if staff_read {
        let audit = Audit {
            actor_id: &user.id,
            street_office: &user.street_office,
            community_id: Some(&user.community_id),
            at: now,
        };
        let label = h.flat();
        let target = Target {
            id: &h.id,
            label: &label,
        };
        audit
            .record(&mut tx, AuditAction::CareRead, target, None, None)
            .await?;
    }
    let visits = if sight == Sight::Full {
        db::visits_of(&mut tx, &h.id).await?
    } else {
        Vec::new()
    };
    let rules = db::rhythms(&mut tx, &user.community_id).await?;
    tx.commit().await?;
    h.derive(&rules, now);
    Ok(Json(HouseholdRecord {
        household: h.seen_as(sight),
        visits,
    }))
}
