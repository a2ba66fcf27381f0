//! 居民说事 through the real router and a real database: a case from filing to
//! rating, reopening, who may do what, duplicates and supporters, photos,
//! what each viewer sees, category promises, the QR poster and the demo cases.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{
    ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, field, jpeg, refused,
    rows,
};
use http_body_util::BodyExt;
use linli_core::report::{
    ACT, CATEGORIES, RATE, REOPEN, REPORTS, SAVE_CATEGORY, SUBMIT, SUPPORT, default_categories,
};
use linli_server::state::Settings;
use linli_server::{AppState, db, seed};
use serde_json::{Value, json};
use tower::ServiceExt;

const HOUR: i64 = 60 * 60_000;
const DAY: i64 = 24 * HOUR;
const LI: &str = "13800000005";

/// A case about the stairwell light of `building`.
fn light(id: &str, building: &str) -> Value {
    json!({
        "id": id,
        "category_id": "repair",
        "description": "3栋2单元楼道灯不亮，晚上上下楼看不见",
        "building_id": building,
        "unit": "2单元",
        "room": "301",
        "contact_phone": "13800000004",
    })
}

fn act(report_id: &str, action: Value, note: &str) -> Value {
    json!({"report_id": report_id, "action": action, "note": note})
}

fn step(kind: &str) -> Value {
    json!({"kind": kind})
}

/// The case as the person's device now has it.
async fn seen_by(app: &TestApp, person: &Person, id: &str) -> Value {
    let (changes, _) = person.pull(app).await;
    rows(&changes, REPORTS)
        .remove(id)
        .unwrap_or_else(|| panic!("case {id} not pulled"))
}

/// The person's inbox messages about cases, oldest first.
async fn case_news(app: &TestApp, person: &Person) -> Vec<Value> {
    let (changes, _) = person.pull(app).await;
    let mut news: Vec<Value> = rows(&changes, "inbox")
        .into_values()
        .filter(|m| m["kind"] == "case_updated")
        .collect();
    news.sort_by_key(|m| m["created_at"].as_i64());
    news
}

