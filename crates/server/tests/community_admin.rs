//! A community run by its own people: buildings in bulk, grids, 联系社区 kept current,
//! the audit log, 物业's queue, what a 网格员 may no longer do, and the street office
//! starting a community from nothing.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{
    ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, notice, refused, rows,
};
use linli_core::notice::PUBLISH;
use linli_core::report::{ACT, SUBMIT};
use linli_core::volunteer::ADJUST_HOURS;
use serde_json::{Value, json};

const STREET: &str = "13800000007";
const PROPERTY: &str = "13800000010";

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> common::Reply {
    app.send(
        Method::PUT,
        path,
        Some(token),
        Body::from(body.to_string()),
        true,
    )
    .await
}

#[tokio::test]
async fn buildings_are_added_in_bulk_renamed_and_retired() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let added = app
        .post(
            "/api/admin/buildings",
            Some(&admin),
            json!({"names": "53–56号楼", "units": "1–2单元", "floors": "11"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    let names: Vec<&str> = added.body["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["55栋", "56栋"]);
    assert_eq!(added.body["skipped"], json!(["53栋", "54栋"]));
    let bad = app
        .post(
            "/api/admin/buildings",
            Some(&admin),
            json!({"names": "9-1栋", "units": "2-3单元"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["names", "units"]);

    let (_, b55) = app.community("金石社区", "55栋").await;
    let renamed = app
        .send(
            Method::PATCH,
            &format!("/api/admin/buildings/{b55}"),
            Some(&admin),
            Body::from(json!({"name": "55号楼（新建）"}).to_string()),
            true,
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let clash = app
        .send(
            Method::PATCH,
            &format!("/api/admin/buildings/{b55}"),
            Some(&admin),
            Body::from(json!({"name": "12栋"}).to_string()),
            true,
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(clash.body["fields"][0]["field"], "name");

    // Where people live, a building stays.
    let (_, b3) = app.community("金石社区", "3栋").await;
    let refused = app
        .delete(&format!("/api/admin/buildings/{b3}"), Some(&admin))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .starts_with("3栋还住着"),
        "{:?}",
        refused.body
    );
    assert_eq!(
        app.delete(&format!("/api/admin/buildings/{b55}"), Some(&admin))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let listed = app.get("/api/communities", None).await;
    let jinshi = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "金石社区")
        .unwrap();
    assert!(
        !jinshi["buildings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == b55),
        "retired: no longer offered"
    );
    // Its QR poster still answers.
    let community = jinshi["id"].as_str().unwrap();
    let qr = app
        .get(
            &format!("/api/communities/{community}/buildings/{b55}/report-qr.svg"),
            None,
        )
        .await;
    assert_eq!(qr.status, StatusCode::OK);
    let audit = app
        .get("/api/admin/audit?action=building.retire", Some(&admin))
        .await;
    assert_eq!(audit.body[0]["before"]["retired"], false);
    assert_eq!(audit.body[0]["after"]["retired"], true);
}

#[tokio::test]
async fn a_building_is_in_one_grid_and_contacts_follow_its_worker() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let wang = Person::login(&app, RESIDENT).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let (changes, first) = wang.pull(&app).await;
    let contacts = &rows(&changes, "contacts")["community"];
    assert_eq!(contacts["grid_worker"]["name"], "孙建国");
    assert_eq!(
        contacts["grid_worker"]["account_id"],
        app.user_id(GRID).await
    );
    assert_eq!(contacts["building_head"]["name"], "陈玉梅");
    assert_eq!(contacts["property"]["phone"], "027-8765-1234");
    assert_eq!(contacts["duty_phone"], "027-8765-4321");

    let grid = app
        .post(
            "/api/admin/grids",
            Some(&admin),
            json!({"name": "新网格", "building_ids": [b3]}),
        )
        .await;
    assert_eq!(grid.status, StatusCode::CONFLICT);
    assert_eq!(
        grid.body["message"],
        "3栋已在「第一网格」里，一栋楼只能属于一个网格，请先从那个网格移出"
    );

    // 第一网格 gets 黄丽 as its worker: 王秀兰's 联系社区 moves with the next pull.
    let grids = app.get("/api/admin/grids", Some(&admin)).await;
    let first_grid = grids
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "第一网格")
        .unwrap()
        .clone();
    let huang = app.user_id("13800000011").await;
    let ids: Vec<Value> = first_grid["buildings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].clone())
        .collect();
    let body = json!({"name": "第一网格", "worker_id": huang, "building_ids": ids});
    let changed = put(
        &app,
        &format!("/api/admin/grids/{}", first_grid["id"].as_str().unwrap()),
        &admin,
        body,
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["worker"]["name"], "黄丽");
    let since = first["cursor"].as_u64().unwrap();
    let path = format!(
        "/api/sync/pull?protocol=1&since={since}&client_id={}",
        wang.device.client_id
    );
    let next = app.get(&path, Some(&wang.token)).await;
    let contacts = &rows(next.body["changes"].as_array().unwrap(), "contacts")["community"];
    assert_eq!(contacts["grid_worker"]["name"], "黄丽");
    let audit = app
        .get("/api/admin/audit?action=grid.edit", Some(&admin))
        .await;
    assert_eq!(audit.body[0]["after"]["worker_id"], huang);
    assert_ne!(audit.body[0]["before"]["worker_id"], huang);
    // 孙建国 no longer reaches 3栋's residents.
    let sun = Person::login(&app, GRID).await;
    let (changes, _) = sun.pull(&app).await;
    assert!(!rows(&changes, "residents").contains_key(&wang.id));
}

#[tokio::test]
async fn the_audit_log_filters_and_exports_for_excel() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let li = app.user_id("13800000005").await;
    let reply = put(
        &app,
        &format!("/api/admin/people/{li}/representative"),
        &admin,
        json!({"representative": true}),
    )
    .await;
    assert_eq!(reply.body["representative"], true);
    let reply = put(
        &app,
        &format!("/api/admin/people/{li}/role"),
        &admin,
        json!({"role": "building_head"}),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "12栋 has its 楼栋长 刘建华"
    );
    let list = app
        .get(
            "/api/admin/audit?action=account.representative",
            Some(&admin),
        )
        .await;
    let entry = &list.body[0];
    assert_eq!(entry["target_label"], "李志强");
    assert_eq!(entry["actor_name"], "赵主任");
    assert_eq!(entry["before"], json!({"representative": false}));
    assert_eq!(entry["after"], json!({"representative": true}));
    let admin_id = app.user_id(ADMIN).await;
    let by_actor = app
        .get(
            &format!("/api/admin/audit?actor={admin_id}&from=2000-01-01&to=2999-12-31"),
            Some(&admin),
        )
        .await;
    assert_eq!(by_actor.body.as_array().unwrap().len(), 1);
    let none = app
        .get("/api/admin/audit?from=2999-01-01", Some(&admin))
        .await;
    assert!(none.body.as_array().unwrap().is_empty());
    let bad = app.get("/api/admin/audit?from=昨天", Some(&admin)).await;
    assert_eq!(bad.body["fields"][0]["field"], "from");
    let csv = app.get("/api/admin/audit.csv", Some(&admin)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.as_str().unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(text.contains("设定居民代表") && text.contains("李志强"));
    // The street admin reads their communities' log too; a 社区工作者 does not.
    let street = app.login(STREET).await;
    assert_eq!(
        app.get("/api/admin/audit", Some(&street))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let worker = app.login(WORKER).await;
    assert_eq!(
        app.get("/api/admin/audit", Some(&worker)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn property_sees_and_handles_only_what_is_given_to_it() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, b12) = app.community("金石社区", "12栋").await;
    let mut li = Person::login(&app, "13800000005").await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut property = Person::login(&app, PROPERTY).await;
    for id in ["leak", "noise"] {
        let case = json!({"id": id, "category_id": "repair", "description": "卫生间漏水", "building_id": b12});
        assert_applied(&li.act(&app, SUBMIT, case).await);
    }
    let assign = json!({"report_id": "leak", "action": {"kind": "assign", "to": {"to": "property"}}, "note": "请物业上门"});
    assert_applied(&staff.act(&app, ACT, assign).await);
    let (changes, _) = property.pull(&app).await;
    let cases = rows(&changes, "reports");
    assert_eq!(
        cases.keys().collect::<Vec<_>>(),
        ["leak"],
        "only the case given to 物业"
    );
    assert_eq!(cases["leak"]["handles"], true);
    assert!(rows(&changes, "residents").is_empty() && rows(&changes, "signups").is_empty());
    let inbox = rows(&changes, "inbox");
    assert!(
        inbox.values().any(|m| m["report_id"] == "leak"),
        "told of it"
    );

    let step = |kind: &str, note: &str| json!({"report_id": "leak", "action": {"kind": kind}, "note": note});
    assert_applied(
        &property
            .act(&app, ACT, step("start", "维修师傅明早上门"))
            .await,
    );
    let outcome = property
        .act(&app, ACT, step("close_unresolved", "修不了"))
        .await;
    assert!(refused(&outcome).starts_with("物业可以受理"));
    let noise = json!({"report_id": "noise", "action": {"kind": "accept"}, "note": "收到"});
    assert_eq!(
        refused(&property.act(&app, ACT, noise).await),
        "这件事没有交给物业"
    );
    // The resident reads 物业's progress on the timeline.
    let (changes, _) = li.pull(&app).await;
    let leak = &rows(&changes, "reports")["leak"];
    assert_eq!(leak["state"], "in_progress");
    let last = leak["timeline"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["note"].as_str(), last["by_name"].as_str()),
        (Some("维修师傅明早上门"), Some("物业张师傅"))
    );
    assert!(
        app.get("/api/volunteer/hours.csv", Some(&property.token))
            .await
            .status
            == StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_grid_worker_is_limited_to_their_grid() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let (_, b12) = app.community("金石社区", "12栋").await;
    let mut grid = Person::login(&app, GRID).await;
    let whole = grid
        .act(&app, PUBLISH, notice("all", "全社区停水", "normal", None))
        .await;
    assert_eq!(
        refused(&whole),
        "网格员只能给自己网格内的楼栋发通知，全社区的通知请社区工作者发布"
    );
    let outside = grid
        .act(
            &app,
            PUBLISH,
            notice("b12", "12栋停水", "normal", Some(vec![b12])),
        )
        .await;
    assert_eq!(refused(&outside), "只能给您负责的网格内的楼栋发通知");
    assert_applied(
        &grid
            .act(
                &app,
                PUBLISH,
                notice("b3", "3栋停水", "normal", Some(vec![b3])),
            )
            .await,
    );

    // No phones outside the grid: 李志强 (12栋) is neither on the device nor in the list.
    let (changes, _) = grid.pull(&app).await;
    let li = app.user_id("13800000005").await;
    assert!(!rows(&changes, "residents").contains_key(&li));
    assert!(
        !rows(&changes, "volunteers").contains_key(&li),
        "nor their emergency contact"
    );
    let found = app
        .get("/api/admin/people?q=13800000005", Some(&grid.token))
        .await;
    assert!(found.body.as_array().unwrap().is_empty());
    let found = app
        .get("/api/admin/people?q=13800000004", Some(&grid.token))
        .await;
    assert_eq!(found.body[0]["display_name"], "王秀兰");

    // Hours are adjusted by a 社区工作者, never their own.
    let adjust = |user: &str| json!({"entry_id": uuid::Uuid::new_v4().to_string(), "user_id": user, "minutes": 60, "note": "补记"});
    let own = grid.id.clone();
    assert_eq!(
        refused(&grid.act(&app, ADJUST_HOURS, adjust(&own)).await),
        "只有社区工作者可以调整时间银行"
    );
    let mut worker = Person::login(&app, WORKER).await;
    let worker_id = worker.id.clone();
    assert_eq!(
        refused(&worker.act(&app, ADJUST_HOURS, adjust(&worker_id)).await),
        "不能调整自己的时间银行，请另一位工作人员办理"
    );
    assert_applied(&worker.act(&app, ADJUST_HOURS, adjust(&own)).await);
    let (before, after): (String, String) = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'hours.adjust'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert!(
        before.contains("balance_minutes") && after.contains("补记"),
        "{before} {after}"
    );
}

#[tokio::test]
async fn a_street_office_starts_a_community_from_nothing() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let street = app.login(STREET).await;
    let me = app.get("/api/me", Some(&street)).await;
    assert_eq!(
        (me.body["role"].as_str(), me.body["community_id"].as_null()),
        (Some("street_admin"), Some(()))
    );
    let created = app
        .post(
            "/api/street/communities",
            Some(&street),
            json!({"name": "金桥社区", "address": "金桥路 1 号", "duty_phone": "027-8700-0000"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["street_office"], "金石街道");
    let id = created.body["id"].as_str().unwrap().to_owned();
    let taken = app
        .post(
            "/api/street/communities",
            Some(&street),
            json!({"name": "金桥社区"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    let categories: i64 = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM report_categories WHERE community_id = $1"
    )
    .bind(&id)
    .fetch_one(ex)
    .await)
    .unwrap();
    assert!(categories > 0, "the features set the new community up");

    let first = app
        .post(
            &format!("/api/street/communities/{id}/admins"),
            Some(&street),
            json!({"phone": "13700001111", "display_name": "金主任"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let code = first.body["reset_code"]["code"].as_str().unwrap();
    let session = app
        .post(
            "/api/accounts/reset",
            None,
            json!({"phone": "13700001111", "code": code, "password": "jinqiao-2026"}),
        )
        .await;
    assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
    assert_eq!(session.body["user"]["role"], "admin");
    assert_eq!(session.body["user"]["community_name"], "金桥社区");
    let new_admin = session.body["token"].as_str().unwrap();
    let added = app
        .post(
            "/api/admin/buildings",
            Some(new_admin),
            json!({"names": "1-8栋", "units": "2", "floors": "6"}),
        )
        .await;
    assert_eq!(added.body["added"].as_array().unwrap().len(), 8);

    let figures = app.get("/api/street/figures", Some(&street)).await;
    let jinshi = figures
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "金石社区")
        .unwrap();
    assert_eq!(
        jinshi["waiting"], 3,
        "the demo's residents waiting to be verified"
    );
    assert_eq!(jinshi["buildings"], 54);
    let jinqiao = figures
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "金桥社区")
        .unwrap();
    assert_eq!(jinqiao["buildings"], 8);
    // A community admin is not a street admin, and a street admin acts in no community.
    let admin = app.login(ADMIN).await;
    assert_eq!(
        app.get("/api/street/figures", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/admin/buildings", Some(&street)).await.status,
        StatusCode::FORBIDDEN
    );
}
