mod common;

use axum::http::StatusCode;
use common::{RESIDENT, TestApp, WORKER, jpeg};
use linli_core::blob::MAX_BLOB_BYTES;

const ID: &str = "6f1c2a5e-0d7b-4c1a-9e57-3b9a2f8d4c11";

async fn stored(app: &TestApp) -> i64 {
    linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM blobs"
    )
    .fetch_one(ex)
    .await)
    .unwrap()
}

#[tokio::test]
async fn a_retried_upload_never_duplicates() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let token = app.login(RESIDENT).await;
    let path = format!("/api/blobs/{ID}");
    let photo = jpeg(200 * 1024, 7);
    assert_eq!(
        app.put_bytes(&path, Some(&token), photo.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.put_bytes(&path, Some(&token), photo.clone())
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(stored(&app).await, 1);

    // Another photo under the same id is refused, not silently swapped.
    let other = app.put_bytes(&path, Some(&token), jpeg(1000, 9)).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(stored(&app).await, 1);

    // Staff of the community can see it, byte for byte.
    let worker = app.login(WORKER).await;
    let res = app.get(&path, Some(&worker)).await;
    assert_eq!(res.status, StatusCode::OK);
    let other_community = app.login("13800000006").await;
    assert_eq!(
        app.get(&path, Some(&other_community)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_photos_of_reasonable_size_are_taken() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let token = app.login(RESIDENT).await;
    let path = format!("/api/blobs/{ID}");

    let not_image = app
        .put_bytes(&path, Some(&token), b"<svg onload=alert(1)>".to_vec())
        .await;
    assert_eq!(not_image.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        not_image.body["message"]
            .as_str()
            .unwrap()
            .contains("只能上传照片")
    );

    let too_big = app
        .put_bytes(&path, Some(&token), jpeg(MAX_BLOB_BYTES + 1, 1))
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.body["code"], "payload_too_large");
    assert!(
        too_big.body["message"]
            .as_str()
            .unwrap()
            .contains("照片太大了")
    );

    let far_too_big = app
        .put_bytes(&path, Some(&token), jpeg(MAX_BLOB_BYTES * 5, 1))
        .await;
    assert_eq!(far_too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(far_too_big.body["code"], "payload_too_large");

    let bad_id = app
        .put_bytes("/api/blobs/not-a-uuid", Some(&token), jpeg(10, 1))
        .await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);

    let anonymous = app.put_bytes(&path, None, jpeg(10, 1)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app).await, 0);
}