fn kinds(report: &Value) -> Vec<&str> {
    report["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

fn code(outcome: &Value) -> &str {
    assert_eq!(outcome["status"], "rejected", "{outcome:?}");
    outcome["code"].as_str().unwrap()
}

#[tokio::test]
async fn a_case_goes_from_filing_to_rating() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut staff = Person::login(&app, WORKER).await;

    let before = db::now_ms();
    assert_applied(&wang.act(&app, SUBMIT, light("r1", &building)).await);
    let filed = seen_by(&app, &wang, "r1").await;
    assert_eq!(filed["state"], "submitted");
    assert_eq!(filed["reporter_name"], "王秀兰");
    assert_eq!(filed["building_name"], "3栋");
    assert_eq!(filed["category_name"], "设施维修");
    assert_eq!(filed["channel"], "app");
    assert_eq!(filed["mine"], true);
    assert_eq!(filed["handles"], false);
    let created_at = filed["created_at"].as_i64().unwrap();
    assert!(created_at >= before && created_at <= db::now_ms());
    assert_eq!(filed["respond_by"], created_at + 24 * HOUR);
    assert_eq!(filed["resolve_by"], created_at + 72 * HOUR);
    assert_eq!(filed["timeline"][0]["note"], "居民通过手机提交");

    for (kind, note) in [
        ("accept", "收到，今天下午去看"),
        ("start", "声控开关坏了，物业明天来换"),
        ("resolve", "开关已经换好，每层都能亮"),
    ] {
        assert_applied(&staff.act(&app, ACT, act("r1", step(kind), note)).await);
    }
    let rating = json!({"report_id": "r1", "stars": 5, "comment": "修得很快，谢谢"});
    assert_applied(&wang.act(&app, RATE, rating.clone()).await);
    assert_eq!(
        refused(&wang.act(&app, RATE, rating).await),
        "您已经评价过了"
    );

    let done = seen_by(&app, &wang, "r1").await;
    assert_eq!(done["state"], "resolved");
    assert_eq!(
        done["rating"],
        json!({"stars": 5, "comment": "修得很快，谢谢"})
    );
    assert!(done["accepted_at"].as_i64().unwrap() >= created_at);
    assert!(done["resolved_at"].as_i64().is_some());
    assert_eq!(done["closed_at"], done["resolved_at"]);
    assert_eq!(
        kinds(&done),
        ["submitted", "accepted", "started", "resolved", "rated"]
    );
    let timeline = done["timeline"].as_array().unwrap();
    assert_eq!(timeline[1]["note"], "收到，今天下午去看");
    assert_eq!(timeline[1]["by_name"], "钱晓燕");
    assert_eq!(timeline[3]["note"], "开关已经换好，每层都能亮");
    assert_eq!(timeline[4]["by_name"], "王秀兰");
    assert_eq!(timeline[4]["note"], "5 颗星：修得很快，谢谢");

    // The reporter was told of every step, in plain words, about this case.
    let news = case_news(&app, &wang).await;
    assert_eq!(news.len(), 3);
    assert!(news.iter().all(|m| m["report_id"] == "r1"));
    assert_eq!(
        news[0]["text"],
        "您反映的「设施维修 · 3栋2单元楼道灯不亮，晚上上下楼…」已受理：收到，今天下午去看"
    );
    assert!(
        news[2]["text"]
            .as_str()
            .unwrap()
            .contains("已办结：开关已经换好")
    );
    // Staff are not told of what they did themselves.
    assert!(case_news(&app, &staff).await.is_empty());
    let handled = seen_by(&app, &staff, "r1").await;
    assert_eq!(handled["handles"], true);
    assert_eq!(handled["mine"], false);
}

#[tokio::test]
async fn the_reporter_may_reopen_for_seven_days() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut staff = Person::login(&app, WORKER).await;
    let grid = Person::login(&app, GRID).await;
    assert_applied(&wang.act(&app, SUBMIT, light("r1", &building)).await);
    let to_grid = json!({"kind": "assign", "to": {"to": "grid_worker", "user_id": grid.id, "name": "随便写的名字"}});
    assert_applied(
        &staff
            .act(&app, ACT, act("r1", to_grid, "请孙师傅跟进"))
            .await,
    );
    assert_applied(
        &staff
            .act(&app, ACT, act("r1", step("resolve"), "修好了"))
            .await,
    );

    // Rated in a hurry, then the light goes out again.
    let rating = json!({"report_id": "r1", "stars": 4, "comment": "挺快的"});
    assert_applied(&wang.act(&app, RATE, rating).await);
    let reopen = json!({"report_id": "r1", "reason": "三楼还是不亮"});
    assert_eq!(
        code(&li.act(&app, REOPEN, reopen.clone()).await),
        "forbidden"
    );
    assert_eq!(
        code(&staff.act(&app, REOPEN, reopen.clone()).await),
        "forbidden"
    );
    let at = db::now_ms();
    assert_applied(&wang.act(&app, REOPEN, reopen.clone()).await);
    let reopened = seen_by(&app, &wang, "r1").await;
    assert_eq!(reopened["state"], "in_progress");
    assert_eq!(reopened["closed_at"], Value::Null);
    let resolve_by = reopened["resolve_by"].as_i64().unwrap();
    assert!(resolve_by >= at + 72 * HOUR && resolve_by <= db::now_ms() + 72 * HOUR);
    assert_eq!(kinds(&reopened).last(), Some(&"reopened"));
    assert_eq!(
        reopened["rating"],
        Value::Null,
        "the rating was of the result now disputed; it stays on the timeline"
    );
    assert!(kinds(&reopened).contains(&"rated"));
    assert_eq!(
        reopened["assignee"]["name"], "孙建国",
        "the name is the database's"
    );
    let told = case_news(&app, &grid).await;
    assert!(
        told.iter().any(|m| m["text"]
            .as_str()
            .unwrap()
            .contains("还没解决：三楼还是不亮")),
        "{told:?}"
    );

    // Resolved again, and more than seven days pass.
    assert_applied(
        &staff
            .act(&app, ACT, act("r1", step("resolve"), "换了整条线路"))
            .await,
    );
    // The new result gets its own rating.
    let again = json!({"report_id": "r1", "stars": 5, "comment": "这回真修好了"});
    assert_applied(&wang.act(&app, RATE, again).await);
    assert_eq!(seen_by(&app, &wang, "r1").await["rating"]["stars"], 5);
    linli_server::db::exec!(&app.pool, |ex| sqlx::query(
        "UPDATE reports SET resolved_at = $1 WHERE id = 'r1'"
    )
    .bind(db::now_ms() - 7 * DAY - HOUR)
    .execute(ex)
    .await)
    .unwrap();
    assert_eq!(
        refused(&wang.act(&app, REOPEN, reopen).await),
        "办结已超过 7 天，不能再反映没解决，请重新说事"
    );
    assert_eq!(seen_by(&app, &wang, "r1").await["state"], "resolved");
}

