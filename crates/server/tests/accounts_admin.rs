//! Accounts as a community runs them: residents verified at the door through sync, and
//! what they see before; disabled accounts; desk reset codes; password changes; sessions.

mod common;

use axum::http::StatusCode;
use common::{
    ADMIN, Device, Person, RESIDENT, TestApp, WORKER, assert_applied, count, notice, rows,
};
use linli_core::account::VERIFY;
use linli_core::notice::PUBLISH;
use linli_core::report::SUBMIT;
use serde_json::json;

const HEAD: &str = "13800000008";

#[tokio::test]
async fn a_waiting_resident_sees_what_a_visitor_sees_until_verified_at_the_door() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    assert_applied(
        &staff
            .act(&app, PUBLISH, notice("all", "全社区停水", "normal", None))
            .await,
    );
    assert_applied(
        &staff
            .act(
                &app,
                PUBLISH,
                notice("b3", "3栋停电", "urgent", Some(vec![b3.clone()])),
            )
            .await,
    );
    let case = json!({"id": "wang-case", "category_id": "repair", "description": "楼道灯坏了", "building_id": b3});
    assert_applied(&wang.act(&app, SUBMIT, case).await);

    let mut newcomer =
        Person::register(&app, "13912345678", "陈奶奶", json!({"building_id": b3})).await;
    let me = app.get("/api/me", Some(&newcomer.token)).await;
    assert_eq!(me.body["verified"], false);
    let note = me.body["waiting_note"].as_str().unwrap();
    assert!(
        note.contains("陈玉梅") && note.contains("社区服务站"),
        "{note}"
    );
    let mine = json!({"id": "chen-case", "category_id": "repair", "description": "水管漏", "building_id": b3});
    assert_applied(&newcomer.act(&app, SUBMIT, mine).await);
    let (changes, first) = newcomer.pull(&app).await;
    let notices: Vec<String> = rows(&changes, "notices").into_keys().collect();
    assert_eq!(
        notices,
        ["all"],
        "no building-level notice before verification"
    );
    let cases: Vec<String> = rows(&changes, "reports").into_keys().collect();
    assert_eq!(cases, ["chen-case"], "their own case, no 说事墙");
    assert!(rows(&changes, "contacts").contains_key("community"));

    // The 楼栋长 sees her waiting, confirms her at the door — offline, sent later.
    let mut head = Person::login(&app, HEAD).await;
    let (changes, _) = head.pull(&app).await;
    assert_eq!(rows(&changes, "residents")[&newcomer.id]["verified"], false);
    let verify = head
        .device
        .mutation(VERIFY, json!({"user_id": newcomer.id}));
    assert_applied(&head.send(&app, verify.clone()).await);
    assert_applied(&head.send(&app, verify).await);
    let by: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT verified_by FROM users WHERE phone = '13912345678'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(by, head.id);

    // Her device learns that what it holds was for a waiting account, and pulls afresh.
    let since = first["cursor"].as_u64().unwrap();
    let path = format!(
        "/api/sync/pull?protocol=1&since={since}&client_id={}",
        newcomer.device.client_id
    );
    let next = app.get(&path, Some(&newcomer.token)).await;
    assert_ne!(next.body["scope"], first["scope"], "a new scope");
    let (changes, _) = newcomer.pull(&app).await;
    let notices: Vec<String> = rows(&changes, "notices").into_keys().collect();
    assert_eq!(notices, ["all", "b3"]);
    assert!(
        rows(&changes, "reports").contains_key("wang-case"),
        "the 说事墙 now"
    );
    let audit = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account.verify'",
    )
    .await;
    assert_eq!(audit, 1, "verified once, recorded once");

    // A 楼栋长 verifies only in their building.
    let (_, b12) = app.community("金石社区", "12栋").await;
    let other = Person::register(&app, "13912345679", "何大爷", json!({"building_id": b12})).await;
    let outcome = head.act(&app, VERIFY, json!({"user_id": other.id})).await;
    assert_eq!(common::refused(&outcome), "只能办理您所在楼栋的事");
}

#[tokio::test]
async fn a_disabled_account_is_told_why_on_every_device() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let phone = Person::login(&app, RESIDENT).await;
    let tablet = app.login(RESIDENT).await;
    let wang = app.user_id(RESIDENT).await;

    let reply = app
        .send(
            axum::http::Method::PUT,
            &format!("/api/admin/people/{wang}/disabled"),
            Some(&admin),
            axum::body::Body::from(json!({"disabled": true}).to_string()),
            true,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["disabled"], true);
    let live = "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND user_id = ";
    assert_eq!(
        count(&app, &format!("{live}'{wang}'")).await,
        0,
        "sessions end at once"
    );
    for token in [&phone.token, &tablet] {
        let me = app.get("/api/me", Some(token)).await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
        assert_eq!(me.body["message"], "账号已停用，请联系社区");
    }
    // What the phone did offline is answered, not dropped: the app keeps it and says why.
    let mut device = Device::new();
    let ack = device.mutation(
        "notice.acknowledge",
        json!({"notice_id": "x", "user_id": wang}),
    );
    let push = app.push(&phone.token, &device, &[ack]).await;
    assert_eq!(push.status, StatusCode::UNAUTHORIZED);
    assert_eq!(push.body["message"], "账号已停用，请联系社区");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sync_mutations").await, 0);
    let login = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": linli_server::seed::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login.body["message"], "账号已停用，请联系社区");
    let audit: (String, String) = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'account.disable'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(
        audit,
        (
            r#"{"disabled":false}"#.to_owned(),
            r#"{"disabled":true}"#.to_owned()
        )
    );
}

