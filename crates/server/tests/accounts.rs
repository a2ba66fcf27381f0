mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{ADMIN, GRID, RESIDENT, TestApp, WORKER};
use serde_json::{Value, json};

async fn register(app: &TestApp, phone: &str, extra: Value) -> common::Reply {
    let (community, _) = app.community("金石社区", "1栋").await;
    let mut body = json!({
        "phone": phone,
        "display_name": "陈奶奶",
        "password": "hello-linli",
        "community_id": community,
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.post("/api/accounts/register", None, body).await
}

#[tokio::test]
async fn register_then_login_then_logout() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "5栋").await;

    let reply = register(
        &app,
        "139 1234 5678",
        json!({"address": {"building_id": building, "unit": "1单元", "room": "402"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["user"]["phone"], "13912345678");
    assert_eq!(reply.body["user"]["role"], "resident");
    assert_eq!(reply.body["user"]["building_name"], "5栋");
    assert_eq!(reply.body["user"]["community_name"], "金石社区");

    let login = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": "13912345678", "password": "hello-linli"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let token = login.body["token"].as_str().unwrap();
    let ninety_days = 90 * 24 * 3600 * 1000_i64;
    let expires = login.body["expires_at"].as_i64().unwrap();
    assert!((expires - linli_server::db::now_ms() - ninety_days).abs() < 60_000);

    let me = app.get("/api/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["display_name"], "陈奶奶");

    assert_eq!(
        app.delete("/api/sessions/current", Some(token))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let after = app.get("/api/me", Some(token)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body["code"], "unauthorized");
}

#[tokio::test]
async fn only_a_hash_of_the_token_is_stored() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let token = app.login(RESIDENT).await;
    let stored: Vec<String> = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT token_hash FROM sessions"
    )
    .fetch_all(ex)
    .await)
    .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], linli_server::auth::token_hash(&token));
    let hash: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT password_hash FROM users WHERE phone = $1"
    )
    .bind(RESIDENT)
    .fetch_one(ex)
    .await)
    .unwrap();
    assert!(hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn duplicate_phone_is_a_clear_conflict() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let reply = register(&app, RESIDENT, json!({})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.body["code"], "conflict");
    assert_eq!(reply.body["fields"][0]["field"], "phone");
    assert!(reply.body["message"].as_str().unwrap().contains("已经注册"));
    let count: i64 = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE phone = $1"
    )
    .bind(RESIDENT)
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn invalid_fields_are_all_named() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let reply = app
        .post(
            "/api/accounts/register",
            None,
            json!({"phone": "2345", "display_name": " ", "password": "short", "community_id": ""}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["code"], "validation");
    let fields: Vec<&str> = reply.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["phone", "display_name", "password", "community_id"]
    );
    assert_eq!(
        reply.body["fields"][0]["message"],
        "手机号应为 11 位数字，以 1 开头"
    );
}

#[tokio::test]
async fn building_must_belong_to_the_community() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, other_building) = app.community("桂园社区", "7栋").await;
    let reply = register(
        &app,
        "13911112222",
        json!({"address": {"building_id": other_building}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["fields"][0]["field"], "building_id");

    let reply = register(
        &app,
        "13911112222",
        json!({"community_id": "no-such-community"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["fields"][0]["field"], "community_id");
}

#[tokio::test]
async fn wrong_password_and_unknown_phone_look_the_same() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let wrong = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": "not-the-password"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": "13999999999", "password": "not-the-password"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.body.get("fields").is_none());
}

#[tokio::test]
async fn repeated_failures_lock_the_phone_then_a_success_clears_them() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let attempt = |password: &'static str| {
        app.post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": password}),
        )
    };
    for _ in 0..4 {
        assert_eq!(
            attempt("wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The fifth failure locks the phone: even the right password waits.
    assert_eq!(
        attempt("wrong-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    let locked = attempt(linli_server::seed::DEMO_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.body["code"], "too_many_requests");
    assert!(
        locked.body["message"]
            .as_str()
            .unwrap()
            .contains("分钟后再试")
    );
    // Another phone is not affected.
    app.login(WORKER).await;

    // Once the lock has passed, the right password works and the count starts afresh.
    linli_server::db::exec!(&app.pool, |ex| sqlx::query(
        "UPDATE login_failures SET locked_until = 0"
    )
    .execute(ex)
    .await)
    .unwrap();
    app.login(RESIDENT).await;
    let left: i64 = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_json_body() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let reply = app
        .send(
            Method::POST,
            "/api/sessions",
            None,
            Body::from("{\"phone\": "),
            true,
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "bad_request");

    let missing_field = app
        .post("/api/sessions", None, json!({"phone": RESIDENT}))
        .await;
    assert_eq!(missing_field.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing_field.body["code"], "bad_request");

    let not_json = app
        .send(
            Method::POST,
            "/api/sessions",
            None,
            Body::from("phone=1"),
            false,
        )
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(not_json.body["code"], "bad_request");
}

#[tokio::test]
async fn staff_create_residents_but_only_admins_appoint_staff() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let new_account = |phone: &str, role: &str| json!({"phone": phone, "display_name": "刘大爷", "password": "initial-pass", "role": role});

    let resident = app.login(RESIDENT).await;
    let reply = app
        .post(
            "/api/accounts",
            Some(&resident),
            new_account("13700000001", "resident"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.body["code"], "forbidden");

    // A grid worker registers residents of the buildings of their grid (1栋–10栋).
    let grid = app.login(GRID).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let (_, b12) = app.community("金石社区", "12栋").await;
    let living_in = |phone: &str, building: &str| {
        let mut body = new_account(phone, "resident");
        body["address"] = json!({"building_id": building});
        body
    };
    let reply = app
        .post("/api/accounts", Some(&grid), living_in("13700000001", &b12))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.body["message"], "这不在您负责的网格内");
    let reply = app
        .post("/api/accounts", Some(&grid), living_in("13700000001", &b3))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["community_name"], "金石社区");
    let created_by: Option<String> = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT created_by FROM users WHERE phone = '13700000001'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert!(created_by.is_some(), "代办 is recorded");

    let worker = app.login(WORKER).await;
    let reply = app
        .post(
            "/api/accounts",
            Some(&worker),
            new_account("13700000002", "grid_worker"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    let admin = app.login(ADMIN).await;
    let reply = app
        .post(
            "/api/accounts",
            Some(&admin),
            new_account("13700000002", "grid_worker"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["role"], "grid_worker");

    let anonymous = app
        .post(
            "/api/accounts",
            None,
            new_account("13700000003", "resident"),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn public_reads_need_no_account() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let reply = app.get("/api/communities", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let communities = reply.body.as_array().unwrap();
    let jinshi = communities
        .iter()
        .find(|c| c["name"] == "金石社区")
        .unwrap();
    let buildings = jinshi["buildings"].as_array().unwrap();
    assert_eq!(buildings.len(), 54);
    assert_eq!(buildings[1]["name"], "2栋", "buildings sort by number");

    let health = app.get("/api/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["database"], "ok");
    assert_eq!(health.body["version"], env!("CARGO_PKG_VERSION"));

    let unknown = app.get("/api/nothing-here", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["code"], "not_found");
}

#[tokio::test]
async fn demo_seeding_is_idempotent() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    linli_server::seed::demo_accounts(&app.pool).await.unwrap();
    let (users, buildings): (i64, i64) = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM buildings)"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    // The street admin, 12 accounts of 金石社区 and 1 of 桂园社区 (seed/accounts.json).
    assert_eq!(users, 14);
    assert_eq!(buildings, 54 + 36);
}