#[tokio::test]
async fn who_may_do_what() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let (_, b12) = app.community("金石社区", "12栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut admin = Person::login(&app, ADMIN).await;
    // The demo grid worker's grid is 1栋–10栋.
    let mut grid = Person::login(&app, GRID).await;
    assert_applied(&wang.act(&app, SUBMIT, light("in-area", &b3)).await);
    assert_applied(&wang.act(&app, SUBMIT, light("outside", &b12)).await);
    assert_applied(&wang.act(&app, SUBMIT, light("given", &b12)).await);

    // Residents neither act on cases nor change categories, even their own.
    let accept = |id: &str| act(id, step("accept"), "收到");
    assert_eq!(
        code(&wang.act(&app, ACT, accept("in-area")).await),
        "forbidden"
    );
    let repair = json!({"id": "repair", "name": "设施维修", "respond_hours": 12, "resolve_hours": 48, "position": 0});
    assert_eq!(
        code(&wang.act(&app, SAVE_CATEGORY, repair.clone()).await),
        "forbidden"
    );
    assert_eq!(
        code(&grid.act(&app, SAVE_CATEGORY, repair.clone()).await),
        "forbidden"
    );
    assert_applied(&staff.act(&app, SAVE_CATEGORY, repair).await);

    // A grid worker acts in the buildings they cover and on what they are given.
    assert_applied(&grid.act(&app, ACT, accept("in-area")).await);
    let outcome = grid.act(&app, ACT, accept("outside")).await;
    assert_eq!(code(&outcome), "forbidden");
    assert_eq!(refused(&outcome), "这件事不在您负责的网格");
    assert!(
        !seen_by(&app, &grid, "outside").await["handles"]
            .as_bool()
            .unwrap()
    );
    let to_grid =
        json!({"kind": "assign", "to": {"to": "grid_worker", "user_id": grid.id, "name": ""}});
    assert_applied(
        &admin
            .act(&app, ACT, act("given", to_grid, "请孙师傅去看看"))
            .await,
    );
    assert_applied(&grid.act(&app, ACT, accept("given")).await);
    assert!(
        seen_by(&app, &grid, "given").await["handles"]
            .as_bool()
            .unwrap()
    );
    assert!(
        case_news(&app, &grid)
            .await
            .iter()
            .any(|m| m["report_id"] == "given" && m["text"].as_str().unwrap().starts_with("社区把"))
    );
    // Community workers handle every case of the community.
    assert_applied(&staff.act(&app, ACT, accept("outside")).await);
    // Only a grid worker of the community is given cases.
    let to_resident =
        json!({"kind": "assign", "to": {"to": "grid_worker", "user_id": li.id, "name": "李志强"}});
    assert!(field(
        &staff
            .act(&app, ACT, act("outside", to_resident, "请跟进"))
            .await,
        "to"
    ));

    // Filing on someone's behalf (代办) is for staff.
    let mut behalf = light("for-li", &b12);
    behalf["on_behalf"] = json!({"resident_id": li.id, "name": "李志强", "channel": "phone"});
    behalf["contact_phone"] = json!("13800000005");
    assert_eq!(
        code(&wang.act(&app, SUBMIT, behalf.clone()).await),
        "forbidden"
    );
    assert_applied(&staff.act(&app, SUBMIT, behalf).await);
    let filed = seen_by(&app, &li, "for-li").await;
    assert_eq!(filed["mine"], true);
    assert_eq!(filed["channel"], "phone");
    assert_eq!(filed["filed_by_name"], "钱晓燕");
    assert_eq!(filed["timeline"][0]["note"], "工作人员代为登记（电话反映）");

    // Only the reporter rates; the one who filed it for them does not.
    assert_applied(
        &staff
            .act(&app, ACT, act("for-li", step("resolve"), "已修好"))
            .await,
    );
    let rate = json!({"report_id": "for-li", "stars": 4});
    assert_eq!(
        code(&staff.act(&app, RATE, rate.clone()).await),
        "forbidden"
    );
    assert_eq!(code(&wang.act(&app, RATE, rate.clone()).await), "forbidden");
    assert_applied(&li.act(&app, RATE, rate).await);
}

