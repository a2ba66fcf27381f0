//! The database plumbing every feature shares: the connection types, opening and
//! migrating, write transactions, ids and the clock. Each feature keeps its own queries
//! in its `db.rs`; SQL lives only there and here. Queries are plain, portable SQL where
//! that costs nothing, and the whole server names its connection types through the
//! aliases below, so that PostgreSQL can be added beside SQLite by changing this folder.

pub mod audit;
pub mod blobs;
pub mod communities;
pub mod limits;
pub mod people;
pub mod sync;

use std::str::FromStr;
use std::time::Duration;

use linli_core::Millis;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The database the server runs on.
pub type Db = sqlx::Sqlite;
/// Connections to it, shared by the whole server.
pub type Pool = sqlx::Pool<Db>;
/// One connection, or a transaction seen as one (`&mut *tx`).
pub type Conn = sqlx::SqliteConnection;
/// A transaction that owns its pooled connection.
pub type Tx = sqlx::Transaction<'static, Db>;
/// A row as queries return it.
pub type Row = sqlx::sqlite::SqliteRow;

/// Opens (creating if needed) the SQLite database at `url`, in WAL mode with
/// foreign keys enforced.
pub async fn connect(url: &str) -> sqlx::Result<Pool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

/// Brings the schema up to date, and the sync high-water mark up to the stored change
/// counter (`sync::high_water`). What each community needs in it afterwards is the
/// features' part (`features::setup`).
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await?;
    let mut conn = pool.acquire().await?;
    sync::raise_high_water(sync::current_version(&mut conn).await?);
    Ok(())
}

/// Starts a write transaction that takes the write lock at once, so concurrent
/// writers queue on the busy timeout instead of failing when they upgrade a read lock.
///
/// It begins in a task of its own, which runs to the end even when the caller is
/// dropped (as a handler is when its client hangs up); a transaction begun for
/// nobody is then dropped and rolled back. Dropped after SQLite ran the BEGIN but
/// before it returns, sqlx 0.8's `begin_with` puts the connection back in the pool
/// still inside the transaction: it keeps the write lock, so writes elsewhere time
/// out, and writes made through it are never committed.
pub async fn begin_write(pool: &Pool) -> sqlx::Result<Tx> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
        .await
        .unwrap_or_else(|err| std::panic::resume_unwind(err.into_panic()))
}

pub async fn ping(pool: &Pool) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// The SQLite error code for a violated UNIQUE constraint.
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
        #[sqlx(type_name = "TEXT", rename_all = "snake_case")]
        pub enum $mirror {
            $($variant),+
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
    M: Copy + Into<C> + sqlx::Type<Db> + for<'q> sqlx::Encode<'q, Db> + Send,
    C: serde::Serialize,
{
    let pool = Pool::connect("sqlite::memory:").await.unwrap();
    for &variant in all {
        let stored: String = sqlx::query_scalar("SELECT ?")
            .bind(variant)
            .fetch_one(&pool)
            .await
            .unwrap();
        let wire = serde_json::to_value(Into::<C>::into(variant)).unwrap();
        assert_eq!(stored, wire.as_str().unwrap());
    }
}
