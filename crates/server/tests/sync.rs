mod common;

use axum::http::StatusCode;
use common::{Device, GRID, RESIDENT, TestApp, WORKER, count, notice};
use linli_core::notice::{ACKNOWLEDGE, NOTICES, PUBLISH, WITHDRAW};
use linli_server::db;
use serde_json::{Value, json};

fn find<'a>(changes: &'a [Value], collection: &str, id: &str) -> Option<&'a Value> {
    changes
        .iter()
        .rfind(|c| c["collection"] == collection && c["id"] == id)
}

#[tokio::test]
async fn the_same_batch_pushed_twice_applies_once() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff_device = Device::new();
    let publish = staff_device.mutation(PUBLISH, notice("n1", "明天停水", "urgent", None));
    assert_eq!(
        app.push(&worker, &staff_device, &[publish]).await.status,
        StatusCode::OK
    );

    let resident = app.login(RESIDENT).await;
    let resident_id = app.user_id(RESIDENT).await;
    let mut phone = Device::new();
    let mut ack = phone.mutation(
        ACKNOWLEDGE,
        json!({"notice_id": "n1", "user_id": resident_id}),
    );
    // Tapped after the notice came out (a time before it would count from its publication).
    let tapped = db::now_ms();
    ack["created_at"] = json!(tapped);
    let first = app
        .push(&resident, &phone, std::slice::from_ref(&ack))
        .await;
    let second = app.push(&resident, &phone, &[ack]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.body["results"], second.body["results"],
        "a retry gets the same answer"
    );
    assert_eq!(first.body["results"][0]["outcome"]["status"], "applied");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notice_acks").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sync_mutations").await, 2);

    // Acknowledging again from another device records nothing new.
    let mut tablet = Device::new();
    let again = tablet.mutation(
        ACKNOWLEDGE,
        json!({"notice_id": "n1", "user_id": resident_id}),
    );
    app.push(&resident, &tablet, &[again]).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notice_acks").await, 1);
    let acked_at: i64 = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT acknowledged_at FROM notice_acks"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(
        acked_at, tapped,
        "the time the person tapped, not when it arrived"
    );
}

#[tokio::test]
async fn a_rejected_mutation_does_not_block_the_rest() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff = Device::new();
    let ok = staff.mutation(PUBLISH, notice("n1", "通知一", "normal", None));
    app.push(&worker, &staff, &[ok]).await;

    let resident = app.login(RESIDENT).await;
    let resident_id = app.user_id(RESIDENT).await;
    let mut phone = Device::new();
    let batch = [
        phone.mutation(PUBLISH, notice("n2", "居民不能发通知", "normal", None)),
        phone.mutation(
            ACKNOWLEDGE,
            json!({"notice_id": "missing", "user_id": resident_id}),
        ),
        phone.mutation("no.such.thing", json!({})),
        phone.mutation(ACKNOWLEDGE, json!({"notice_id": "n1"})),
        phone.mutation(
            ACKNOWLEDGE,
            json!({"notice_id": "n1", "user_id": resident_id}),
        ),
    ];
    let reply = app.push(&resident, &phone, &batch).await;
    assert_eq!(reply.status, StatusCode::OK);
    let outcomes: Vec<(&str, &str)> = reply.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["outcome"]["status"].as_str().unwrap(),
                r["outcome"]["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("rejected", "forbidden"),
            ("rejected", "not_found"),
            ("rejected", "bad_request"),
            ("rejected", "bad_request"),
            ("applied", ""),
        ]
    );
    assert_eq!(
        reply.body["results"][0]["outcome"]["reason"],
        "只有社区工作人员可以发布通知"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM notices").await,
        1,
        "nothing of a rejected mutation stays"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notice_acks").await, 1);

    let (_, last) = app.pull_all(Some(&resident), &phone.client_id, None).await;
    assert_eq!(last["last_applied_seq"], 5);
}