#[tokio::test]
async fn a_duplicate_follows_the_original() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut staff = Person::login(&app, WORKER).await;
    assert_applied(&wang.act(&app, SUBMIT, light("first", &building)).await);
    assert_applied(&li.act(&app, SUBMIT, light("again", &building)).await);
    assert_applied(&wang.act(&app, SUBMIT, light("closed", &building)).await);
    assert_applied(
        &staff
            .act(&app, ACT, act("closed", step("resolve"), "修好了"))
            .await,
    );

    let dup = |of: &str| json!({"kind": "mark_duplicate", "of": of});
    assert!(field(
        &staff
            .act(&app, ACT, act("again", dup("again"), "同一件事"))
            .await,
        "of"
    ));
    assert!(field(
        &staff
            .act(&app, ACT, act("again", dup("closed"), "同一件事"))
            .await,
        "of"
    ));
    assert!(field(
        &staff
            .act(&app, ACT, act("again", dup("nowhere"), "同一件事"))
            .await,
        "of"
    ));
    assert_applied(
        &staff
            .act(
                &app,
                ACT,
                act("again", dup("first"), "和邻居反映的是同一件事"),
            )
            .await,
    );

    let again = seen_by(&app, &li, "again").await;
    assert_eq!(again["state"], "duplicate");
    assert_eq!(again["duplicate_of"], "first");
    assert!(again["closed_at"].as_i64().is_some());
    let first = seen_by(&app, &li, "first").await;
    assert_eq!(first["me_too"], true);
    assert_eq!(first["supporters"], 1);
    assert_eq!(seen_by(&app, &wang, "first").await["me_too"], false);

    // News of the original now reaches the duplicate's reporter.
    assert_applied(
        &staff
            .act(&app, ACT, act("first", step("accept"), "物业明天来修"))
            .await,
    );
    let news = case_news(&app, &li).await;
    assert_eq!(news.len(), 2, "{news:?}");
    assert_eq!(news[0]["report_id"], "again");
    assert!(news[0]["text"].as_str().unwrap().contains("合并跟进"));
    assert_eq!(news[1]["report_id"], "first");
    assert!(
        news[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("您也遇到的「设施维修 · 3栋2单元楼道灯不亮")
    );
    assert!(
        news[1]["text"]
            .as_str()
            .unwrap()
            .ends_with("已受理：物业明天来修")
    );
    // A duplicate is no longer worked on.
    assert_eq!(
        code(
            &staff
                .act(&app, ACT, act("again", step("accept"), "收到"))
                .await
        ),
        "conflict"
    );
}

