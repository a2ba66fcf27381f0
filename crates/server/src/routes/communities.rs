use axum::Json;
use axum::extract::State;
use linli_core::community::Community;

use crate::db;
use crate::error::AppResult;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(communities_list))
}

/// Public: the registration form needs the communities and their buildings.
#[utoipa::path(get, path = "/communities", tag = "communities", operation_id = "communities_public_list",
    responses((status = 200, description = "Every community with its buildings", body = Vec<Community>)))]
async fn communities_list(State(state): State<AppState>) -> AppResult<Json<Vec<Community>>> {
    Ok(Json(db::communities::list(&state.pool).await?))
}