#[tokio::test]
async fn invalid_notices_are_rejected_with_the_field_named() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let (_, other_building) = app.community("桂园社区", "7栋").await;
    let mut staff = Device::new();
    let batch = [
        staff.mutation(PUBLISH, notice("n1", "", "normal", None)),
        staff.mutation(
            PUBLISH,
            notice(
                "n2",
                "只给别的社区的楼",
                "normal",
                Some(vec![other_building]),
            ),
        ),
        staff.mutation(
            PUBLISH,
            notice("n3", "<script>alert(1)</script>", "normal", None),
        ),
    ];
    let reply = app.push(&worker, &staff, &batch).await;
    let results = reply.body["results"].as_array().unwrap();
    assert_eq!(results[0]["outcome"]["fields"][0]["field"], "title");
    assert_eq!(results[0]["outcome"]["reason"], "请填写标题");
    assert_eq!(results[1]["outcome"]["fields"][0]["field"], "audience");
    // Markup is just text: stored as typed, never interpreted (the app renders it as text).
    assert_eq!(results[2]["outcome"]["status"], "applied");
    let title: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT title FROM notices WHERE id = 'n3'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(title, "<script>alert(1)</script>");
}

#[tokio::test]
async fn a_welfare_check_is_kept_for_urgent_notices_and_reaches_the_grid_worker() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff = Device::new();
    let with_wait = |id: &str, importance: &str, hours: u32| {
        let mut args = notice(id, "寒潮预警", importance, None);
        args["call_after_hours"] = json!(hours);
        args
    };
    let batch = [
        staff.mutation(PUBLISH, with_wait("cold", "urgent", 4)),
        staff.mutation(PUBLISH, with_wait("plain", "important", 4)),
        staff.mutation(PUBLISH, with_wait("long", "urgent", 100)),
    ];
    let reply = app.push(&worker, &staff, &batch).await;
    let results = reply.body["results"].as_array().unwrap();
    assert_eq!(results[0]["outcome"]["status"], "applied");
    assert_eq!(results[1]["outcome"]["status"], "applied");
    assert_eq!(
        results[2]["outcome"]["fields"][0]["field"],
        "call_after_hours"
    );
    assert_eq!(
        results[2]["outcome"]["reason"],
        "未确认的重点户最多等 72 小时就要打电话"
    );

    let grid = app.login(GRID).await;
    let (changes, _) = app
        .pull_all(Some(&grid), &Device::new().client_id, None)
        .await;
    let wait = |id| find(&changes, NOTICES, id).unwrap()["data"]["call_after_hours"].clone();
    assert_eq!(wait("cold"), 4);
    assert_eq!(
        wait("plain"),
        Value::Null,
        "only urgent notices ask for one"
    );

    // Edited without it, the notice no longer asks.
    let edit = staff.mutation(PUBLISH, notice("cold", "寒潮预警", "urgent", None));
    app.push(&worker, &staff, &[edit]).await;
    let (changes, _) = app
        .pull_all(Some(&grid), &Device::new().client_id, None)
        .await;
    assert_eq!(
        find(&changes, NOTICES, "cold").unwrap()["data"]["call_after_hours"],
        Value::Null
    );
}

#[tokio::test]
async fn withdrawal_reaches_devices_as_a_deletion() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff = Device::new();
    let publish = staff.mutation(PUBLISH, notice("n1", "明天停水", "urgent", None));
    app.push(&worker, &staff, &[publish]).await;

    let resident = app.login(RESIDENT).await;
    let phone = Device::new();
    let (changes, first) = app.pull_all(Some(&resident), &phone.client_id, None).await;
    assert_eq!(
        find(&changes, "notices", "n1").unwrap()["data"]["title"],
        "明天停水"
    );
    assert_eq!(
        find(&changes, "notices", "n1").unwrap()["data"]["author_name"],
        "钱晓燕"
    );

    let edit = staff.mutation(
        PUBLISH,
        notice("n1", "明天停水（时间有变）", "urgent", None),
    );
    let withdraw = staff.mutation(WITHDRAW, json!({"notice_id": "n1"}));
    let reply = app.push(&worker, &staff, &[edit, withdraw]).await;
    assert!(
        reply.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"]["status"] == "applied")
    );

    let since = first["cursor"].as_u64().unwrap();
    let path = format!(
        "/api/sync/pull?protocol=1&since={since}&client_id={}",
        phone.client_id
    );
    let reply = app.get(&path, Some(&resident)).await;
    let changes = reply.body["changes"].as_array().unwrap();
    assert_eq!(
        changes.len(),
        1,
        "only the latest state of the row: {changes:?}"
    );
    assert_eq!(changes[0]["id"], "n1");
    assert_eq!(changes[0]["data"], Value::Null);

    // Withdrawn stays withdrawn: it cannot be edited or acknowledged any more.
    let late_edit = staff.mutation(PUBLISH, notice("n1", "再改一次", "urgent", None));
    let reply = app.push(&worker, &staff, &[late_edit]).await;
    assert_eq!(reply.body["results"][0]["outcome"]["code"], "not_found");
}