#[tokio::test]
async fn supporters_count_once_each() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut neighbour = Person::register(&app, "13912340000", "陈大爷", json!({})).await;
    let mut staff = Person::login(&app, WORKER).await;
    assert_applied(&wang.act(&app, SUBMIT, light("r1", &building)).await);
    let (_, last) = wang.pull(&app).await;
    let cursor = last["cursor"].as_u64().unwrap();

    let support = json!({"report_id": "r1"});
    assert_applied(&li.act(&app, SUPPORT, support.clone()).await);
    assert_applied(&li.act(&app, SUPPORT, support.clone()).await);
    // A newcomer waits to be verified before they join in; then once, like anyone.
    assert_eq!(
        code(&neighbour.act(&app, SUPPORT, support.clone()).await),
        "forbidden"
    );
    let verify = json!({"user_id": neighbour.id});
    assert_applied(&staff.act(&app, "account.verify", verify).await);
    assert_applied(&neighbour.act(&app, SUPPORT, support.clone()).await);
    assert_eq!(
        code(&wang.act(&app, SUPPORT, support.clone()).await),
        "conflict",
        "not one's own case"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM report_supporters").await,
        2
    );

    // The reporter's device learns the new count from its next pull.
    let reply = app
        .get(
            &format!(
                "/api/sync/pull?protocol=1&since={cursor}&client_id={}",
                wang.device.client_id
            ),
            Some(&wang.token),
        )
        .await;
    let changed = rows(reply.body["changes"].as_array().unwrap(), REPORTS);
    assert_eq!(changed["r1"]["supporters"], 2);
    assert_eq!(changed["r1"]["me_too"], false);
    let seen = seen_by(&app, &li, "r1").await;
    assert_eq!(seen["supporters"], 2);
    assert_eq!(seen["me_too"], true);

    assert_applied(
        &staff
            .act(&app, ACT, act("r1", step("resolve"), "修好了"))
            .await,
    );
    let mut late = Person::register(&app, "13912340001", "刘阿姨", json!({})).await;
    let verify = json!({"user_id": late.id});
    assert_applied(&staff.act(&app, "account.verify", verify).await);
    assert!(refused(&late.act(&app, SUPPORT, support).await).starts_with("这件事已经办结了"));
}

#[tokio::test]
async fn photos_retried_file_one_case() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let photos: Vec<String> = (0..2).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    for (i, id) in photos.iter().enumerate() {
        // The first upload's answer was lost: the device sends it again.
        for expected in [StatusCode::CREATED, StatusCode::OK] {
            let reply = app
                .put_bytes(
                    &format!("/api/blobs/{id}"),
                    Some(&wang.token),
                    jpeg(2000, i as u8),
                )
                .await;
            assert_eq!(reply.status, expected, "{:?}", reply.body);
        }
    }
    let mut args = light("r1", &building);
    args["photos"] = json!(photos);
    // The same draft is sent twice (a new mutation each time).
    assert_applied(&wang.act(&app, SUBMIT, args.clone()).await);
    assert_applied(&wang.act(&app, SUBMIT, args).await);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM blobs").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_events").await, 1);
    assert_eq!(seen_by(&app, &wang, "r1").await["photos"], json!(photos));

    // Another person's case cannot take the same id.
    let mut li = Person::login(&app, LI).await;
    assert_eq!(
        code(&li.act(&app, SUBMIT, light("r1", &building)).await),
        "conflict"
    );
}

