use linli_core::directory::{SearchKeys, ServiceContent, ServiceItem};
use sqlx::SqliteConnection;

use super::now_ms;
use super::sync::next_version;

/// Saves an item (new or edited). A name already used by another item of the
/// community is a unique violation.
pub async fn upsert(
    tx: &mut SqliteConnection,
    id: &str,
    community_id: &str,
    content: &ServiceContent,
    keys: &SearchKeys,
    updated_by: Option<&str>,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    sqlx::query(
        "INSERT INTO services (id, community_id, category, name, content, search_keys, updated_by, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, name = excluded.name,
             content = excluded.content, search_keys = excluded.search_keys,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at, version = excluded.version",
    )
    .bind(id)
    .bind(community_id)
    .bind(super::enum_name(content.category))
    .bind(&content.name)
    .bind(serde_json::to_string(content).unwrap_or_default())
    .bind(serde_json::to_string(keys).unwrap_or_default())
    .bind(updated_by)
    .bind(now_ms())
    .bind(version)
    .execute(tx)
    .await
    .map(|_| ())
}

/// The community of an item, if it exists.
pub async fn community_of(db: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT community_id FROM services WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The id of the community's item with this name, if any.
pub async fn id_by_name(
    db: &mut SqliteConnection,
    community_id: &str,
    name: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM services WHERE community_id = ? AND name = ?")
        .bind(community_id)
        .bind(name)
        .fetch_optional(db)
        .await
}

/// Items changed in the window, oldest change first, with their versions.
pub async fn changed(
    db: &mut SqliteConnection,
    community_id: &str,
    since: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, ServiceItem)>> {
    let rows: Vec<(String, String, String, i64)> = super::sync::changed_rows(
        db,
        "SELECT id, content, search_keys, version FROM services",
        "services",
        community_id,
        None,
        (since, until, limit),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, content, keys, version)| {
            Some((
                version,
                ServiceItem {
                    id,
                    community_id: community_id.to_owned(),
                    content: serde_json::from_str(&content).ok()?,
                    keys: serde_json::from_str(&keys).unwrap_or_default(),
                },
            ))
        })
        .collect())
}