#[tokio::test]
async fn a_device_sees_only_what_its_account_may() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let (jinshi, building3) = app.community("金石社区", "3栋").await;
    let (_, building5) = app.community("金石社区", "5栋").await;
    let mut staff = Device::new();
    let batch = [
        staff.mutation(PUBLISH, notice("all", "全社区", "urgent", None)),
        staff.mutation(
            PUBLISH,
            notice("b3", "只给3栋", "normal", Some(vec![building3])),
        ),
        staff.mutation(
            PUBLISH,
            notice("b5", "只给5栋", "normal", Some(vec![building5])),
        ),
    ];
    app.push(&worker, &staff, &batch).await;

    // 王秀兰 lives in 3栋; 李志强 in 12栋.
    let wang = app.login(RESIDENT).await;
    let li = app.login("13800000005").await;
    let wang_id = app.user_id(RESIDENT).await;
    let li_id = app.user_id("13800000005").await;
    let (mut wang_phone, mut li_phone) = (Device::new(), Device::new());
    let ack = wang_phone.mutation(ACKNOWLEDGE, json!({"notice_id": "all", "user_id": wang_id}));
    app.push(&wang, &wang_phone, &[ack]).await;
    let ack = li_phone.mutation(ACKNOWLEDGE, json!({"notice_id": "all", "user_id": li_id}));
    app.push(&li, &li_phone, &[ack]).await;

    let visible = |changes: &[Value], collection: &str| -> Vec<String> {
        let mut ids: Vec<String> = changes
            .iter()
            .filter(|c| c["collection"] == collection && !c["data"].is_null())
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };

    let (changes, _) = app.pull_all(Some(&wang), &wang_phone.client_id, None).await;
    assert_eq!(visible(&changes, "notices"), ["all", "b3"]);
    assert_eq!(
        visible(&changes, "notice_acks"),
        [format!("all:{wang_id}")],
        "not 李志强's"
    );

    let (changes, _) = app.pull_all(Some(&li), &li_phone.client_id, None).await;
    assert_eq!(visible(&changes, "notices"), ["all"]);

    // Staff see every notice; a grid worker the acknowledgements of their grid (1栋–10栋:
    // 王秀兰's, not 李志强's of 12栋), a community worker those of the whole community.
    let grid = app.login(GRID).await;
    let (changes, _) = app
        .pull_all(Some(&grid), &Device::new().client_id, None)
        .await;
    assert_eq!(visible(&changes, "notices"), ["all", "b3", "b5"]);
    assert_eq!(visible(&changes, "notice_acks"), [format!("all:{wang_id}")]);
    let (changes, _) = app
        .pull_all(Some(&worker), &Device::new().client_id, None)
        .await;
    assert_eq!(visible(&changes, "notice_acks").len(), 2);

    // A visitor without an account reads the community's public notices only.
    let (changes, _) = app
        .pull_all(None, &Device::new().client_id, Some(&jinshi))
        .await;
    assert_eq!(visible(&changes, "notices"), ["all"]);
    assert!(visible(&changes, "notice_acks").is_empty());

    // Another community sees none of it.
    let zhou = app.login("13800000006").await;
    let (changes, _) = app
        .pull_all(Some(&zhou), &Device::new().client_id, None)
        .await;
    assert!(visible(&changes, "notices").is_empty());
}

#[tokio::test]
async fn pull_pages_through_everything_once() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff = Device::new();
    for batch in 0..25 {
        let mutations: Vec<Value> = (0..100)
            .map(|i| {
                staff.mutation(
                    PUBLISH,
                    notice(&format!("n{batch}-{i}"), "通知", "normal", None),
                )
            })
            .collect();
        let reply = app.push(&worker, &staff, &mutations).await;
        assert_eq!(reply.body["results"].as_array().unwrap().len(), 100);
    }
    let resident = app.login(RESIDENT).await;
    let (changes, last) = app
        .pull_all(Some(&resident), &Device::new().client_id, None)
        .await;
    let mut ids: Vec<&str> = changes
        .iter()
        .filter(|c| c["collection"] == NOTICES)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2500);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2500, "no change twice");
    assert!(!last["has_more"].as_bool().unwrap());

    // Nothing new: an empty page that keeps the cursor.
    let cursor = last["cursor"].as_u64().unwrap();
    let path = format!("/api/sync/pull?protocol=1&since={cursor}&client_id=x");
    let reply = app.get(&path, Some(&resident)).await;
    assert_eq!(reply.body["changes"].as_array().unwrap().len(), 0);
    assert_eq!(reply.body["cursor"].as_u64().unwrap(), cursor);
}

