//! Photos and other files, stored whole, private to their community.

use super::{Conn, Pool, now_ms};

/// A file to store, by the id the device chose.
pub struct NewBlob<'a> {
    pub id: &'a str,
    pub community_id: &'a str,
    pub owner_id: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

/// Stores a blob unless its id exists. Returns the stored sha256 when it already did.
pub async fn insert(pool: &Pool, blob: &NewBlob<'_>) -> sqlx::Result<Option<String>> {
    let inserted = sqlx::query(
        "INSERT INTO blobs (id, community_id, owner_id, content_type, size, sha256, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(blob.id)
    .bind(blob.community_id)
    .bind(blob.owner_id)
    .bind(blob.content_type)
    .bind(blob.data.len() as i64)
    .bind(blob.sha256)
    .bind(blob.data)
    .bind(now_ms())
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT sha256 FROM blobs WHERE id = ?")
        .bind(blob.id)
        .fetch_one(pool)
        .await
        .map(Some)
}

/// A stored file as it is served.
#[derive(sqlx::FromRow)]
pub struct Blob {
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Content type and bytes of a blob of the community.
pub async fn fetch(pool: &Pool, id: &str, community_id: &str) -> sqlx::Result<Option<Blob>> {
    sqlx::query_as("SELECT content_type, data FROM blobs WHERE id = ? AND community_id = ?")
        .bind(id)
        .bind(community_id)
        .fetch_optional(pool)
        .await
}

/// Whether every id is a blob of the community uploaded by `owner_id`.
pub async fn all_owned(
    db: &mut Conn,
    community_id: &str,
    owner_id: &str,
    ids: &[String],
) -> sqlx::Result<bool> {
    for id in ids {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM blobs WHERE id = ? AND community_id = ? AND owner_id = ?",
        )
        .bind(id)
        .bind(community_id)
        .bind(owner_id)
        .fetch_optional(&mut *db)
        .await?;
        if found.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}