#[tokio::test]
async fn a_desk_reset_code_works_once_within_a_day() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let old_session = app.login(RESIDENT).await;
    let wang = app.user_id(RESIDENT).await;
    let issued = app
        .post(
            &format!("/api/admin/people/{wang}/reset-code"),
            Some(&worker),
            json!({}),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{:?}", issued.body);
    let code = issued.body["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    let stored: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT code_hash FROM reset_codes"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_ne!(stored, code, "only a hash is kept");

    let reset = |code: &str| json!({"phone": RESIDENT, "code": code, "password": "new-linli-77"});
    let wrong = app
        .post("/api/accounts/reset", None, reset("00000000"))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["fields"][0]["field"], "code");
    let done = app.post("/api/accounts/reset", None, reset(&code)).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert!(done.body["token"].is_string());
    assert_eq!(
        app.get("/api/me", Some(&old_session)).await.status,
        StatusCode::UNAUTHORIZED,
        "every session before ends"
    );
    let again = app.post("/api/accounts/reset", None, reset(&code)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "once");
    let login = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": "new-linli-77"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);

    // A code expires.
    let issued = app
        .post(
            &format!("/api/admin/people/{wang}/reset-code"),
            Some(&worker),
            json!({}),
        )
        .await;
    let code = issued.body["code"].as_str().unwrap().to_owned();
    linli_server::db::exec!(&app.pool, |ex| sqlx::query(
        "UPDATE reset_codes SET expires_at = 0"
    )
    .execute(ex)
    .await)
    .unwrap();
    let late = app.post("/api/accounts/reset", None, reset(&code)).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Guessing is limited as log-ins are.
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = app
            .post("/api/accounts/reset", None, reset("11112222"))
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // A 社区工作者 hands out no code for staff accounts.
    let admin_id = app.user_id(ADMIN).await;
    let refused = app
        .post(
            &format!("/api/admin/people/{admin_id}/reset-code"),
            Some(&worker),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn changing_a_password_ends_the_other_sessions() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let phone = app.login(RESIDENT).await;
    let tablet = app.login(RESIDENT).await;
    let sessions = app.get("/api/me/sessions", Some(&phone)).await;
    assert_eq!(sessions.body.as_array().unwrap().len(), 2);
    assert!(
        sessions
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["current"] == true)
    );
    let change = |old: &str, new: &str| json!({"old_password": old, "new_password": new});
    let bad = app
        .post(
            "/api/me/password",
            Some(&phone),
            change("wrong-password", "another-pass-1"),
        )
        .await;
    assert_eq!(bad.body["fields"][0]["field"], "old_password");
    let weak = app
        .post(
            "/api/me/password",
            Some(&phone),
            change(linli_server::seed::DEMO_PASSWORD, RESIDENT),
        )
        .await;
    assert_eq!(
        weak.body["fields"][0]["message"],
        "密码不能用手机号，请换一个"
    );
    let ok = app
        .post(
            "/api/me/password",
            Some(&phone),
            change(linli_server::seed::DEMO_PASSWORD, "another-pass-1"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{:?}", ok.body);
    assert_eq!(
        app.get("/api/me", Some(&tablet)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/me", Some(&phone)).await.status,
        StatusCode::OK
    );

    let third = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": "another-pass-1"}),
        )
        .await;
    let third = third.body["token"].as_str().unwrap().to_owned();
    let reply = app.delete("/api/me/sessions/others", Some(&phone)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/me", Some(&third)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn create_admin_makes_a_street_admin_without_a_community() {
    let pool = common::pool().await;
    use linli_core::account::Role;
    use linli_server::config::CreateAdminArgs;
    let app = TestApp::with_demo(pool).await;
    let args = |phone: &str, community: Option<&str>| CreateAdminArgs {
        phone: phone.to_owned(),
        name: "新管理员".to_owned(),
        password: "admin-pass-2026".to_owned(),
        community: community.map(str::to_owned),
        street_office: "金桥街道".to_owned(),
    };
    let street = linli_server::accounts::create_admin(&app.pool, &args("13700002222", None))
        .await
        .unwrap();
    assert_eq!(street, Role::StreetAdmin);
    let community =
        linli_server::accounts::create_admin(&app.pool, &args("13700003333", Some("金桥社区")))
            .await
            .unwrap();
    assert_eq!(community, Role::Admin);
    let rows: Vec<(String, Option<String>, String)> = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT role, community_id, street_office FROM users WHERE phone IN ('13700002222', '13700003333') ORDER BY phone",
    )
    .fetch_all(ex).await)
    .unwrap();
    assert_eq!(rows[0].0, "street_admin");
    assert_eq!(rows[0].1, None);
    assert_eq!(rows[1].0, "admin");
    assert!(rows[1].1.is_some());
    assert!(rows.iter().all(|r| r.2 == "金桥街道"));
    let login = app
        .post(
            "/api/sessions",
            None,
            json!({"phone": "13700002222", "password": "admin-pass-2026"}),
        )
        .await;
    assert_eq!(login.body["user"]["street_office"], "金桥街道");
}