#[tokio::test]
async fn protocol_mismatch_asks_for_a_refresh() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let resident = app.login(RESIDENT).await;
    let reply = app
        .post(
            "/api/sync/push",
            Some(&resident),
            json!({"protocol": 999, "client_id": "d", "mutations": []}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.body["code"], "protocol_mismatch");
    assert!(reply.body["message"].as_str().unwrap().contains("刷新"));
    let reply = app
        .get(
            "/api/sync/pull?protocol=0&since=0&client_id=d",
            Some(&resident),
        )
        .await;
    assert_eq!(reply.body["code"], "protocol_mismatch");
}

#[tokio::test]
async fn pushing_needs_an_account_and_pulling_a_community() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let device = Device::new();
    let reply = app
        .post("/api/sync/push", None, device.push_body(&[]))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .get("/api/sync/pull?protocol=1&since=0&client_id=d", None)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["fields"][0]["field"], "community_id");
    let reply = app.get("/api/sync/pull?protocol=1&since=abc", None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn only_staff_devices_get_their_communitys_residents() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let residents = |changes: &[Value]| -> Vec<String> {
        let mut names: Vec<String> = changes
            .iter()
            .filter(|c| c["collection"] == "residents" && !c["data"].is_null())
            .map(|c| c["data"]["display_name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let grid = app.login(GRID).await;
    let (changes, last) = app
        .pull_all(Some(&grid), &Device::new().client_id, None)
        .await;
    // A grid worker keeps the people of their grid (1栋–10栋: 3栋's 王秀兰, its 楼栋长 and
    // 马大爷, who waits to be verified) and their colleagues, not 李志强 of 12栋.
    assert_eq!(
        residents(&changes),
        [
            "孙建国",
            "物业张师傅",
            "王秀兰",
            "赵主任",
            "钱晓燕",
            "陈玉梅",
            "马大爷",
            "黄丽"
        ]
    );
    let wang = changes
        .iter()
        .find(|c| c["data"]["display_name"] == "王秀兰")
        .unwrap();
    assert_eq!(wang["data"]["building_name"], "3栋");
    assert_eq!(wang["data"]["phone"], RESIDENT);

    // Someone registering later in the grid reaches its worker's devices with the next pull.
    let (community, b1) = app.community("金石社区", "1栋").await;
    let reply = app
        .post(
            "/api/accounts/register",
            None,
            json!({"phone": "13912340000", "display_name": "新邻居", "password": "new-neighbour", "community_id": community, "address": {"building_id": b1}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let since = last["cursor"].as_u64().unwrap();
    let reply = app
        .get(
            &format!("/api/sync/pull?protocol=1&since={since}&client_id=x"),
            Some(&grid),
        )
        .await;
    assert_eq!(
        residents(reply.body["changes"].as_array().unwrap()),
        ["新邻居"]
    );

    let resident = app.login(RESIDENT).await;
    let (changes, _) = app
        .pull_all(Some(&resident), &Device::new().client_id, None)
        .await;
    assert!(
        residents(&changes).is_empty(),
        "residents never get each other's details"
    );
}

/// A transaction the database ended by itself (SQLite rolls back on some errors), then
/// dropped: its rollback is refused, and the pool must not hand its connection out as
/// if it were free — every later write transaction still starts.
#[tokio::test]
async fn a_transaction_ended_under_the_pool_does_not_break_later_writes() {
    let pool = common::pool().await;
    let mut tx = db::begin_write(&pool).await.unwrap();
    db::exec!(&mut *tx, |ex| sqlx::query("ROLLBACK").execute(ex).await).unwrap();
    drop(tx);
    for _ in 0..20 {
        let mut tx = db::begin_write(&pool).await.expect("a write transaction");
        db::exec!(&mut *tx, |ex| sqlx::query("SELECT 1").execute(ex).await).unwrap();
        tx.commit().await.unwrap();
    }
}
