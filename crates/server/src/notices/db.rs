//! Notices and their acknowledgements. Every change stamps the row with a new sync version.

use linli_core::Millis;
use linli_core::notice::{Category, Importance, Notice, NoticeAck, PublishArgs};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, stored_enum};

stored_enum! {
    /// A notice's category as `notices.category` stores it.
    CategoryText for Category { Notice, Event, Outage, Safety, ResidentAffairs, PartyAffairs }
}

stored_enum! {
    /// A notice's importance as `notices.importance` stores it.
    ImportanceText for Importance { Normal, Important, Urgent }
}

/// A changed notice row, with what pull needs to decide who may see it.
pub struct NoticeRow {
    pub version: i64,
    pub notice: Notice,
    pub withdrawn: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    community_id: String,
    #[sqlx(try_from = "CategoryText")]
    category: Category,
    #[sqlx(try_from = "ImportanceText")]
    importance: Importance,
    title: String,
    body: String,
    pinned: bool,
    audience: Option<String>,
    author_name: String,
    published_at: i64,
    expires_at: Option<i64>,
    call_after_hours: Option<i64>,
    withdrawn_at: Option<i64>,
    version: i64,
}

impl Row {
    fn into_notice_row(self) -> NoticeRow {
        NoticeRow {
            version: self.version,
            withdrawn: self.withdrawn_at.is_some(),
            notice: Notice {
                id: self.id,
                community_id: self.community_id,
                category: self.category,
                importance: self.importance,
                title: self.title,
                body: self.body,
                pinned: self.pinned,
                audience: self.audience.and_then(|a| serde_json::from_str(&a).ok()),
                author_name: self.author_name,
                published_at: self.published_at,
                expires_at: self.expires_at,
                call_after_hours: self.call_after_hours.and_then(|h| u32::try_from(h).ok()),
            },
        }
    }
}

/// Notices of a community changed in the window, oldest change first.
pub async fn changed(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<NoticeRow>> {
    let rows: Vec<Row> = changed_rows(
        db,
        "SELECT n.id, n.community_id, n.category, n.importance, n.title, n.body, n.pinned, n.audience,
                u.display_name AS author_name, n.published_at, n.expires_at, n.call_after_hours,
                n.withdrawn_at, n.version
         FROM notices n JOIN users u ON u.id = n.author_id",
        "n",
        community_id,
        None,
        window,
    )
    .await?;
    Ok(rows.into_iter().map(Row::into_notice_row).collect())
}

/// Where a notice is and whether it still stands.
#[derive(sqlx::FromRow)]
pub struct Status {
    pub community_id: String,
    pub withdrawn_at: Option<Millis>,
    pub published_at: Millis,
    /// JSON array of building ids, or NULL for the whole community.
    audience: Option<String>,
}

impl Status {
    /// Whether staff withdrew it.
    pub fn withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    /// The buildings it is for; `None` for the whole community.
    pub fn audience(&self) -> Option<Vec<String>> {
        self.audience
            .as_deref()
            .map(|a| serde_json::from_str(a).unwrap_or_default())
    }
}

/// The community and withdrawal state of a notice, if it exists.
pub async fn status(db: &mut Conn, id: &str) -> sqlx::Result<Option<Status>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT community_id, withdrawn_at, published_at, audience FROM notices WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await)
}

/// Publishes a new notice or edits an existing one (keeping its publish time and author).
pub async fn upsert(
    tx: &mut Conn,
    args: &PublishArgs,
    community_id: &str,
    author_id: &str,
    published_at: i64,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    let audience = args
        .audience
        .as_ref()
        .map(|a| serde_json::to_string(a).unwrap_or_default());
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO notices (id, community_id, category, importance, title, body, pinned, audience,
                              author_id, published_at, expires_at, call_after_hours, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, importance = excluded.importance,
             title = excluded.title, body = excluded.body, pinned = excluded.pinned,
             audience = excluded.audience, expires_at = excluded.expires_at,
             call_after_hours = excluded.call_after_hours, version = excluded.version",
    )
    .bind(&args.id)
    .bind(community_id)
    .bind(CategoryText::from(args.category))
    .bind(ImportanceText::from(args.importance))
    .bind(&args.title)
    .bind(&args.body)
    .bind(args.pinned)
    .bind(audience)
    .bind(author_id)
    .bind(published_at)
    .bind(args.expires_at)
    .bind(args.call_after_hours.map(i64::from))
    .bind(version)
    .execute(ex).await)
    .map(|_| ())
}

pub async fn withdraw(tx: &mut Conn, id: &str, at: Millis) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE notices SET withdrawn_at = $1, version = $2 WHERE id = $3"
    )
    .bind(at)
    .bind(version)
    .bind(id)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Records an acknowledgement; a second one by the same person changes nothing.
pub async fn acknowledge(
    tx: &mut Conn,
    notice_id: &str,
    user_id: &str,
    community_id: &str,
    acknowledged_at: i64,
) -> sqlx::Result<()> {
    let exists: Option<String> = crate::db::run!(&mut *tx, |ex| sqlx::query_scalar(
        "SELECT notice_id FROM notice_acks WHERE notice_id = $1 AND user_id = $2"
    )
    .bind(notice_id)
    .bind(user_id)
    .fetch_optional(ex)
    .await)?;
    if exists.is_some() {
        return Ok(());
    }
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO notice_acks (notice_id, user_id, community_id, acknowledged_at, version) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(notice_id)
    .bind(user_id)
    .bind(community_id)
    .bind(acknowledged_at)
    .bind(version)
    .execute(ex).await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct AckRow {
    notice_id: String,
    user_id: String,
    acknowledged_at: Millis,
    version: i64,
}

/// Acknowledgements changed in the window: of one person, or of a whole community for staff.
pub async fn acks_changed(
    db: &mut Conn,
    community_id: &str,
    only_user: Option<&str>,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<NoticeAck>>> {
    let rows: Vec<AckRow> = changed_rows(
        db,
        "SELECT notice_id, user_id, acknowledged_at, version FROM notice_acks",
        "notice_acks",
        community_id,
        only_user.map(|user| ("user_id", user)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Versioned {
            version: r.version,
            row: NoticeAck {
                notice_id: r.notice_id,
                user_id: r.user_id,
                acknowledged_at: r.acknowledged_at,
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    #[tokio::test]
    async fn enums_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<CategoryText, Category>(CategoryText::ALL).await;
        assert_stored_as_wire_names::<ImportanceText, Importance>(ImportanceText::ALL).await;
    }
}
