use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use linli_core::community::Community;

use crate::db;
use crate::error::AppResult;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/communities", get(communities_list))
}

/// Public: the registration form needs the communities and their buildings.
async fn communities_list(State(state): State<AppState>) -> AppResult<Json<Vec<Community>>> {
    Ok(Json(db::communities::list(&state.pool).await?))
}
