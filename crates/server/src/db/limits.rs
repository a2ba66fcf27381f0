//! Attempts counted in the database, so that every server instance on it counts the same
//! ones: a leaky bucket per key (`login:addr:…`, `register:addr:…`). Each attempt adds one;
//! the level drains at a steady rate, so old attempts are forgotten by themselves.

use linli_core::Millis;

use super::Conn;

/// How many attempts a key may make at once, and how fast they are forgiven.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    /// Attempts allowed in a burst.
    pub capacity: f64,
    /// How long it takes to forgive one attempt.
    pub drain_ms: Millis,
}

impl Bucket {
    /// The level of a bucket left at `level` at `then`, as of `now`.
    fn level_at(self, level: f64, then: Millis, now: Millis) -> f64 {
        let drained = (now - then).max(0) as f64 / self.drain_ms as f64;
        (level - drained).max(0.0)
    }
}

/// The level of `key`'s bucket at `now`.
async fn level(db: &mut Conn, key: &str, bucket: Bucket, now: Millis) -> sqlx::Result<f64> {
    let stored: Option<(f64, Millis)> = crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT level, updated_at FROM rate_buckets WHERE key = $1"
    )
    .bind(key)
    .fetch_optional(ex)
    .await)?;
    Ok(stored.map_or(0.0, |(level, then)| bucket.level_at(level, then, now)))
}

async fn set_level(db: &mut Conn, key: &str, level: f64, now: Millis) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "INSERT INTO rate_buckets (key, level, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(level)
    .bind(now)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Counts one attempt of `key` at `now`, unless the bucket is full: then nothing is
/// counted and the answer is how long until the next attempt would be taken.
/// Call inside a write transaction, which makes the check and the count one step.
pub async fn take(
    db: &mut Conn,
    key: &str,
    bucket: Bucket,
    now: Millis,
) -> sqlx::Result<Result<(), Millis>> {
    let level = level(db, key, bucket, now).await?;
    if level + 1.0 > bucket.capacity {
        let wait = (level + 1.0 - bucket.capacity) * bucket.drain_ms as f64;
        return Ok(Err(wait.ceil() as Millis));
    }
    set_level(db, key, level + 1.0, now).await?;
    Ok(Ok(()))
}

/// Takes back one attempt of `key` counted earlier (it turned out well).
pub async fn give_back(db: &mut Conn, key: &str, bucket: Bucket, now: Millis) -> sqlx::Result<()> {
    let level = level(db, key, bucket, now).await?;
    set_level(db, key, (level - 1.0).max(0.0), now).await
}

/// Forgets buckets untouched since `before` (they have drained long ago).
pub async fn purge(db: &mut Conn, before: Millis) -> sqlx::Result<u64> {
    crate::db::exec!(db, |ex| sqlx::query(
        "DELETE FROM rate_buckets WHERE updated_at < $1"
    )
    .bind(before)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected())
}
