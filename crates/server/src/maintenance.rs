//! Housekeeping the server does by itself: expired sessions, forgotten log-in failures and
//! attempt counts, and photos that no case ever used. [`sweep`] does one round (tests call
//! it); [`spawn`] runs it every hour for as long as the server runs.
//!
//! Several instances on one PostgreSQL each sweep: a round runs in one write
//! transaction (under the write lock every instance's writers share) and removes only
//! what is past its time, so rounds of several instances remove nothing early and
//! nothing that another round still needs.

use std::time::Duration;

use linli_core::Millis;

use crate::accounts;
use crate::blob_store::BlobStore;
use crate::db::{self, Pool};

const HOUR: Millis = 60 * 60 * 1000;
const DAY: Millis = 24 * HOUR;

/// How long an uploaded photo waits for the case that names it (a device may upload it
/// and stay offline before it sends the case).
pub const UNREFERENCED_BLOB_GRACE_MS: Millis = 7 * DAY;
/// Attempt counts untouched this long have drained long ago.
const RATE_BUCKETS_KEPT_MS: Millis = DAY;
/// Sessions are kept a while after they end, so a log-out shows as such, not as unknown.
const ENDED_SESSIONS_KEPT_MS: Millis = 7 * DAY;

const EVERY: Duration = Duration::from_secs(60 * 60);

/// What one round removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub login_failures: u64,
    pub rate_buckets: u64,
    pub blobs: u64,
}

/// One round of housekeeping as of `now`. The files of photos removed from a blob
/// directory go while the write lock is held (no upload of their ids can interleave).
pub async fn sweep(pool: &Pool, blobs: &BlobStore, now: Millis) -> anyhow::Result<Swept> {
    let mut tx = db::begin_write(pool).await?;
    let removed = db::blobs::remove_unreferenced(&mut tx, now - UNREFERENCED_BLOB_GRACE_MS).await?;
    let files: Vec<String> = removed
        .iter()
        .filter(|(_, in_directory)| *in_directory)
        .map(|(id, _)| id.clone())
        .collect();
    blobs.remove(&files).await?;
    let swept = Swept {
        sessions: accounts::purge_sessions(&mut tx, now - ENDED_SESSIONS_KEPT_MS).await?,
        login_failures: accounts::purge_login_failures(
            &mut tx,
            now - accounts::FAILURES_FORGOTTEN_MS,
            now,
        )
        .await?,
        rate_buckets: db::limits::purge(&mut tx, now - RATE_BUCKETS_KEPT_MS).await?,
        blobs: removed.len() as u64,
    };
    tx.commit().await?;
    Ok(swept)
}

/// Sweeps every hour in the background, from now on.
pub fn spawn(pool: Pool, blobs: BlobStore) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match sweep(&pool, &blobs, db::now_ms()).await {
                Ok(swept) => tracing::info!(?swept, "housekeeping"),
                Err(err) => tracing::warn!(error = %err, "housekeeping failed; trying again later"),
            }
        }
    })
}
