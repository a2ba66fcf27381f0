//! The sync tables: the global change counter, the record of processed mutations and
//! each device's progress, and the window a pull reads from each synced table.
//!
//! Beside them, in memory, what lets an up-to-date pull be answered without the database
//! ([`high_water`] and [`cached_last_seq`]).
//!
//! # The high-water mark
//! Every version a row gets comes from [`next_version`], which raises the mark to it
//! inside the write transaction, before the commit; [`migrate`](super::migrate) raises it
//! to the stored counter at start. So the mark is never below any version committed in
//! this process's database: a pull whose cursor is at or above it has nothing to fetch
//! (and gets exactly what the database would have answered: no changes, the same
//! cursor). A transaction rolled back leaves the mark one above the counter, which only
//! sends pulls to the database until the next write reaches it. Raising it after the
//! commit instead would leave a moment in which a pull is told "nothing new" about a
//! committed row; raising it before can only make a pull look in vain.
//!
//! The mark is the process's, not a pool's: `next_version` is reached from every feature's
//! writes with only the connection at hand. With several databases in one process (the
//! tests), it is the highest of theirs, still never below any one of them.
//!
//! Several server instances on one PostgreSQL would each miss the others' writes: there
//! the mark is not used, and every pull asks the database (`sync::up_to_date`). (It could
//! become a cache: each instance LISTENing on a channel that `next_version`'s transaction
//! NOTIFYs, the devices' progress refreshed when the mark moves.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use linli_core::Millis;

use super::{Conn, FromRows, Pool, Tx, exec, run};

/// No version committed in this process's database is above this.
static HIGH_WATER: AtomicI64 = AtomicI64::new(0);

/// Values per key that only grow, as last recorded or read, bounded in number: past
/// [`MAX_CACHED_KEYS`] it starts afresh (made-up device ids in pulls must not grow it
/// without end).
pub(crate) struct Growing(Mutex<Option<HashMap<String, i64>>>);

const MAX_CACHED_KEYS: usize = 100_000;

impl Growing {
    pub const fn new() -> Self {
        Self(Mutex::new(None))
    }

    /// Keeps `value` for `key` unless a greater one is known.
    pub fn remember(&self, key: &str, value: i64) {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let cache = cache.get_or_insert_with(HashMap::new);
        if cache.len() >= MAX_CACHED_KEYS && !cache.contains_key(key) {
            cache.clear();
        }
        let known = cache.entry(key.to_owned()).or_default();
        *known = (*known).max(value);
    }

    pub fn get(&self, key: &str) -> Option<i64> {
        let cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.as_ref()?.get(key).copied()
    }
}

/// Each device's `last_seq`, so that an up-to-date pull needs no query for it.
static LAST_SEQS: Growing = Growing::new();

/// The high-water mark: no version committed in this process's database is above it.
pub fn high_water() -> i64 {
    HIGH_WATER.load(Ordering::Acquire)
}

/// Raises the high-water mark to `version` (never lowers it).
pub fn raise_high_water(version: i64) {
    HIGH_WATER.fetch_max(version, Ordering::AcqRel);
}

/// The next value of the global change counter. Call inside the write
/// transaction that changes the row (`db::begin_write`), once per row, so versions
/// never repeat and follow commit order: one writer at a time holds the write lock
/// (SQLite's, or PostgreSQL's advisory lock) from the version until its commit, so no
/// version can commit after a larger one (which a pull would have skipped). Raises the
/// high-water mark before the row can be seen.
pub async fn next_version(tx: &mut Conn) -> sqlx::Result<i64> {
    if !tx.is_transaction() {
        return Err(sqlx::Error::Protocol(
            "a sync version is taken only inside a write transaction".into(),
        ));
    }
    let version = run!(tx, |ex| sqlx::query_scalar(
        "UPDATE sync_version SET value = value + 1 WHERE id = 1 RETURNING value"
    )
    .fetch_one(ex)
    .await)?;
    raise_high_water(version);
    Ok(version)
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
    // Before the commit: a device only drops what the server answered as applied, which
    // it hears after the commit, so a value the commit never reached misleads nobody.
    LAST_SEQS.remember(p.client_id, p.seq);
    Ok(())
}

/// The highest `seq` of the device's processed so far, if it is known without asking
/// the database.
pub fn cached_last_seq(client_id: &str) -> Option<i64> {
    LAST_SEQS.get(client_id)
}

pub async fn last_seq(db: &mut Conn, client_id: &str) -> sqlx::Result<i64> {
    let seq = run!(db, |ex| sqlx::query_scalar::<_, i64>(
        "SELECT last_seq FROM sync_clients WHERE client_id = $1"
    )
    .bind(client_id)
    .fetch_optional(ex)
    .await)?
    // A device that never pushed is kept too, at 0 (most residents only read); made-up
    // ids cannot grow the cache past its bound.
    .unwrap_or_default();
    LAST_SEQS.remember(client_id, seq);
    Ok(seq)
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

impl<T> Versioned<T> {
    /// The same change, of the part of the row `f` takes.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Versioned<U> {
        Versioned {
            version: self.version,
            row: f(self.row),
        }
    }
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
