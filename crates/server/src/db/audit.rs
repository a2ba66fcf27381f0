//! The audit log: every change to accounts, roles, buildings, grids, categories and
//! time-bank balances, written in the transaction of the change itself, so that a change
//! is never without its entry nor an entry without its change.

use linli_core::Millis;
use linli_core::admin::{AuditAction, AuditEntry};
use serde_json::Value;

use super::{Conn, new_id};

/// Who records changes, where and when: one per request or mutation.
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    pub actor_id: &'a str,
    pub street_office: &'a str,
    /// `None` for a change of the street office itself.
    pub community_id: Option<&'a str>,
    pub at: Millis,
}

/// What was changed: its id and how the log names it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub id: &'a str,
    pub label: &'a str,
}

impl Audit<'_> {
    /// Records one change of `target`: the changed parts before and after (`None` for
    /// what did not exist, or no longer does).
    pub async fn record(
        &self,
        tx: &mut Conn,
        action: AuditAction,
        target: Target<'_>,
        before: Option<Value>,
        after: Option<Value>,
    ) -> sqlx::Result<()> {
        crate::db::exec!(tx, |ex| sqlx::query(
            "INSERT INTO audit_log (id, community_id, street_office, actor_id, actor_name, at,
                                    action, target_id, target_label, before, after)
             VALUES ($1, $2, $3, $4, (SELECT display_name FROM users WHERE id = $4), $5, $6, $7,
                     $8, $9, $10)",
        )
        .bind(new_id())
        .bind(self.community_id)
        .bind(self.street_office)
        .bind(self.actor_id)
        .bind(self.at)
        .bind(action.as_str())
        .bind(target.id)
        .bind(target.label)
        .bind(before.map(|v| v.to_string()))
        .bind(after.map(|v| v.to_string()))
        .execute(ex)
        .await)
        .map(|_| ())
    }
}

/// Which entries to list: of these communities (or, with none, of the whole street
/// office), the rest optional.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub street_office: &'a str,
    pub community_id: Option<&'a str>,
    pub action: Option<AuditAction>,
    pub actor_id: Option<&'a str>,
    pub from: Option<Millis>,
    pub until: Option<Millis>,
}

/// The most entries one listing returns, newest first.
pub const MAX_LISTED: i64 = 2000;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    at: Millis,
    community_id: Option<String>,
    actor_id: String,
    actor_name: String,
    action: String,
    target_id: String,
    target_label: String,
    before: Option<String>,
    after: Option<String>,
}

/// The entries `filter` asks for, newest first.
pub async fn list(db: &mut Conn, filter: &Filter<'_>) -> sqlx::Result<Vec<AuditEntry>> {
    let rows: Vec<Row> = crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT id, at, community_id, actor_id, actor_name, action, target_id, target_label,
                before, after
         FROM audit_log
         WHERE street_office = $1
           AND ($2 IS NULL OR community_id = $2)
           AND ($3 IS NULL OR action = $3)
           AND ($4 IS NULL OR actor_id = $4)
           AND ($5 IS NULL OR at >= $5)
           AND ($6 IS NULL OR at < $6)
         ORDER BY at DESC, id
         LIMIT $7",
    )
    .bind(filter.street_office)
    .bind(filter.community_id)
    .bind(filter.action.map(AuditAction::as_str))
    .bind(filter.actor_id)
    .bind(filter.from)
    .bind(filter.until)
    .bind(MAX_LISTED)
    .fetch_all(ex)
    .await)?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str::<Value>(&t).ok());
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(AuditEntry {
                action: AuditAction::parse(&r.action)?,
                id: r.id,
                at: r.at,
                community_id: r.community_id,
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                target_id: r.target_id,
                target_label: r.target_label,
                before: json(r.before),
                after: json(r.after),
            })
        })
        .collect())
}
