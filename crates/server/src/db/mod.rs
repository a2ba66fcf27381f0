//! The only layer that holds SQL. Queries are plain, portable SQL where that
//! costs nothing, so that PostgreSQL can be added beside SQLite later.

pub mod accounts;
pub mod blobs;
pub mod communities;
pub mod inbox;
pub mod notices;
pub mod reports;
pub mod services;
pub mod sync;
pub mod volunteer;

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// Opens (creating if needed) the SQLite database at `url`, in WAL mode with
/// foreign keys enforced.
pub async fn connect(url: &str) -> sqlx::Result<SqlitePool> {
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

/// Brings the schema up to date, then the configuration every community needs.
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await?;
    reports::ensure_categories(pool).await?;
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
pub async fn begin_write(
    pool: &SqlitePool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
        .await
        .unwrap_or_else(|err| std::panic::resume_unwind(err.into_panic()))
}

pub async fn ping(pool: &SqlitePool) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// The SQLite error code for a violated UNIQUE constraint.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// An enum stored as its wire name (`snake_case` text).
pub fn enum_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// An enum back from its stored wire name.
pub fn parse_enum<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
