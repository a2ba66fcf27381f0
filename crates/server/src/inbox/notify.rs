//! Writing to someone's inbox.

use linli_core::Millis;
use linli_core::inbox::{InboxMessage, MessageKind};

use super::db;
use crate::db::{Conn, new_id};

/// What a message is about, so the app can open it.
pub enum About<'a> {
    Nothing,
    Shift(&'a str),
    Report(&'a str),
}

/// Puts a message in a person's inbox, sent at `now`.
pub async fn notify(
    tx: &mut Conn,
    now: Millis,
    community_id: &str,
    user_id: &str,
    kind: MessageKind,
    text: String,
    about: About<'_>,
) -> sqlx::Result<()> {
    let (shift_id, report_id) = match about {
        About::Nothing => (None, None),
        About::Shift(id) => (Some(id.to_owned()), None),
        About::Report(id) => (None, Some(id.to_owned())),
    };
    let message = InboxMessage {
        id: new_id(),
        user_id: user_id.to_owned(),
        kind,
        text,
        shift_id,
        report_id,
        created_at: now,
    };
    db::insert_message(tx, community_id, &message).await
}
