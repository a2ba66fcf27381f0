use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use linli_server::db;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

#[tokio::test]
async fn probe() {
    let dir = tempfile::tempdir().unwrap();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(dir.path().join("x.db"))
                .create_if_missing(true),
        )
        .await
        .unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    for strategy in 0..4u64 {
        let mut leaks = 0;
        let mut readies = 0;
        for i in 0..200u64 {
            while pool.num_idle() == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            {
                let mut begin = pin!(db::begin_write(&pool));
                let polls = match strategy {
                    0 => 1,
                    1 => 2,
                    2 => 1 + i % 3,
                    _ => 2,
                };
                for p in 0..polls {
                    if let Poll::Ready(tx) = begin.as_mut().poll(&mut cx) {
                        readies += 1;
                        drop(tx);
                        break;
                    }
                    if p + 1 < polls {
                        match strategy {
                            3 => std::thread::sleep(Duration::from_micros(i % 200)),
                            _ => tokio::time::sleep(Duration::from_millis(2)).await,
                        }
                    }
                }
            }
            let conn = pool.acquire().await.unwrap();
            if conn.is_in_transaction() {
                leaks += 1;
                conn.close().await.unwrap();
            }
        }
        eprintln!("strategy {strategy}: {leaks} leaks, {readies} ready of 200");
    }
}
