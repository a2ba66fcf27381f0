//! Each person's inbox: news of their shifts, their hours and their cases.

use linli_core::inbox::{InboxMessage, MessageKind};
use sqlx::SqliteConnection;

use super::sync::{Window, changed_rows, next_version};
use super::{enum_name, parse_enum};

pub async fn insert_message(
    tx: &mut SqliteConnection,
    community_id: &str,
    message: &InboxMessage,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    sqlx::query(
        "INSERT INTO inbox (id, community_id, user_id, kind, text, shift_id, report_id, created_at,
                            version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&message.id)
    .bind(community_id)
    .bind(&message.user_id)
    .bind(enum_name(message.kind))
    .bind(&message.text)
    .bind(&message.shift_id)
    .bind(&message.report_id)
    .bind(message.created_at)
    .bind(version)
    .execute(tx)
    .await
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    user_id: String,
    kind: String,
    text: String,
    shift_id: Option<String>,
    report_id: Option<String>,
    created_at: i64,
    version: i64,
}

/// One person's inbox messages changed in the window.
pub async fn changed_messages(
    db: &mut SqliteConnection,
    community_id: &str,
    user_id: &str,
    window: Window,
) -> sqlx::Result<Vec<(i64, InboxMessage)>> {
    let rows: Vec<MessageRow> = changed_rows(
        db,
        "SELECT id, user_id, kind, text, shift_id, report_id, created_at, version FROM inbox",
        "inbox",
        community_id,
        Some(("user_id", user_id)),
        window,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                r.version,
                InboxMessage {
                    id: r.id,
                    user_id: r.user_id,
                    kind: parse_enum::<MessageKind>(&r.kind)?,
                    text: r.text,
                    shift_id: r.shift_id,
                    report_id: r.report_id,
                    created_at: r.created_at,
                },
            ))
        })
        .collect())
}
