//! How sync travels: compressed both ways, and an up-to-date pull answered from memory.

mod common;

use std::io::{Read, Write};
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{Device, TestApp, WORKER, notice};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use http_body_util::BodyExt;
use linli_core::notice::PUBLISH;
use linli_core::sync::{PROTOCOL_VERSION, PullQuery};
use linli_server::auth::CurrentUser;
use linli_server::features::FEATURES;
use linli_server::{db, sync};
use serde_json::Value;
use tower::ServiceExt;

/// Sends `req` from a phone's address; returns the status, the encoding and the raw body.
async fn send(
    app: &TestApp,
    req: axum::http::request::Builder,
    body: Body,
) -> (StatusCode, Option<String>, Vec<u8>) {
    let req = req.extension(ConnectInfo(SocketAddr::from(([10, 201, 0, 1], 40_000))));
    let res = app
        .router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let encoding = res
        .headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap().to_owned());
    (
        res.status(),
        encoding,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn pushes_and_pulls_travel_gzipped() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let token = app.login(WORKER).await;
    let mut device = Device::new();
    let writes: Vec<Value> = (0..50)
        .map(|n| {
            device.mutation(
                PUBLISH,
                notice(&format!("n{n}"), "明天上午停水，请提前储水", "normal", None),
            )
        })
        .collect();
    let body = serde_json::to_vec(&device.push_body(&writes)).unwrap();
    let (status, _, answer) = send(
        &app,
        Request::post("/api/sync/push")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_ENCODING, "gzip")
            .header(header::AUTHORIZATION, format!("Bearer {token}")),
        Body::from(gzip(&body)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["results"].as_array().unwrap().len(), 50);
    assert!(
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"]["status"] == "applied")
    );

    let (status, encoding, page) = send(
        &app,
        Request::get(format!(
            "/api/sync/pull?protocol={PROTOCOL_VERSION}&since=0&client_id={}",
            device.client_id
        ))
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::AUTHORIZATION, format!("Bearer {token}")),
        Body::empty(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let mut text = String::new();
    GzDecoder::new(page.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    assert!(
        page.len() * 3 < text.len(),
        "{} bytes gzipped of {}",
        page.len(),
        text.len()
    );
    let page: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(page["last_applied_seq"], 50);
    let notices = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["collection"] == "notices");
    assert!(notices.count() >= 50);
}

#[tokio::test]
async fn an_up_to_date_pull_is_answered_without_the_database() {
    // Only SQLite's: on PostgreSQL other instances may have written meanwhile.
    if common::on_postgres() {
        return;
    }
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool.clone()).await;
    let token = app.login(WORKER).await;
    let mut device = Device::new();
    let publish = device.mutation(PUBLISH, notice("n1", "明天停水", "normal", None));
    assert_eq!(
        app.push(&token, &device, &[publish]).await.status,
        StatusCode::OK
    );
    let (_, last) = app.pull_all(Some(&token), &device.client_id, None).await;
    assert_eq!(last["last_applied_seq"], 1);
    // Nothing changes after this cursor: the same answer comes with no database at all.
    // (A cursor far ahead, as other tests raise the process's mark meanwhile.)
    let session =
        db::people::session_account(&pool, &linli_server::auth::token_hash(&token), db::now_ms())
            .await
            .unwrap()
            .unwrap();
    let user = CurrentUser::load(&pool, session.account)
        .await
        .unwrap()
        .unwrap();
    pool.close().await;
    let ahead = i64::MAX as u64 - 1;
    let query = |client_id: &str| PullQuery {
        protocol: PROTOCOL_VERSION,
        since: ahead,
        client_id: client_id.to_owned(),
        community_id: None,
    };
    let answer = sync::pull(&pool, FEATURES, Some(&user), query(&device.client_id))
        .await
        .unwrap();
    assert_eq!(answer.cursor, ahead);
    assert!(!answer.has_more);
    assert!(answer.changes.is_empty());
    assert_eq!(answer.last_applied_seq, 1);
    // What the account may see is as the database last said: its devices keep their rows.
    assert_eq!(answer.scope, last["scope"].as_u64().unwrap());
    // A device the server knows nothing of needs the database for its progress.
    assert!(
        sync::pull(&pool, FEATURES, Some(&user), query("never-seen"))
            .await
            .is_err()
    );
}