#[tokio::test]
async fn photos_must_be_the_reporters_own_uploads() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let li = Person::login(&app, LI).await;
    let theirs = uuid::Uuid::new_v4().to_string();
    let reply = app
        .put_bytes(
            &format!("/api/blobs/{theirs}"),
            Some(&li.token),
            jpeg(500, 1),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let never_uploaded = uuid::Uuid::new_v4().to_string();
    for photos in [
        json!([never_uploaded]),
        json!([theirs]),
        json!(
            (0..5)
                .map(|_| uuid::Uuid::new_v4().to_string())
                .collect::<Vec<_>>()
        ),
    ] {
        let mut args = light("r1", &building);
        args["photos"] = photos;
        let outcome = wang.act(&app, SUBMIT, args).await;
        assert_eq!(code(&outcome), "validation");
        assert!(field(&outcome, "photos"), "{outcome:?}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 0);
}

#[tokio::test]
async fn others_see_no_more_than_they_should() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let li = Person::login(&app, LI).await;
    let staff = Person::login(&app, WORKER).await;
    // 黄丽's grid is 11栋–20栋, not 3栋.
    let grid = Person::login(&app, "13800000011").await;
    let mut noisy = light("noise", &building);
    noisy["category_id"] = json!("noise");
    noisy["description"] = json!("楼上每天半夜拖椅子");
    noisy["anonymous"] = json!(true);
    noisy["geo"] = json!({"lat": 30.5, "lng": 114.3});
    assert_applied(&wang.act(&app, SUBMIT, noisy).await);
    assert_applied(&wang.act(&app, SUBMIT, light("named", &building)).await);

    let hidden = seen_by(&app, &li, "noise").await;
    assert_eq!(hidden["reporter_name"], "匿名居民");
    assert_eq!(hidden["reporter_id"], Value::Null);
    assert_eq!(hidden["contact_phone"], Value::Null);
    assert_eq!(hidden["room"], Value::Null);
    assert_eq!(hidden["geo"], Value::Null);
    assert_eq!(hidden["unit"], "2单元");
    assert_eq!(hidden["timeline"][0]["by_name"], "匿名居民");
    assert_eq!(hidden["mine"], false);
    // A grid worker who does not cover the building is just another neighbour.
    assert_eq!(
        seen_by(&app, &grid, "noise").await["reporter_name"],
        "匿名居民"
    );

    for viewer in [&staff, &wang] {
        let shown = seen_by(&app, viewer, "noise").await;
        assert_eq!(shown["reporter_name"], "王秀兰");
        assert_eq!(shown["reporter_id"], wang.id);
        assert_eq!(shown["contact_phone"], "13800000004");
        assert_eq!(shown["room"], "301");
        assert_eq!(shown["geo"], json!({"lat": 30.5, "lng": 114.3}));
        assert_eq!(shown["timeline"][0]["by_name"], "王秀兰");
    }

    // A case with a name shows it, but still not how to reach the reporter.
    let named = seen_by(&app, &li, "named").await;
    assert_eq!(named["reporter_name"], "王秀兰");
    assert_eq!(named["reporter_id"], Value::Null);
    assert_eq!(named["contact_phone"], Value::Null);
    assert_eq!(named["room"], Value::Null);

    // Visitors get the categories but no cases.
    let (community, _) = app.community("金石社区", "3栋").await;
    let (changes, _) = app.pull_all(None, "visitor", Some(&community)).await;
    assert!(rows(&changes, REPORTS).is_empty());
    assert_eq!(rows(&changes, CATEGORIES).len(), default_categories().len());
}

#[tokio::test]
async fn new_promises_apply_to_new_cases() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut staff = Person::login(&app, WORKER).await;
    assert_applied(&wang.act(&app, SUBMIT, light("old", &building)).await);
    let repair = json!({"id": "repair", "name": "维修", "respond_hours": 4, "resolve_hours": 48, "position": 0});
    assert_applied(&staff.act(&app, SAVE_CATEGORY, repair).await);
    let bad = json!({"id": "repair", "name": "维修", "respond_hours": 48, "resolve_hours": 4, "position": 0});
    assert!(field(
        &staff.act(&app, SAVE_CATEGORY, bad).await,
        "resolve_hours"
    ));
    assert_applied(&wang.act(&app, SUBMIT, light("new", &building)).await);

    let (changes, _) = wang.pull(&app).await;
    let reports = rows(&changes, REPORTS);
    let deadline = |id: &str, key: &str| {
        reports[id][key].as_i64().unwrap() - reports[id]["created_at"].as_i64().unwrap()
    };
    assert_eq!(deadline("old", "respond_by"), 24 * HOUR, "kept as promised");
    assert_eq!(deadline("new", "respond_by"), 4 * HOUR);
    assert_eq!(deadline("new", "resolve_by"), 48 * HOUR);
    assert_eq!(reports["new"]["category_name"], "维修");
    let categories = rows(&changes, CATEGORIES);
    assert_eq!(categories["repair"]["respond_hours"], 4);
    assert_eq!(categories.len(), default_categories().len());

    // Another community's categories are its own.
    let mut zhou = Person::login(&app, "13800000006").await;
    let (changes, _) = zhou.pull(&app).await;
    assert_eq!(rows(&changes, CATEGORIES)["repair"]["respond_hours"], 24);
    let (_, theirs) = app.community("桂园社区", "7栋").await;
    assert_applied(&zhou.act(&app, SUBMIT, light("guiyuan", &theirs)).await);
    let (changes, _) = zhou.pull(&app).await;
    assert_eq!(
        rows(&changes, REPORTS).len(),
        1,
        "only their community's cases"
    );
}

