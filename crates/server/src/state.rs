use std::path::PathBuf;

use crate::db::Pool;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// The built app (`dist/`), served beside the API; `None` serves the API only.
    pub dist: Option<PathBuf>,
}
