//! Service items, with their search keys. Every save stamps the item with a new sync version.

use linli_core::Millis;
use linli_core::directory::{SearchKeys, ServiceCategory, ServiceContent, ServiceItem};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, stored_enum};

stored_enum! {
    /// An item's category as `services.category` stores it.
    CategoryText for ServiceCategory {
        SocialSecurity, MedicalInsurance, SocialAssistance, ElderlyCare, Disability, Employment,
        Household, FamilyPlanning, LegalAid, Convenience, Property, PartyMember,
    }
}

/// Saves an item (new or edited). A name already used by another item of the
/// community is a unique violation.
pub async fn upsert(
    tx: &mut Conn,
    id: &str,
    community_id: &str,
    content: &ServiceContent,
    keys: &SearchKeys,
    updated_by: Option<&str>,
    updated_at: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO services (id, community_id, category, name, content, search_keys, updated_by, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, name = excluded.name,
             content = excluded.content, search_keys = excluded.search_keys,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at, version = excluded.version",
    )
    .bind(id)
    .bind(community_id)
    .bind(CategoryText::from(content.category))
    .bind(&content.name)
    .bind(serde_json::to_string(content).unwrap_or_default())
    .bind(serde_json::to_string(keys).unwrap_or_default())
    .bind(updated_by)
    .bind(updated_at)
    .bind(version)
    .execute(ex).await)
    .map(|_| ())
}

/// The community of an item, if it exists.
pub async fn community_of(db: &mut Conn, id: &str) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT community_id FROM services WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// The id of the community's item with this name, if any.
pub async fn id_by_name(
    db: &mut Conn,
    community_id: &str,
    name: &str,
) -> sqlx::Result<Option<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT id FROM services WHERE community_id = $1 AND name = $2"
    )
    .bind(community_id)
    .bind(name)
    .fetch_optional(ex)
    .await)
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: String,
    content: String,
    search_keys: String,
    version: i64,
}

/// Items changed in the window, oldest change first, with their versions.
pub async fn changed(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<ServiceItem>>> {
    let rows: Vec<ItemRow> = changed_rows(
        db,
        "SELECT id, content, search_keys, version FROM services",
        "services",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Versioned {
                version: r.version,
                row: ServiceItem {
                    id: r.id,
                    community_id: community_id.to_owned(),
                    content: serde_json::from_str(&r.content).ok()?,
                    keys: serde_json::from_str(&r.search_keys).unwrap_or_default(),
                },
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    #[tokio::test]
    async fn categories_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<CategoryText, ServiceCategory>(CategoryText::ALL).await;
    }
}
