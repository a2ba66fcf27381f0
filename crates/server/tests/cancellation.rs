//! A request handler's future is dropped when the client hangs up. Whatever it was
//! doing with the database must not leave a pooled connection inside a transaction
//! (on PostgreSQL, `LINLI_TEST_DATABASE=postgres`, one holding the write lock).

mod common;

use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use linli_server::db;
use sqlx::Connection;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// Whether the pool's one connection is inside a transaction; if so it is closed.
async fn left_in_transaction(pool: &db::Pool) -> bool {
    db::run!(pool, |p| {
        let conn = p.acquire().await.unwrap();
        let open = conn.is_in_transaction();
        if open {
            conn.close().await.unwrap();
        }
        open
    })
}

#[tokio::test]
async fn a_write_transaction_abandoned_while_it_begins_is_rolled_back() {
    const TRIES: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    // One connection, so the check below gets the one the abandoned call used.
    let pool = if common::on_postgres() {
        let (url, _) = common::database().await;
        db::Pool::Postgres(
            PgPoolOptions::new()
                .max_connections(1)
                .connect(&url)
                .await
                .unwrap(),
        )
    } else {
        db::Pool::Sqlite(
            SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(
                    SqliteConnectOptions::new()
                        .filename(dir.path().join("linli.db"))
                        .create_if_missing(true),
                )
                .await
                .unwrap(),
        )
    };
    let mut cx = Context::from_waker(Waker::noop());
    let mut left_open = 0;
    // Abandon `begin_write` after one, two or three polls, with the database
    // working in between, so some tries fall between SQLite running BEGIN
    // IMMEDIATE and the call returning the transaction.
    for attempt in 0..TRIES {
        {
            let mut begin = pin!(db::begin_write(&pool));
            for _ in 0..=attempt % 3 {
                if let Poll::Ready(tx) = begin.as_mut().poll(&mut cx) {
                    tx.unwrap().rollback().await.unwrap();
                    break;
                }
                tokio::time::sleep(Duration::from_micros(attempt as u64 % 7 * 100)).await;
            }
        }
        if left_in_transaction(&pool).await {
            left_open += 1;
        }
    }
    assert_eq!(
        left_open, 0,
        "{left_open} of {TRIES} abandoned begins went back to the pool inside their transaction"
    );
    db::begin_write(&pool)
        .await
        .unwrap()
        .commit()
        .await
        .unwrap();
}
