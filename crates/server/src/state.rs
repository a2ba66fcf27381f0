use std::path::PathBuf;

use sqlx::SqlitePool;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    /// The built app (`dist/`), served beside the API; `None` serves the API only.
    pub dist: Option<PathBuf>,
}
