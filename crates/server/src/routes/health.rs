use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use linli_core::health::Health;

use crate::db;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health_show))
}

async fn health_show(State(state): State<AppState>) -> Json<Health> {
    let database = db::ping(&state.pool).await;
    Json(Health {
        status: if database.is_ok() { "ok" } else { "degraded" }.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: match database {
            Ok(()) => "ok".to_owned(),
            Err(err) => {
                tracing::error!(error = %err, "health check: database unreachable");
                "unreachable".to_owned()
            }
        },
    })
}
