//! A request handler's future is dropped when the client hangs up. Whatever it was
//! doing with the database must not leave a pooled connection inside a transaction.

use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use linli_server::db;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

#[tokio::test]
async fn a_write_transaction_abandoned_while_it_begins_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    // One connection, so the next acquire gets the one the abandoned call used.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(dir.path().join("linli.db"))
                .create_if_missing(true),
        )
        .await
        .unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    // Abandon `begin_write` after each number of steps in turn, so one of them
    // falls between SQLite running BEGIN IMMEDIATE and the call returning.
    for steps in 1..=8 {
        while pool.num_idle() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        {
            let mut begin = pin!(db::begin_write(&pool));
            for _ in 0..steps {
                let polled = begin.as_mut().poll(&mut cx);
                eprintln!("steps {steps}: ready {}", polled.is_ready());
                if let Poll::Ready(tx) = polled {
                    tx.unwrap().rollback().await.unwrap();
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        let conn = pool.acquire().await.unwrap();
        assert!(
            !conn.is_in_transaction(),
            "abandoned after {steps} steps, the connection went back to the pool inside the transaction"
        );
    }
    db::begin_write(&pool)
        .await
        .unwrap()
        .commit()
        .await
        .unwrap();
}