#[tokio::test]
async fn the_place_must_be_of_the_community_and_text_is_kept_as_written() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, foreign) = app.community("桂园社区", "7栋").await;
    let (_, building) = app.community("金石社区", "3栋").await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let outcome = wang.act(&app, SUBMIT, light("r1", &foreign)).await;
    assert!(field(&outcome, "building_id"), "{outcome:?}");
    assert_eq!(refused(&outcome), "找不到这栋楼");
    let mut unknown = light("r1", &building);
    unknown["category_id"] = json!("fireworks");
    assert!(field(&wang.act(&app, SUBMIT, unknown).await, "category_id"));

    let html = "<script>alert('灯')</script> & <b>楼道</b>";
    let mut args = light("r1", &building);
    args["description"] = json!(html);
    assert_applied(&wang.act(&app, SUBMIT, args).await);
    assert_eq!(seen_by(&app, &wang, "r1").await["description"], html);
}

/// A GET through the router, with its content type and body as text.
async fn fetch(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut req = Request::builder().uri(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn each_building_has_a_qr_poster() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (community, building) = app.community("金石社区", "3栋").await;
    let (_, foreign) = app.community("桂园社区", "7栋").await;
    let path = format!("/api/communities/{community}/buildings/{building}/report-qr.svg");

    // A forged Host never leads the code elsewhere: it names the configured address.
    let (status, content_type, svg) = fetch(&app, &path, &[("host", "evil.example:8080")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
    assert!(svg.contains("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains("扫码反映 3栋 的问题"));
    assert!(svg.contains("金石社区"));
    let expected = linli_server::reports::routes::qr_poster(
        &format!("http://127.0.0.1:8080/reports/new?building={building}"),
        "3栋",
        "金石社区",
    )
    .unwrap();
    assert_eq!(
        svg, expected,
        "the code opens the report form for the building"
    );

    // Reached at https://linli.example (`--public-url`), whatever the request says.
    let state = AppState::local(app.pool.clone());
    let settings = Settings {
        public_url: "https://linli.example".to_owned(),
        ..(*state.settings).clone()
    };
    let public = TestApp {
        router: linli_server::app(AppState {
            settings: std::sync::Arc::new(settings),
            ..state
        }),
        pool: app.pool.clone(),
    };
    let (_, _, svg) = fetch(
        &public,
        &path,
        &[("host", "evil.example"), ("x-forwarded-proto", "http")],
    )
    .await;
    let expected = linli_server::reports::routes::qr_poster(
        &format!("https://linli.example/reports/new?building={building}"),
        "3栋",
        "金石社区",
    )
    .unwrap();
    assert_eq!(svg, expected);

    let wrong = format!("/api/communities/{community}/buildings/{foreign}/report-qr.svg");
    let reply = app.get(&wrong, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body["code"], "not_found");
    assert_eq!(reply.body["message"], "找不到这栋楼");
}

#[tokio::test]
async fn demo_cases_are_seeded_once() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    seed::demo(&app.pool).await.unwrap();
    let tables = [
        "reports",
        "report_events",
        "report_supporters",
        "grids",
        "report_categories",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    seed::demo(&app.pool).await.unwrap();
    linli_server::reports::db::ensure_categories(&app.pool)
        .await
        .unwrap();
    for (table, n) in tables.iter().zip(&before) {
        let after = count(&app, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(after, *n, "{table}");
    }
    assert_eq!(before[0], 11);
    assert_eq!(before[3], 3, "the demo grids");
    assert_eq!(before[4], 2 * default_categories().len() as i64);

    let now = db::now_ms();
    let grid = Person::login(&app, GRID).await;
    let (changes, _) = grid.pull(&app).await;
    let cases = rows(&changes, REPORTS);
    assert_eq!(cases.len(), 11);
    let states: std::collections::BTreeSet<&str> = cases
        .values()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.len(), 6, "{states:?}");
    assert!(
        cases
            .values()
            .all(|c| c["created_at"].as_i64().unwrap() > now - 42 * DAY)
    );
    let in_area = |building: &str| {
        cases
            .values()
            .filter(|c| c["building_name"] == building)
            .all(|c| c["handles"] == true)
    };
    assert!(in_area("3栋") && in_area("7栋"));
    assert!(
        cases
            .values()
            .filter(|c| c["building_name"] == "12栋")
            .all(|c| c["handles"] == false)
    );
    assert!(
        cases
            .values()
            .any(|c| c["state"] == "submitted" && c["respond_by"].as_i64().unwrap() < now),
        "one is overdue"
    );
    assert!(cases.values().any(|c| c["rating"]["stars"] == 3));
    assert!(
        cases
            .values()
            .any(|c| c["channel"] == "phone" && c["reporter_id"].is_null())
    );
    // The original of the duplicate is followed by the duplicate's reporter.
    let li = Person::login(&app, LI).await;
    let (changes, _) = li.pull(&app).await;
    let seen = rows(&changes, REPORTS);
    let duplicate = seen.values().find(|c| c["state"] == "duplicate").unwrap();
    let original = &seen[duplicate["duplicate_of"].as_str().unwrap()];
    assert_eq!(original["me_too"], true);
    assert!(original["supporters"].as_u64().unwrap() >= 1);
    // Anonymous cases stay anonymous to other residents.
    assert!(
        seen.values()
            .filter(|c| c["anonymous"] == true && c["mine"] == false)
            .all(|c| c["reporter_name"] == "匿名居民")
    );
}

#[tokio::test]
async fn demo_cases_are_played_through_the_rules() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    seed::demo(&app.pool).await.unwrap();
    let played = "SELECT COUNT(*) FROM sync_mutations WHERE client_id = 'demo-data'";
    assert!(count(&app, &format!("{played} AND name LIKE 'report.%'")).await >= 40);
    let outcomes: Vec<String> = db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT outcome FROM sync_mutations WHERE client_id = 'demo-data'"
    )
    .fetch_all(ex)
    .await)
    .unwrap();
    let refused: Vec<&String> = outcomes
        .iter()
        .filter(|o| serde_json::from_str::<serde_json::Value>(o).unwrap()["status"] != "applied")
        .collect();
    assert!(refused.is_empty(), "{refused:?}");
    // As on devices, residents were told what happened to their cases, when it did.
    let news = case_news(&app, &Person::login(&app, LI).await).await;
    assert!(news.iter().any(|m| {
        m["text"].as_str().unwrap().contains("合并跟进")
            && m["created_at"].as_i64().unwrap() < db::now_ms() - 11 * DAY
    }));
}
