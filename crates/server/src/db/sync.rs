//! The sync tables: the global change counter, the record of processed mutations and
//! each device's progress, and the window a pull reads from each synced table.

use linli_core::Millis;

use super::{Conn, FromRows, Pool, Tx, exec, run};

/// The next value of the global change counter. Call inside the write
/// transaction that changes the row (`db::begin_write`), once per row, so versions
/// never repeat and follow commit order: one writer at a time holds the write lock
/// (SQLite's, or PostgreSQL's advisory lock) from the version until its commit, so no
/// version can commit after a larger one (which a pull would have skipped).
pub async fn next_version(tx: &mut Conn) -> sqlx::Result<i64> {
    if !tx.is_transaction() {
        return Err(sqlx::Error::Protocol(
            "a sync version is taken only inside a write transaction".into(),
        ));
    }
    run!(tx, |ex| sqlx::query_scalar(
        "UPDATE sync_version SET value = value + 1 WHERE id = 1 RETURNING value"
    )
    .fetch_one(ex)
    .await)
}

pub async fn current_version(tx: &mut Conn) -> sqlx::Result<i64> {
    run!(tx, |ex| sqlx::query_scalar(
        "SELECT value FROM sync_version WHERE id = 1"
    )
    .fetch_one(ex)
    .await)
}

/// The stored outcome (JSON) of a mutation already processed.
pub async fn outcome(db: &mut Conn, mutation_id: &str) -> sqlx::Result<Option<String>> {
    run!(db, |ex| sqlx::query_scalar(
        "SELECT outcome FROM sync_mutations WHERE mutation_id = $1"
    )
    .bind(mutation_id)
    .fetch_optional(ex)
    .await)
}

/// A mutation as processed: who sent it, from which device, and what came of it.
pub struct Processed<'a> {
    pub mutation_id: &'a str,
    pub client_id: &'a str,
    pub seq: i64,
    pub user_id: &'a str,
    pub name: &'a str,
    pub outcome: &'a str,
    pub created_at: Millis,
    /// When the server processed it, by the clock it was applied with.
    pub processed_at: Millis,
}

/// Records a processed mutation and the device's progress, in the caller's transaction.
pub async fn record(tx: &mut Conn, p: &Processed<'_>) -> sqlx::Result<()> {
    exec!(&mut *tx, |ex| {
        sqlx::query(
        "INSERT INTO sync_mutations (mutation_id, client_id, seq, user_id, name, outcome, created_at, processed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(p.mutation_id)
    .bind(p.client_id)
    .bind(p.seq)
    .bind(p.user_id)
    .bind(p.name)
    .bind(p.outcome)
    .bind(p.created_at)
    .bind(p.processed_at)
    .execute(ex).await
    })?;
    exec!(&mut *tx, |ex| {
        sqlx::query(
        "INSERT INTO sync_clients (client_id, last_seq, last_seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (client_id) DO UPDATE
         SET last_seq = CASE WHEN excluded.last_seq > sync_clients.last_seq
                         THEN excluded.last_seq ELSE sync_clients.last_seq END, last_seen_at = excluded.last_seen_at",
    )
    .bind(p.client_id)
    .bind(p.seq)
    .bind(p.processed_at)
    .execute(ex).await
    })?;
    Ok(())
}

pub async fn last_seq(db: &mut Conn, client_id: &str) -> sqlx::Result<i64> {
    run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT last_seq FROM sync_clients WHERE client_id = $1"
    )
    .bind(client_id)
    .fetch_optional(ex)
    .await)
    .map(Option::unwrap_or_default)
}

/// A read transaction: every query in it sees one snapshot of the database.
pub async fn begin_read(pool: &Pool) -> sqlx::Result<Tx> {
    pool.begin_with(&super::dialect::BEGIN_READ).await
}

/// One pull's view of each collection: its changes in `(since, until]`, at most
/// `limit`, oldest first.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub since: i64,
    pub until: i64,
    pub limit: i64,
}

/// A changed row with the version its last change gave it.
#[derive(Debug)]
pub struct Versioned<T> {
    pub version: i64,
    pub row: T,
}

/// Rows of a community changed in `(since, until]`, oldest change first, at most
/// `limit`: the window a pull reads from each synced table. `select` is the query
/// up to its WHERE clause; `table` the name or alias whose columns filter;
/// `owner`, a column and a value, keeps only one person's rows.
pub async fn changed_rows<O>(
    db: &mut Conn,
    select: &str,
    table: &str,
    community_id: &str,
    owner: Option<(&str, &str)>,
    window: &Window,
) -> sqlx::Result<Vec<O>>
where
    O: FromRows,
{
    // `$1` the community, then the owner if any, then the window.
    let (owner_filter, next) = match owner {
        Some((column, _)) => (format!(" AND {table}.{column} = $2"), 3),
        None => (String::new(), 2),
    };
    let (since, until, limit) = (next, next + 1, next + 2);
    let sql = format!(
        "{select} WHERE {table}.community_id = $1{owner_filter}
         AND {table}.version > ${since} AND {table}.version <= ${until}
         ORDER BY {table}.version LIMIT ${limit}"
    );
    run!(db, |ex| {
        let mut query = sqlx::query_as(&sql).bind(community_id);
        if let Some((_, value)) = owner {
            query = query.bind(value);
        }
        query
            .bind(window.since)
            .bind(window.until)
            .bind(window.limit)
            .fetch_all(ex)
            .await
    })
}
