mod common;

use axum::http::StatusCode;
use common::{RESIDENT, TestApp, WORKER, jpeg};
use linli_core::blob::MAX_BLOB_BYTES;
use linli_server::blob_store::BlobStore;

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
    assert_eq!(app.get_bytes(&path, Some(&worker)).await, photo);
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

/// With a blob directory every instance shares (`--blob-dir`), a photo's bytes are a
/// file there and not in the database; any instance serves it; photos stored in the
/// database before are still served; the clean-up removes file and row together; and a
/// server started without the directory refuses plainly instead of serving nothing.
#[tokio::test]
async fn photos_in_a_shared_directory() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(Some(dir.path().to_owned()));
    let mut apps = common::instances(2).await.into_iter();
    let plain = apps.next().unwrap();
    let token = plain.login(RESIDENT).await;
    let earlier = "0b8e5d6c-3f1a-4e2b-9c7d-5a4f3e2d1c10";
    let earlier_photo = jpeg(3000, 3);
    let reply = plain
        .put_bytes(
            &format!("/api/blobs/{earlier}"),
            Some(&token),
            earlier_photo.clone(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);

    let first = plain.with_blobs(store.clone());
    let second = apps.next().unwrap().with_blobs(store.clone());
    let path = format!("/api/blobs/{ID}");
    let photo = jpeg(200 * 1024, 7);
    let reply = first.put_bytes(&path, Some(&token), photo.clone()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(std::fs::read(dir.path().join(ID)).unwrap(), photo);
    let (size, held): (i64, i64) = linli_server::db::run!(&first.pool, |ex| sqlx::query_as(
        "SELECT size, CAST(LENGTH(data) AS BIGINT) FROM blobs WHERE id = $1"
    )
    .bind(ID)
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!((size, held), (photo.len() as i64, 0));

    let worker = second.login(WORKER).await;
    let served = second.get_bytes(&path, Some(&worker)).await;
    assert_eq!(served, photo);
    let served = second
        .get_bytes(&format!("/api/blobs/{earlier}"), Some(&worker))
        .await;
    assert_eq!(served, earlier_photo);

    let without = TestApp {
        router: linli_server::app(linli_server::AppState::local(second.pool.clone())),
        pool: second.pool.clone(),
    };
    assert_eq!(
        without.get(&path, Some(&worker)).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );

    let later = linli_server::db::now_ms() + 8 * 24 * 60 * 60 * 1000;
    let swept = linli_server::maintenance::sweep(&second.pool, &store, later)
        .await
        .unwrap();
    assert_eq!(swept.blobs, 2);
    assert!(!dir.path().join(ID).exists());
    assert_eq!(stored(&second).await, 0);
}
