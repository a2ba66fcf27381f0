//! The database plumbing every feature shares: the connection types, opening and
//! migrating, write transactions, ids and the clock. Each feature keeps its own queries
//! in its `db.rs`; SQL lives only there and here.
//!
//! Two backends, chosen by the database URL: SQLite (`sqlite://…`, the embedded default:
//! one street office on one small server) and PostgreSQL (`postgres://…`: several server
//! instances behind a load balancer). There is one layer of SQL for both: queries are
//! written once in the SQL both understand (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`, `TRUE`/`FALSE`, `CAST(… AS BIGINT)`), and where the two differ the two
//! forms stand side by side in [`dialect`]. Each query is run through [`run!`] (or
//! [`exec!`] for statements), which compiles it once per driver and picks the one of the
//! connection at hand; the features and the sync engine see one `Pool`, `Conn` and `Tx`.
//!
//! Why not sqlx's `Any` driver: it turns every row into its own value types and refuses
//! SQLite columns declared `BOOLEAN` (as `notices.pinned` is) and integers other than
//! `i16/i32/i64`, so the schema would have to change under databases already in use.
//! The price of the enum instead: each query is compiled twice (a larger binary, a
//! slower build), and a bound value must be a type both drivers encode.
//!
//! What several instances on one PostgreSQL rely on, and where it is kept:
//! - **One writer at a time.** [`begin_write`] takes a transaction-scoped advisory lock
//!   ([`dialect::WRITE_LOCK`]) on PostgreSQL, as `BEGIN IMMEDIATE` takes SQLite's write
//!   lock. Every check-then-write of the features (places left on a shift, the
//!   waitlist's order and promotion, a mutation already processed, attempt counts) is
//!   therefore decided on committed data only, across all instances, in arrival order.
//!   Writes are short; reads (pulls, lists) never take the lock and run in parallel on
//!   every instance, which is what more instances buy.
//! - **Gap-free versions.** A version is taken by `UPDATE sync_version … RETURNING`
//!   inside the writer's transaction, which keeps that row locked until the commit (as
//!   does the write lock): versions are committed in the order they are given. A pull
//!   (one `REPEATABLE READ` snapshot, [`sync::begin_read`]) reads up to the counter's
//!   committed value, so no smaller version can commit after it. With a plain
//!   sequence it could, and a device whose cursor passed it would never get that
//!   change (`tests/instances.rs` shows both).
//! - **Exactly once.** `sync_mutations.mutation_id` is the primary key; a mutation
//!   delivered to two instances at once is applied by the first, and the second waits
//!   for the lock and answers the stored outcome (`sync::apply_one`).
//! - **Shared state.** Sessions, log-in failures and attempt counts (`limits`) are rows;
//!   no instance keeps any of them in memory.

pub mod audit;
pub mod blobs;
pub mod communities;
pub mod dialect;
pub mod limits;
pub mod people;
pub mod sync;

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use linli_core::Millis;
use sqlx::pool::{PoolConnection, PoolConnectionMetadata};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{
    FromRow, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction,
};

/// Runs a query on whichever backend `$db` (a `&mut Conn`, a `&mut Tx` or a `&Pool`) is:
/// `run!(db, |ex| sqlx::query_scalar("SELECT …").bind(x).fetch_one(ex).await)`. The
/// body is compiled once per driver; `ex` is that driver's executor.
#[macro_export]
macro_rules! run {
    ($db:expr, |$ex:ident| $body:expr) => {
        match ($db).backend() {
            $crate::db::Backend::Sqlite($ex) => $body,
            $crate::db::Backend::Postgres($ex) => $body,
        }
    };
}

/// [`run!`] for a statement (`.execute(ex).await`): what it did, as [`Done`].
#[macro_export]
macro_rules! exec {
    ($db:expr, |$ex:ident| $body:expr) => {
        match ($db).backend() {
            $crate::db::Backend::Sqlite($ex) => $body.map($crate::db::Done::from),
            $crate::db::Backend::Postgres($ex) => $body.map($crate::db::Done::from),
        }
    };
}

pub use crate::{exec, run};

/// The executor of one backend or the other, as [`run!`] picks it.
pub enum Backend<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// What a statement did, on either backend.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

impl From<SqliteQueryResult> for Done {
    fn from(r: SqliteQueryResult) -> Self {
        Self {
            rows_affected: r.rows_affected(),
        }
    }
}

impl From<PgQueryResult> for Done {
    fn from(r: PgQueryResult) -> Self {
        Self {
            rows_affected: r.rows_affected(),
        }
    }
}

