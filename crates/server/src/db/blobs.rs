//! Photos and other files, stored whole, private to their community.

use linli_core::Millis;

use super::{Conn, Pool, now_ms};

/// A file to store, by the id the device chose.
pub struct NewBlob<'a> {
    pub id: &'a str,
    pub community_id: &'a str,
    pub owner_id: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub size: usize,
    /// The bytes, or none when they are kept in the blob directory.
    pub data: &'a [u8],
    pub in_directory: bool,
}

/// How many blobs `owner_id` stored since `since`, and their bytes.
pub async fn stored_since(
    db: &mut Conn,
    owner_id: &str,
    since: Millis,
) -> sqlx::Result<(i64, i64)> {
    crate::db::run!(db, |ex| {
        sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM blobs WHERE owner_id = $1 AND created_at >= $2",
    )
    .bind(owner_id)
    .bind(since)
    .fetch_one(ex).await
    })
}

/// The sha256 of the blob stored under `id`, if one is.
pub async fn stored_sha256(db: &mut Conn, id: &str) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT sha256 FROM blobs WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// Stores a blob under a new id.
pub async fn insert(db: &mut Conn, blob: &NewBlob<'_>) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "INSERT INTO blobs (id, community_id, owner_id, content_type, size, sha256, data,
                            in_directory, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(blob.id)
    .bind(blob.community_id)
    .bind(blob.owner_id)
    .bind(blob.content_type)
    .bind(blob.size as i64)
    .bind(blob.sha256)
    .bind(blob.data)
    .bind(blob.in_directory)
    .bind(now_ms())
    .execute(ex)
    .await)
    .map(|_| ())
}

/// A stored file as it is served: its bytes, or where they are.
#[derive(sqlx::FromRow)]
pub struct Blob {
    pub data: Vec<u8>,
    pub in_directory: bool,
}

/// The bytes of a blob of the community.
pub async fn fetch(pool: &Pool, id: &str, community_id: &str) -> sqlx::Result<Option<Blob>> {
    crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT data, in_directory FROM blobs WHERE id = $1 AND community_id = $2"
    )
    .bind(id)
    .bind(community_id)
    .fetch_optional(ex)
    .await)
}

/// Whether every id is a blob of the community uploaded by `owner_id`; if so they are
/// marked as used at `now`, so the clean-up keeps them.
pub async fn claim(
    db: &mut Conn,
    community_id: &str,
    owner_id: &str,
    ids: &[String],
    now: Millis,
) -> sqlx::Result<bool> {
    for id in ids {
        let found = crate::db::exec!(&mut *db, |ex| sqlx::query(
            "UPDATE blobs SET referenced_at = COALESCE(referenced_at, $1)
             WHERE id = $2 AND community_id = $3 AND owner_id = $4",
        )
        .bind(now)
        .bind(id)
        .bind(community_id)
        .bind(owner_id)
        .execute(ex)
        .await)?
        .rows_affected();
        if found == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Removes blobs uploaded before `before` that no mutation ever named. Returns each
/// one removed: its id, and whether its bytes are in the blob directory (to go too).
pub async fn remove_unreferenced(
    db: &mut Conn,
    before: Millis,
) -> sqlx::Result<Vec<(String, bool)>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "DELETE FROM blobs WHERE referenced_at IS NULL AND created_at < $1
         RETURNING id, in_directory"
    )
    .bind(before)
    .fetch_all(ex)
    .await)
}
