//! Each person's inbox: news of their shifts, their hours and their cases.

use linli_core::Millis;
use linli_core::inbox::{InboxMessage, MessageKind};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, stored_enum};

stored_enum! {
    /// What a message is about, as `inbox.kind` stores it.
    KindText for MessageKind {
        Confirmed, Waitlisted, Promoted, ShiftChanged, ShiftCancelled, HoursCredited,
        HoursReceived, CaseUpdated, HelpUpdated,
    }
}

pub async fn insert_message(
    tx: &mut Conn,
    community_id: &str,
    message: &InboxMessage,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO inbox (id, community_id, user_id, kind, text, shift_id, report_id, created_at,
                            version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&message.id)
    .bind(community_id)
    .bind(&message.user_id)
    .bind(KindText::from(message.kind))
    .bind(&message.text)
    .bind(&message.shift_id)
    .bind(&message.report_id)
    .bind(message.created_at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    user_id: String,
    #[sqlx(try_from = "KindText")]
    kind: MessageKind,
    text: String,
    shift_id: Option<String>,
    report_id: Option<String>,
    created_at: Millis,
    version: i64,
}

/// One person's inbox messages changed in the window.
pub async fn changed_messages(
    db: &mut Conn,
    community_id: &str,
    user_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<InboxMessage>>> {
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
        .map(|r| Versioned {
            version: r.version,
            row: InboxMessage {
                id: r.id,
                user_id: r.user_id,
                kind: r.kind,
                text: r.text,
                shift_id: r.shift_id,
                report_id: r.report_id,
                created_at: r.created_at,
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::assert_stored_as_wire_names;

    #[tokio::test]
    async fn kinds_are_stored_as_their_wire_names() {
        assert_stored_as_wire_names::<KindText, MessageKind>(KindText::ALL).await;
    }
}