/// A row type read by queries on both backends.
pub trait FromRows:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> FromRows for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// Connections to the database, shared by the whole server.
#[derive(Debug, Clone)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One connection, or a transaction seen as one (`&mut *tx`).
#[derive(Debug)]
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
    SqliteTx(Transaction<'static, Sqlite>),
    PostgresTx(Transaction<'static, Postgres>),
}

/// A transaction that owns its pooled connection; rolled back unless committed.
#[derive(Debug)]
pub struct Tx(Conn);

impl Pool {
    /// The executor of this pool's backend (for [`run!`]).
    pub fn backend(&self) -> Backend<&SqlitePool, &PgPool> {
        match self {
            Pool::Sqlite(p) => Backend::Sqlite(p),
            Pool::Postgres(p) => Backend::Postgres(p),
        }
    }

    pub async fn acquire(&self) -> sqlx::Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    /// Closes every connection, waiting for those in use to come back.
    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// A transaction begun with the backend's form of `statement`.
    ///
    /// It begins in a task of its own, which runs to the end even when the caller is
    /// dropped (as a handler is when its client hangs up); a transaction begun for
    /// nobody is then dropped and rolled back. Dropped after the BEGIN was sent but
    /// before it is acknowledged, sqlx 0.8's `begin_with` puts the connection back in
    /// the pool inside a transaction it does not count: on PostgreSQL the next user's
    /// queries run in it (one error, and every later query on that connection fails
    /// with "current transaction is aborted"; a write transaction's lock is never let
    /// go), on SQLite it is counted but never ended.
    pub async fn begin_with(&self, statement: &'static dialect::Sql) -> sqlx::Result<Tx> {
        let pool = self.clone();
        tokio::spawn(async move {
            Ok(Tx(match pool {
                Pool::Sqlite(p) => Conn::SqliteTx(p.begin_with(statement.sqlite).await?),
                Pool::Postgres(p) => Conn::PostgresTx(p.begin_with(statement.postgres).await?),
            }))
        })
        .await
        .unwrap_or_else(|err| std::panic::resume_unwind(err.into_panic()))
    }
}

impl Conn {
    /// The executor of this connection's backend (for [`run!`]).
    pub fn backend(&mut self) -> Backend<&mut SqliteConnection, &mut PgConnection> {
        match self {
            Conn::Sqlite(c) => Backend::Sqlite(&mut **c),
            Conn::SqliteTx(t) => Backend::Sqlite(&mut **t),
            Conn::Postgres(c) => Backend::Postgres(&mut **c),
            Conn::PostgresTx(t) => Backend::Postgres(&mut **t),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Conn::Postgres(_) | Conn::PostgresTx(_))
    }

    /// Whether this is a transaction (and not a connection running each statement on
    /// its own).
    pub fn is_transaction(&self) -> bool {
        matches!(self, Conn::SqliteTx(_) | Conn::PostgresTx(_))
    }
}

impl Tx {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self.0 {
            Conn::SqliteTx(t) => t.commit().await,
            Conn::PostgresTx(t) => t.commit().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        match self.0 {
            Conn::SqliteTx(t) => t.rollback().await,
            Conn::PostgresTx(t) => t.rollback().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

impl Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

/// A savepoint inside a transaction: [`release`] keeps what was written since, and
/// [`rollback_to`] undoes it.
pub async fn savepoint(tx: &mut Conn) -> sqlx::Result<()> {
    exec!(tx, |ex| sqlx::query("SAVEPOINT applying").execute(ex).await).map(|_| ())
}

pub async fn release(tx: &mut Conn) -> sqlx::Result<()> {
    exec!(tx, |ex| sqlx::query("RELEASE SAVEPOINT applying")
        .execute(ex)
        .await)
    .map(|_| ())
}

pub async fn rollback_to(tx: &mut Conn) -> sqlx::Result<()> {
    exec!(tx, |ex| sqlx::query("ROLLBACK TO SAVEPOINT applying")
        .execute(ex)
        .await)
    .map(|_| ())
}

/// How many connections each server instance keeps. PostgreSQL's default limit of 100
/// connections leaves room for several instances and the tools.
const MAX_CONNECTIONS: u32 = 8;

/// Opens the database at `url`: SQLite (created if missing, in WAL mode with foreign
/// keys enforced) or PostgreSQL (`postgres://…`, which must exist).
pub async fn connect(url: &str) -> sqlx::Result<Pool> {
    if is_postgres_url(url) {
        let options = PgConnectOptions::from_str(url)?;
        return PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .before_acquire(out_of_transaction)
            .connect_with(options)
            .await
            .map(Pool::Postgres);
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .before_acquire(out_of_transaction)
        .connect_with(options)
        .await
        .map(Pool::Sqlite)
}

/// Whether a pooled connection may be handed out again: not while it is still inside a
/// transaction. A transaction dropped half-way (its request cancelled, its instance
/// shutting down) is rolled back by a command queued on its connection, so the count is
/// read again after a ping, which runs behind that command. A connection still inside a
/// transaction after that (a rollback refused because the database had already ended
/// the transaction itself, or a start whose acknowledgement was lost) is closed instead:
/// reused, it would refuse the next `BEGIN IMMEDIATE` ("non-zero transaction depth") or
/// hold a stray transaction and its lock.
fn out_of_transaction<C: sqlx::Connection>(
    conn: &mut C,
    _: PoolConnectionMetadata,
) -> Pin<Box<dyn Future<Output = sqlx::Result<bool>> + Send + '_>> {
    Box::pin(async move {
        if conn.is_in_transaction() {
            conn.ping().await?;
        }
        let fit = !conn.is_in_transaction();
        if !fit {
            tracing::warn!("closing a pooled connection left inside a transaction");
        }
        Ok(fit)
    })
}

/// Whether `url` names a PostgreSQL database.
fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Brings the schema up to date, from the backend's own migrations
/// (`migrations/sqlite`, `migrations/postgres`: the same schema in each dialect). What
/// each community needs in it afterwards is the features' part (`features::setup`). The
/// sync high-water mark starts at the stored change counter (`sync::high_water`).
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    match pool {
        Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
        Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
    }
    let mut conn = pool.acquire().await?;
    sync::raise_high_water(sync::current_version(&mut conn).await?);
    Ok(())
}

/// Starts a write transaction that holds the write lock at once: SQLite's, or on
/// PostgreSQL the advisory lock every instance's writers take ([`dialect::WRITE_LOCK`]).
/// Concurrent writers queue (on the busy timeout, or on the lock) instead of failing,
/// and each sees everything committed before it. (Dropped while it waits for the lock,
/// the transaction is rolled back, and the lock never taken or let go with it.)
pub async fn begin_write(pool: &Pool) -> sqlx::Result<Tx> {
    let mut tx = pool.begin_with(&dialect::BEGIN_WRITE).await?;
    if tx.is_postgres() {
        exec!(&mut *tx, |ex| sqlx::query(dialect::WRITE_LOCK)
            .execute(ex)
            .await)?;
    }
    Ok(tx)
}

pub async fn ping(pool: &Pool) -> sqlx::Result<()> {
    exec!(pool, |ex| sqlx::query("SELECT 1").execute(ex).await).map(|_| ())
}

/// A violated UNIQUE constraint, on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

/// The server's clock. Mutations take their time from their context instead, so that
/// they can be replayed at another time.
pub fn now_ms() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or_default()
}

/// A count or size as stored (BIGINT on PostgreSQL, which has no unsigned types), as
/// the wire has it.
pub fn small(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// A size the wire has as a small number, as stored.
pub fn stored(n: Option<u32>) -> Option<i64> {
    n.map(i64::from)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Stores a core enum as TEXT holding its wire name (`snake_case`), as it always was.
/// The core crate has no database, so sqlx derives for a mirror declared here, and the
/// conversions both ways match every variant: a variant added in core without its
/// mirror does not compile. Read a column into the core type with
/// `#[sqlx(try_from = "Mirror")]`; bind `Mirror::from(value)`.
macro_rules! stored_enum {
    ($(#[$doc:meta])* $mirror:ident for $core:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Encode, sqlx::Decode)]
        #[sqlx(rename_all = "snake_case")]
        pub enum $mirror {
            $($variant),+
        }

        impl sqlx::Type<sqlx::Sqlite> for $mirror {
            fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                <str as sqlx::Type<sqlx::Sqlite>>::type_info()
            }
            fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
            }
        }

        impl sqlx::Type<sqlx::Postgres> for $mirror {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl $mirror {
            /// Every variant, for the test that names match the wire.
            #[cfg(test)]
            pub const ALL: &'static [$mirror] = &[$($mirror::$variant),+];
        }

        impl From<$core> for $mirror {
            fn from(value: $core) -> Self {
                match value {
                    $($core::$variant => $mirror::$variant),+
                }
            }
        }

        impl From<$mirror> for $core {
            fn from(value: $mirror) -> Self {
                match value {
                    $($mirror::$variant => $core::$variant),+
                }
            }
        }
    };
}
pub(crate) use stored_enum;

/// Checks that every variant of a stored enum is written as its wire name: old rows
/// read back unchanged.
#[cfg(test)]
pub async fn assert_stored_as_wire_names<M, C>(all: &[M])
where
    M: Copy + Into<C> + sqlx::Type<Sqlite> + for<'q> sqlx::Encode<'q, Sqlite> + Send,
    C: serde::Serialize,
{
    let pool = SqlitePool::connect("sqlite::memory:").await.unwrap();
    for &variant in all {
        let stored: String = sqlx::query_scalar("SELECT $1")
            .bind(variant)
            .fetch_one(&pool)
            .await
            .unwrap();
        let wire = serde_json::to_value(Into::<C>::into(variant)).unwrap();
        assert_eq!(stored, wire.as_str().unwrap());
    }
}
