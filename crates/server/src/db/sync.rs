use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::now_ms;

/// The next value of the global change counter. Call inside the write
/// transaction that changes the row, once per row, so versions never repeat
/// and follow commit order (SQLite has one writer at a time).
pub async fn next_version(tx: &mut SqliteConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("UPDATE sync_version SET value = value + 1 WHERE id = 1 RETURNING value")
        .fetch_one(tx)
        .await
}

pub async fn current_version(tx: &mut SqliteConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT value FROM sync_version WHERE id = 1")
        .fetch_one(tx)
        .await
}

/// The stored outcome (JSON) of a mutation already processed.
pub async fn outcome(db: &mut SqliteConnection, mutation_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT outcome FROM sync_mutations WHERE mutation_id = ?")
        .bind(mutation_id)
        .fetch_optional(db)
        .await
}

pub struct Processed<'a> {
    pub mutation_id: &'a str,
    pub client_id: &'a str,
    pub seq: i64,
    pub user_id: &'a str,
    pub name: &'a str,
    pub outcome: &'a str,
    pub created_at: i64,
}

/// Records a processed mutation and the device's progress, in the caller's transaction.
pub async fn record(tx: &mut SqliteConnection, p: &Processed<'_>) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sync_mutations (mutation_id, client_id, seq, user_id, name, outcome, created_at, processed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(p.mutation_id)
    .bind(p.client_id)
    .bind(p.seq)
    .bind(p.user_id)
    .bind(p.name)
    .bind(p.outcome)
    .bind(p.created_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO sync_clients (client_id, last_seq, last_seen_at) VALUES (?, ?, ?)
         ON CONFLICT (client_id) DO UPDATE
         SET last_seq = MAX(sync_clients.last_seq, excluded.last_seq), last_seen_at = excluded.last_seen_at",
    )
    .bind(p.client_id)
    .bind(p.seq)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn last_seq(db: &mut SqliteConnection, client_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>("SELECT last_seq FROM sync_clients WHERE client_id = ?")
        .bind(client_id)
        .fetch_optional(db)
        .await
        .map(Option::unwrap_or_default)
}

/// A read transaction: every query in it sees one snapshot of the database.
pub async fn begin_read(
    pool: &SqlitePool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin().await
}

/// A pull window: `(since, until, limit)`.
pub type Window = (i64, i64, i64);

/// Rows of a community changed in `(since, until]`, oldest change first, at most
/// `limit`: the window a pull reads from each synced table. `select` is the query
/// up to its WHERE clause; `table` the name or alias whose columns filter;
/// `owner`, a column and a value, keeps only one person's rows.
pub async fn changed_rows<O>(
    db: &mut SqliteConnection,
    select: &str,
    table: &str,
    community_id: &str,
    owner: Option<(&str, &str)>,
    (since, until, limit): Window,
) -> sqlx::Result<Vec<O>>
where
    O: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
{
    let owner_filter = owner
        .map(|(column, _)| format!(" AND {table}.{column} = ?"))
        .unwrap_or_default();
    let sql = format!(
        "{select} WHERE {table}.community_id = ?{owner_filter} AND {table}.version > ? AND {table}.version <= ?
         ORDER BY {table}.version LIMIT ?"
    );
    let mut query = sqlx::query_as(&sql).bind(community_id);
    if let Some((_, value)) = owner {
        query = query.bind(value);
    }
    query
        .bind(since)
        .bind(until)
        .bind(limit)
        .fetch_all(db)
        .await
}
