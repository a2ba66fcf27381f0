//! What the generated attack suite (`scripts/api-fuzz.sh`) found, each kept as a test:
//! every answer is the JSON error its operation describes, never plain text or a 5xx.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{ADMIN, TestApp};

/// Asserts `reply` is our JSON error of `code`.
fn assert_error(reply: &common::Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(reply.body["code"], code, "{:?}", reply.body);
    assert!(reply.body["message"].is_string(), "{:?}", reply.body);
}

#[tokio::test]
async fn an_unreadable_import_option_is_a_json_error() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let token = app.login(ADMIN).await;
    for kind in ["buildings", "residents"] {
        let path = format!("/api/admin/import/{kind}?confirm=2");
        let reply = app
            .send(Method::POST, &path, Some(&token), Body::from("[0]"), false)
            .await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
}
