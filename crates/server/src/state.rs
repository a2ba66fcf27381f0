use std::path::PathBuf;
use std::sync::Arc;

use crate::blob_store::BlobStore;
use crate::db::Pool;
use crate::hashing::HashQueue;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// The built app (`dist/`), served beside the API; `None` serves the API only.
    pub dist: Option<PathBuf>,
    pub settings: Arc<Settings>,
    /// Password hashing for log-ins and new accounts, bounded.
    pub hashing: HashQueue,
    /// Where photos' bytes are kept.
    pub blobs: BlobStore,
}

/// How the server is reached, from the configuration (`config::ServeArgs`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address residents reach the server at, without a trailing slash
    /// (`https://linli.example.cn`): QR codes and links name it.
    pub public_url: String,
    /// Whether `X-Forwarded-For` is believed (the server sits behind a proxy).
    pub trust_forwarded_for: bool,
}

impl Settings {
    /// Whether residents reach the server over https (then HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl AppState {
    pub fn new(pool: Pool, dist: Option<PathBuf>, settings: Settings) -> Self {
        Self {
            pool,
            dist,
            settings: Arc::new(settings),
            hashing: HashQueue::for_this_machine(),
            blobs: BlobStore::Database,
        }
    }

    /// The same, keeping photos' bytes in `blobs`.
    pub fn with_blobs(self, blobs: BlobStore) -> Self {
        Self { blobs, ..self }
    }

    /// The API alone on this machine, as tests drive it: reached at
    /// `http://127.0.0.1:8080`, trusting no proxy.
    pub fn local(pool: Pool) -> Self {
        let settings = Settings {
            public_url: "http://127.0.0.1:8080".to_owned(),
            trust_forwarded_for: false,
        };
        Self::new(pool, None, settings)
    }
}
