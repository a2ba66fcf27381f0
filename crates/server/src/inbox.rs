//! The inbox every person has: the server tells them, in plain words, about
//! their shifts, their hours and their cases.

use linli_core::inbox::{INBOX, InboxMessage, MessageKind};
use linli_core::sync::Change;
use sqlx::SqliteConnection;

use crate::db::{self, now_ms};
use crate::sync::{Viewer, Window, changes, window};

/// What a message is about, so the app can open it.
pub enum About<'a> {
    Nothing,
    Shift(&'a str),
    Report(&'a str),
}

pub async fn notify(
    tx: &mut SqliteConnection,
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
        id: db::new_id(),
        user_id: user_id.to_owned(),
        kind,
        text,
        shift_id,
        report_id,
        created_at: now_ms(),
    };
    db::inbox::insert_message(tx, community_id, &message).await
}

/// Inbox messages reach only the person they are for, staff included.
pub async fn changed(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::inbox::changed_messages(tx, viewer.community_id, &user.id, window(w)).await?;
    Ok(changes(INBOX, rows, |msg| msg.id.clone()))
}
