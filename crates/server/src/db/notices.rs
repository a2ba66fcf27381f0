use linli_core::notice::{Category, Importance, Notice, NoticeAck, PublishArgs};
use sqlx::SqliteConnection;

use super::sync::next_version;
use super::{enum_name, now_ms, parse_enum};

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
    category: String,
    importance: String,
    title: String,
    body: String,
    pinned: bool,
    audience: Option<String>,
    author_name: String,
    published_at: i64,
    expires_at: Option<i64>,
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
                category: parse_enum(&self.category).unwrap_or(Category::Notice),
                importance: parse_enum(&self.importance).unwrap_or(Importance::Normal),
                title: self.title,
                body: self.body,
                pinned: self.pinned,
                audience: self.audience.and_then(|a| serde_json::from_str(&a).ok()),
                author_name: self.author_name,
                published_at: self.published_at,
                expires_at: self.expires_at,
            },
        }
    }
}

/// Notices of a community changed after `since` (up to `until`), oldest change first.
pub async fn changed(
    db: &mut SqliteConnection,
    community_id: &str,
    since: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<NoticeRow>> {
    let rows: Vec<Row> = super::sync::changed_rows(
        db,
        "SELECT n.id, n.community_id, n.category, n.importance, n.title, n.body, n.pinned, n.audience,
                u.display_name AS author_name, n.published_at, n.expires_at, n.withdrawn_at, n.version
         FROM notices n JOIN users u ON u.id = n.author_id",
        "n",
        community_id,
        None,
        (since, until, limit),
    )
    .await?;
    Ok(rows.into_iter().map(Row::into_notice_row).collect())
}

/// The community and withdrawal state of a notice, if it exists.
pub async fn status(db: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<(String, bool)>> {
    sqlx::query_as::<_, (String, Option<i64>)>(
        "SELECT community_id, withdrawn_at FROM notices WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(|(c, w)| (c, w.is_some())))
}

/// Publishes a new notice or edits an existing one (keeping its publish time and author).
pub async fn upsert(
    tx: &mut SqliteConnection,
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
    sqlx::query(
        "INSERT INTO notices (id, community_id, category, importance, title, body, pinned, audience,
                              author_id, published_at, expires_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, importance = excluded.importance,
             title = excluded.title, body = excluded.body, pinned = excluded.pinned,
             audience = excluded.audience, expires_at = excluded.expires_at, version = excluded.version",
    )
    .bind(&args.id)
    .bind(community_id)
    .bind(enum_name(args.category))
    .bind(enum_name(args.importance))
    .bind(&args.title)
    .bind(&args.body)
    .bind(args.pinned)
    .bind(audience)
    .bind(author_id)
    .bind(published_at)
    .bind(args.expires_at)
    .bind(version)
    .execute(tx)
    .await
    .map(|_| ())
}

pub async fn withdraw(tx: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    sqlx::query("UPDATE notices SET withdrawn_at = ?, version = ? WHERE id = ?")
        .bind(now_ms())
        .bind(version)
        .bind(id)
        .execute(tx)
        .await
        .map(|_| ())
}

/// Records an acknowledgement; a second one by the same person changes nothing.
pub async fn acknowledge(
    tx: &mut SqliteConnection,
    notice_id: &str,
    user_id: &str,
    community_id: &str,
    acknowledged_at: i64,
) -> sqlx::Result<()> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM notice_acks WHERE notice_id = ? AND user_id = ?")
            .bind(notice_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_some() {
        return Ok(());
    }
    let version = next_version(tx).await?;
    sqlx::query(
        "INSERT INTO notice_acks (notice_id, user_id, community_id, acknowledged_at, version) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(notice_id)
    .bind(user_id)
    .bind(community_id)
    .bind(acknowledged_at)
    .bind(version)
    .execute(tx)
    .await
    .map(|_| ())
}

/// Acknowledgements changed after `since`: of one person, or of a whole community for staff.
pub async fn acks_changed(
    db: &mut SqliteConnection,
    community_id: &str,
    only_user: Option<&str>,
    since: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, NoticeAck)>> {
    let rows: Vec<(String, String, i64, i64)> = super::sync::changed_rows(
        db,
        "SELECT notice_id, user_id, acknowledged_at, version FROM notice_acks",
        "notice_acks",
        community_id,
        only_user.map(|user| ("user_id", user)),
        (since, until, limit),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|(notice_id, user_id, acknowledged_at, version)| {
            (
                version,
                NoticeAck {
                    notice_id,
                    user_id,
                    acknowledged_at,
                },
            )
        })
        .collect())
}

/// Whether every id is a building of the community.
pub async fn buildings_exist(
    db: &mut SqliteConnection,
    community_id: &str,
    ids: &[String],
) -> sqlx::Result<bool> {
    for id in ids {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM buildings WHERE id = ? AND community_id = ?")
                .bind(id)
                .bind(community_id)
                .fetch_optional(&mut *db)
                .await?;
        if found.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}
