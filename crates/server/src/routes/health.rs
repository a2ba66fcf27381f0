use axum::Json;
use axum::extract::State;
use linli_core::health::Health;

use crate::db;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health_show))
}

/// Whether the server and its database answer (for monitoring and load balancers).
#[utoipa::path(get, path = "/health", tag = "meta",
    responses((status = 200, description = "The server's state", body = Health)))]
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
