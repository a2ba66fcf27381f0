//! Volunteering through the real router and a real database: shifts that never
//! take more than their places, an ordered waitlist under concurrent sign-ups,
//! check-in codes, credited hours, the time bank, who sees what, and the exports.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{
    Device, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, field, refused, rows,
};
use http_body_util::BodyExt;
use linli_core::volunteer::{
    ADJUST_HOURS, CANCEL_SHIFT, CHECK_IN, CHECK_OUT, CONFIRM_HOURS, MARK_NO_SHOW, SAVE_ACTIVITY,
    SAVE_PROFILE, SAVE_SHIFT, SIGN_UP, TRANSFER_HOURS, WITHDRAW, shift_time_label,
};
use linli_server::{db, seed};
use serde_json::{Value, json};
use tower::ServiceExt;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const LI: &str = "13800000005";

impl Person {
    async fn becomes_volunteer(&mut self, app: &TestApp) {
        let id = self.id.clone();
        let outcome = self.act(app, SAVE_PROFILE, profile(&id)).await;
        assert_applied(&outcome);
    }
}

fn now() -> i64 {
    db::now_ms()
}

fn profile(user_id: &str) -> Value {
    json!({
        "user_id": user_id,
        "skills": ["repair"],
        "availability": "周末上午",
        "emergency_name": "王强",
        "emergency_phone": "139 0000 1111",
    })
}

fn activity(id: &str, title: &str) -> Value {
    json!({
        "id": id,
        "kind": "environment",
        "title": title,
        "description": "清理楼道杂物，保持消防通道畅通",
        "place": "3栋楼下",
        "contact_name": "钱晓燕",
        "contact_phone": "13800000002",
        "skills": [],
    })
}

fn shift(
    id: &str,
    activity_id: &str,
    (starts_at, ends_at): (i64, i64),
    capacity: i64,
    code: &str,
) -> Value {
    json!({
        "id": id,
        "activity_id": activity_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "capacity": capacity,
        "check_in_code": code,
    })
}

fn sign_up(signup_id: &str, shift_id: &str, user_id: &str) -> Value {
    json!({"signup_id": signup_id, "shift_id": shift_id, "user_id": user_id})
}

/// Staff put up activity `a1` ("清理楼道") with shift `id`.
async fn put_up(
    app: &TestApp,
    staff: &mut Person,
    id: &str,
    times: (i64, i64),
    capacity: i64,
    code: &str,
) {
    assert_applied(
        &staff
            .act(app, SAVE_ACTIVITY, activity("a1", "清理楼道"))
            .await,
    );
    assert_applied(
        &staff
            .act(app, SAVE_SHIFT, shift(id, "a1", times, capacity, code))
            .await,
    );
}

/// Tomorrow at this time, for two hours.
fn tomorrow() -> (i64, i64) {
    let start = now() + 24 * HOUR;
    (start, start + 2 * HOUR)
}

#[tokio::test]
async fn thirty_volunteers_race_for_ten_places() {
    let pool = common::pool().await;
    let app = Arc::new(TestApp::with_demo(pool).await);
    let mut staff = Person::login(&app, WORKER).await;
    put_up(&app, &mut staff, "s1", tomorrow(), 10, "482100").await;
    let mut people = Vec::new();
    for i in 0..30 {
        let mut person = Person::register(
            &app,
            &format!("1391000{i:04}"),
            &format!("志愿者{i}"),
            json!({}),
        )
        .await;
        person.becomes_volunteer(&app).await;
        people.push(person);
    }

    // Everyone taps 报名 at once; one phone's push arrives twice.
    let mut pushes = Vec::new();
    for (i, p) in people.iter_mut().enumerate() {
        let m = p
            .device
            .mutation(SIGN_UP, sign_up(&format!("g{i}"), "s1", &p.id));
        pushes.push((p.token.clone(), p.device.push_body(&[m])));
    }
    pushes.push(pushes[0].clone());
    let tasks: Vec<_> = pushes
        .into_iter()
        .map(|(token, body)| {
            let app = Arc::clone(&app);
            tokio::spawn(async move { app.post("/api/sync/push", Some(&token), body).await })
        })
        .collect();
    let mut decisions = Vec::new();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        let outcome = &reply.body["results"][0]["outcome"];
        assert_applied(outcome);
        decisions.push(outcome["decision"].clone());
    }
    let again = decisions.pop().unwrap();
    assert_eq!(again, decisions[0], "the retried push gets the same answer");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM signups").await,
        30,
        "and counts once"
    );

    let confirmed = decisions
        .iter()
        .filter(|d| d["status"] == "confirmed")
        .count();
    let mut positions: Vec<u64> = decisions
        .iter()
        .filter(|d| d["status"] == "waitlisted")
        .map(|d| d["position"].as_u64().unwrap())
        .collect();
    positions.sort_unstable();
    assert_eq!(confirmed, 10);
    assert_eq!(positions, (1..=20).collect::<Vec<u64>>());

    // The order is the server's: the first ten it decided hold the places and the
    // rest wait in the order it took them in.
    let order: Vec<(String, String, i64)> = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT id, status, decided_at FROM signups ORDER BY queue_no"
    )
    .fetch_all(ex)
    .await)
    .unwrap();
    assert!(
        order.windows(2).all(|w| w[0].2 <= w[1].2),
        "queue follows decision time"
    );
    for (rank, (id, status, _)) in order.iter().enumerate() {
        let i: usize = id[1..].parse().unwrap();
        if rank < 10 {
            assert_eq!(status, "confirmed");
            assert_eq!(decisions[i], json!({"status": "confirmed"}));
        } else {
            assert_eq!(status, "waitlisted");
            assert_eq!(
                decisions[i],
                json!({"status": "waitlisted", "position": rank - 9})
            );
        }
    }
    let (changes, last) = staff.pull(&app).await;
    assert_eq!(rows(&changes, "shifts")["s1"]["confirmed"], 10);
    assert_eq!(rows(&changes, "shifts")["s1"]["waitlisted"], 20);
    let signups = rows(&changes, "signups");
    for (rank, (id, ..)) in order.iter().enumerate().skip(10) {
        assert_eq!(signups[id]["position"], rank - 9);
    }

    // One of the ten cannot go: the first waiting takes the place and is told, and
    // everyone behind moves up one; their devices learn it from the next pull.
    let leaving: usize = order[3].0[1..].parse().unwrap();
    let id = format!("g{leaving}");
    assert_applied(
        &people[leaving]
            .act(&app, WITHDRAW, json!({"signup_id": id}))
            .await,
    );
    let since = last["cursor"].as_u64().unwrap();
    let reply = app
        .get(
            &format!(
                "/api/sync/pull?protocol=1&since={since}&client_id={}",
                staff.device.client_id
            ),
            Some(&staff.token),
        )
        .await;
    let changed = rows(reply.body["changes"].as_array().unwrap(), "signups");
    assert_eq!(changed[&id]["status"], "withdrawn");
    let first_waiting = &order[10].0;
    assert_eq!(changed[first_waiting]["status"], "confirmed");
    assert_eq!(changed[first_waiting]["position"], Value::Null);
    for (rank, (id, ..)) in order.iter().enumerate().skip(11) {
        assert_eq!(changed[id]["position"], rank - 10, "moved up one");
    }
    assert_eq!(changed.len(), 21);
    assert_eq!(
        rows(reply.body["changes"].as_array().unwrap(), "shifts")["s1"]["waitlisted"],
        19
    );

    let promoted: usize = first_waiting[1..].parse().unwrap();
    let (changes, _) = people[promoted].pull(&app).await;
    let inbox = rows(&changes, "inbox");
    let message = inbox
        .values()
        .find(|m| m["kind"] == "promoted")
        .expect("told of the promotion");
    assert!(
        message["text"].as_str().unwrap().contains("清理楼道"),
        "{message:?}"
    );
    assert_eq!(
        rows(&changes, "signups")[first_waiting]["status"],
        "confirmed"
    );
}

#[tokio::test]
async fn full_shifts_waitlist_and_impossible_sign_ups_are_refused() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let (start, end) = tomorrow();
    put_up(&app, &mut staff, "s1", (start, end), 1, "482100").await;

    let outcome = wang
        .act(&app, SIGN_UP, sign_up("g0", "s1", &wang.id.clone()))
        .await;
    assert_eq!(refused(&outcome), "请先填写志愿者资料");
    wang.becomes_volunteer(&app).await;
    li.becomes_volunteer(&app).await;

    // One place: the second one waits, and the list never holds more than its places.
    let outcome = wang
        .act(&app, SIGN_UP, sign_up("g1", "s1", &wang.id.clone()))
        .await;
    assert_eq!(outcome["decision"], json!({"status": "confirmed"}));
    let outcome = li
        .act(&app, SIGN_UP, sign_up("g2", "s1", &li.id.clone()))
        .await;
    assert_eq!(
        outcome["decision"],
        json!({"status": "waitlisted", "position": 1})
    );
    let (changes, _) = staff.pull(&app).await;
    assert_eq!(rows(&changes, "shifts")["s1"]["confirmed"], 1);
    let outcome = li
        .act(&app, SIGN_UP, sign_up("g3", "s1", &li.id.clone()))
        .await;
    assert_eq!(refused(&outcome), "您已经报过这个班次了");

    // Another shift at an overlapping time is refused, naming the one already taken;
    // one that starts as the first ends is fine.
    let overlapping = (start + HOUR, end + HOUR);
    assert_applied(
        &staff
            .act(
                &app,
                SAVE_SHIFT,
                shift("s2", "a1", overlapping, 5, "111100"),
            )
            .await,
    );
    let outcome = li
        .act(&app, SIGN_UP, sign_up("g4", "s2", &li.id.clone()))
        .await;
    assert_eq!(
        refused(&outcome),
        format!(
            "与您已报名的「清理楼道 {}」时间冲突",
            shift_time_label(start, end)
        )
    );
    assert_applied(
        &staff
            .act(
                &app,
                SAVE_SHIFT,
                shift("s3", "a1", (end, end + HOUR), 5, "222200"),
            )
            .await,
    );
    assert_applied(
        &li.act(&app, SIGN_UP, sign_up("g5", "s3", &li.id.clone()))
            .await,
    );

    // Shifts that have started, or are cancelled, take nobody.
    let past = (now() - 3 * HOUR, now() - HOUR);
    assert_applied(
        &staff
            .act(&app, SAVE_SHIFT, shift("old", "a1", past, 5, "333300"))
            .await,
    );
    let outcome = wang
        .act(&app, SIGN_UP, sign_up("g6", "old", &wang.id.clone()))
        .await;
    assert_eq!(refused(&outcome), "这个班次已经开始或结束了，不能再报名");
    let later = (start + 48 * HOUR, end + 48 * HOUR);
    assert_applied(
        &staff
            .act(&app, SAVE_SHIFT, shift("s4", "a1", later, 5, "444400"))
            .await,
    );
    assert_applied(
        &staff
            .act(
                &app,
                CANCEL_SHIFT,
                json!({"shift_id": "s4", "reason": "下雨"}),
            )
            .await,
    );
    let outcome = wang
        .act(&app, SIGN_UP, sign_up("g7", "s4", &wang.id.clone()))
        .await;
    assert_eq!(refused(&outcome), "这个班次已经取消了");

    // Only for oneself, unless staff sign a resident up (代办).
    let outcome = li
        .act(&app, SIGN_UP, sign_up("g8", "s4", &wang.id.clone()))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    let outcome = staff
        .act(&app, SIGN_UP, sign_up("g9", "s3", &wang.id.clone()))
        .await;
    assert_eq!(outcome["decision"], json!({"status": "confirmed"}));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM signups").await,
        4,
        "nothing of a refused sign-up is kept"
    );
}

#[tokio::test]
async fn staff_rules_for_shifts() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut grid = Person::login(&app, GRID).await;
    let (start, end) = tomorrow();
    put_up(&app, &mut staff, "s1", (start, end), 2, "482100").await;

    // Residents cannot put up activities or shifts.
    let outcome = wang
        .act(&app, SAVE_ACTIVITY, activity("a2", "我的活动"))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    let outcome = wang
        .act(
            &app,
            SAVE_SHIFT,
            shift("x", "a1", (start, end), 2, "123400"),
        )
        .await;
    assert_eq!(outcome["code"], "forbidden");

    // A shift ending before it starts, with negative places, names both fields.
    let outcome = staff
        .act(
            &app,
            SAVE_SHIFT,
            shift("bad", "a1", (end, start), -1, "123400"),
        )
        .await;
    assert_eq!(outcome["code"], "validation");
    assert!(
        field(&outcome, "ends_at") && field(&outcome, "capacity"),
        "{outcome:?}"
    );
    let outcome = staff
        .act(
            &app,
            SAVE_SHIFT,
            shift("bad", "missing", (start, end), 2, "123400"),
        )
        .await;
    assert!(field(&outcome, "activity_id"), "{outcome:?}");

    for p in [&mut wang, &mut li, &mut grid] {
        p.becomes_volunteer(&app).await;
        let (id, signup) = (p.id.clone(), format!("g-{}", p.id));
        assert_applied(&p.act(&app, SIGN_UP, sign_up(&signup, "s1", &id)).await);
    }

    // Fewer places than people confirmed is refused; more places promote the waiting.
    let outcome = staff
        .act(
            &app,
            SAVE_SHIFT,
            shift("s1", "a1", (start, end), 1, "482100"),
        )
        .await;
    assert_eq!(refused(&outcome), "已有 2 人确认参加，人数不能少于 2");
    assert!(field(&outcome, "capacity"));
    let moved = (start + HOUR, end + HOUR);
    assert_applied(
        &staff
            .act(&app, SAVE_SHIFT, shift("s1", "a1", moved, 3, "482100"))
            .await,
    );
    let (changes, _) = grid.pull(&app).await;
    assert_eq!(
        rows(&changes, "signups")[&format!("g-{}", grid.id)]["status"],
        "confirmed"
    );
    let kinds: Vec<Value> = rows(&changes, "inbox")
        .values()
        .map(|m| m["kind"].clone())
        .collect();
    assert!(
        kinds.contains(&json!("promoted")) && kinds.contains(&json!("shift_changed")),
        "{kinds:?}"
    );
    let (changes, _) = wang.pull(&app).await;
    let changed = rows(&changes, "inbox")
        .into_values()
        .find(|m| m["kind"] == "shift_changed")
        .unwrap();
    assert!(
        changed["text"]
            .as_str()
            .unwrap()
            .contains(&shift_time_label(moved.0, moved.1))
    );

    // A no-show before the start frees the place; cancelling tells everyone why.
    let outcome = staff
        .act(
            &app,
            MARK_NO_SHOW,
            json!({"signup_id": format!("g-{}", li.id)}),
        )
        .await;
    assert_applied(&outcome);
    let outcome = staff
        .act(
            &app,
            CANCEL_SHIFT,
            json!({"shift_id": "s1", "reason": "台风预警，活动暂停"}),
        )
        .await;
    assert_applied(&outcome);
    let (changes, _) = wang.pull(&app).await;
    assert_eq!(
        rows(&changes, "signups")[&format!("g-{}", wang.id)]["status"],
        "shift_cancelled"
    );
    assert_eq!(rows(&changes, "shifts")["s1"]["cancelled"], true);
    assert!(rows(&changes, "inbox").values().any(
        |m| m["kind"] == "shift_cancelled" && m["text"].as_str().unwrap().contains("台风预警")
    ));
    let outcome = staff
        .act(&app, SAVE_SHIFT, shift("s1", "a1", moved, 3, "482100"))
        .await;
    assert_eq!(refused(&outcome), "这个班次已经取消了，不能再修改");

    // Once a shift has started it cannot be cancelled.
    let running = (now() - HOUR, now() + HOUR);
    assert_applied(
        &staff
            .act(&app, SAVE_SHIFT, shift("s2", "a1", running, 3, "555500"))
            .await,
    );
    let outcome = staff
        .act(&app, CANCEL_SHIFT, json!({"shift_id": "s2", "reason": ""}))
        .await;
    assert_eq!(refused(&outcome), "班次已经开始，不能再取消");
}

/// Staff put up a shift; the given people sign up while it is in the future; then
/// staff move it to have run from three hours ago to an hour ago.
async fn shift_that_has_run(
    app: &TestApp,
    staff: &mut Person,
    people: &mut [&mut Person],
) -> (i64, i64) {
    put_up(app, staff, "s1", tomorrow(), 5, "482100").await;
    put_up(
        app,
        staff,
        "s2",
        (now() + 48 * HOUR, now() + 50 * HOUR),
        5,
        "999900",
    )
    .await;
    for p in people.iter_mut() {
        p.becomes_volunteer(app).await;
        let (id, signup) = (p.id.clone(), format!("g-{}", p.id));
        assert_applied(&p.act(app, SIGN_UP, sign_up(&signup, "s1", &id)).await);
    }
    let ran = (now() - 3 * HOUR, now() - HOUR);
    assert_applied(
        &staff
            .act(app, SAVE_SHIFT, shift("s1", "a1", ran, 5, "482100"))
            .await,
    );
    ran
}

#[tokio::test]
async fn hours_are_credited_once_and_never_beyond_the_shift() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut grid = Person::login(&app, GRID).await;
    let (start, end) =
        shift_that_has_run(&app, &mut staff, &mut [&mut wang, &mut li, &mut grid]).await;
    let wang_signup = json!({"signup_id": format!("g-{}", wang.id), "code": "482100"});
    let wang_signup_id = format!("g-{}", wang.id);
    let with_code = |code: &str| json!({"signup_id": wang_signup_id, "code": code});

    // Wrong codes, another shift's code and a clock ahead of time record nothing.
    let outcome = wang
        .act_at(&app, CHECK_IN, with_code("000000"), start)
        .await;
    assert!(refused(&outcome).starts_with("签到码不对"));
    assert!(field(&outcome, "code"));
    let outcome = wang
        .act_at(&app, CHECK_IN, with_code("999900"), start)
        .await;
    assert!(refused(&outcome).starts_with("签到码不对"));
    let outcome = wang
        .act_at(&app, CHECK_IN, wang_signup.clone(), now() + 10 * MINUTE)
        .await;
    assert!(refused(&outcome).contains("手机上的时间不准"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM signups WHERE checked_in_at IS NOT NULL"
        )
        .await,
        0
    );

    // Early and late: credited no more than the shift's two hours, once.
    let outcome = wang
        .act_at(&app, CHECK_IN, wang_signup.clone(), start - 10 * MINUTE)
        .await;
    assert_applied(&outcome);
    let outcome = wang
        .act_at(&app, CHECK_IN, wang_signup.clone(), start)
        .await;
    assert_eq!(refused(&outcome), "您已经签到过了");
    assert_applied(
        &wang
            .act_at(&app, CHECK_OUT, wang_signup.clone(), now())
            .await,
    );
    let outcome = wang
        .act_at(&app, CHECK_OUT, wang_signup.clone(), now())
        .await;
    assert!(refused(&outcome).starts_with("已经签退过了"));
    let (changes, _) = wang.pull(&app).await;
    assert_eq!(
        rows(&changes, "signups")[&format!("g-{}", wang.id)]["credited_minutes"],
        120
    );
    let ledger = rows(&changes, "ledger");
    assert_eq!(ledger.len(), 1);
    let entry = ledger.values().next().unwrap();
    assert_eq!(entry["minutes"], 120);
    assert_eq!(entry["reason"], "served");
    assert_eq!(
        entry["note"],
        format!("清理楼道 {}", shift_time_label(start, end))
    );
    assert!(
        rows(&changes, "inbox")
            .values()
            .any(|m| m["kind"] == "hours_credited")
    );

    // Too late to check in once it is over; checked in but never out: staff confirm
    // the hours to the shift's end, once.
    let li_signup = json!({"signup_id": format!("g-{}", li.id), "code": "482100"});
    let outcome = li
        .act_at(&app, CHECK_IN, li_signup.clone(), end + MINUTE)
        .await;
    assert_eq!(refused(&outcome), "这个班次已经结束了，不能再签到");
    assert_applied(
        &li.act_at(&app, CHECK_IN, li_signup.clone(), start + 30 * MINUTE)
            .await,
    );
    let confirm = json!({"signup_id": format!("g-{}", li.id)});
    let outcome = li.act(&app, CONFIRM_HOURS, confirm.clone()).await;
    assert_eq!(outcome["code"], "forbidden");
    assert_applied(&staff.act(&app, CONFIRM_HOURS, confirm.clone()).await);
    let outcome = staff.act(&app, CONFIRM_HOURS, confirm).await;
    assert_eq!(refused(&outcome), "这次服务的时长已经记过了");
    let outcome = li.act_at(&app, CHECK_OUT, li_signup, now()).await;
    assert!(refused(&outcome).starts_with("已经签退过了"));
    let minutes: i64 = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT minutes FROM ledger WHERE user_id = $1"
    )
    .bind(&li.id)
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(minutes, 90);

    // Someone who never came is marked; after the start nobody is promoted.
    let no_show = json!({"signup_id": format!("g-{}", grid.id)});
    assert_applied(&staff.act(&app, MARK_NO_SHOW, no_show.clone()).await);
    let outcome = staff.act(&app, MARK_NO_SHOW, no_show).await;
    assert!(refused(&outcome).starts_with("只有已确认参加的人"));
    let outcome = grid
        .act_at(
            &app,
            CHECK_IN,
            json!({"signup_id": format!("g-{}", grid.id), "code": "482100"}),
            start,
        )
        .await;
    assert_eq!(outcome["status"], "rejected");

    // A confirmed place can no longer be given up once the shift has begun.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, 2);
    let withdraw = json!({"signup_id": format!("g-{}", wang.id)});
    let outcome = wang.act_at(&app, WITHDRAW, withdraw, now()).await;
    assert_eq!(outcome["status"], "rejected");
}

#[tokio::test]
async fn giving_up_a_place_only_before_the_start() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let (start, _) = shift_that_has_run(&app, &mut staff, &mut [&mut wang, &mut li]).await;

    // Tapped 去不了 offline before the start but synced only after the end: too late
    // (a place held through the whole shift is not given up afterwards).
    let withdraw = json!({"signup_id": format!("g-{}", wang.id)});
    let outcome = wang
        .act_at(&app, WITHDRAW, withdraw.clone(), start - MINUTE)
        .await;
    assert_eq!(refused(&outcome), "这个班次已经结束了，不能再取消报名");

    // Tapped after the start: too late.
    let withdraw = json!({"signup_id": format!("g-{}", li.id)});
    let outcome = li.act_at(&app, WITHDRAW, withdraw, now()).await;
    assert_eq!(
        refused(&outcome),
        "班次已经开始，不能再取消；去不了请联系负责人"
    );
    // Nobody gives up someone else's place, but staff may for them.
    let id = li.id.clone();
    assert_applied(&li.act(&app, SIGN_UP, sign_up("later", "s2", &id)).await);
    let outcome = wang
        .act(&app, WITHDRAW, json!({"signup_id": "later"}))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    assert_applied(
        &staff
            .act(&app, WITHDRAW, json!({"signup_id": "later"}))
            .await,
    );
}

#[tokio::test]
async fn the_time_bank_adjusts_with_a_note_and_transfers_within_a_household() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    // 王秀兰's son lives with her in 3栋 2单元 301.
    let (_, building3) = app.community("金石社区", "3栋").await;
    let son = Person::register(
        &app,
        "13912340000",
        "王小明",
        json!({"building_id": building3, "unit": "2单元", "room": "301"}),
    )
    .await;
    let wang_id = wang.id.clone();

    let adjust = |id: &str, minutes: i64, note: &str| json!({"entry_id": id, "user_id": wang_id, "minutes": minutes, "note": note});
    let outcome = staff.act(&app, ADJUST_HOURS, adjust("e1", 180, " ")).await;
    assert!(field(&outcome, "note"), "{outcome:?}");
    let outcome = wang
        .act(&app, ADJUST_HOURS, adjust("e1", 180, "给自己加"))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    assert_applied(
        &staff
            .act(&app, ADJUST_HOURS, adjust("e1", 180, "补记上月巡逻"))
            .await,
    );

    let transfer = |id: &str, to: &str, minutes: i64| json!({"entry_id": id, "user_id": wang_id, "to_phone": to, "minutes": minutes});
    let outcome = wang.act(&app, TRANSFER_HOURS, transfer("t1", LI, 60)).await;
    assert_eq!(refused(&outcome), "只能转给同一户的家人");
    assert!(field(&outcome, "to_phone"));
    let outcome = wang
        .act(&app, TRANSFER_HOURS, transfer("t1", "139 1234 0000", 500))
        .await;
    assert!(field(&outcome, "minutes"), "{outcome:?}");
    assert!(refused(&outcome).contains("余额不够"));
    assert_applied(
        &wang
            .act(&app, TRANSFER_HOURS, transfer("t1", "139 1234 0000", 60))
            .await,
    );
    let outcome = staff
        .act(&app, TRANSFER_HOURS, transfer("t2", "13912340000", 30))
        .await;
    assert_eq!(outcome["code"], "forbidden", "only one's own hours");

    let (changes, _) = wang.pull(&app).await;
    let ledger = rows(&changes, "ledger");
    let balance: i64 = ledger
        .values()
        .map(|e| e["minutes"].as_i64().unwrap())
        .sum();
    assert_eq!(balance, 120);
    assert_eq!(ledger["t1"]["reason"], "transfer_out");
    assert_eq!(ledger["t1"]["note"], "转给王小明");
    assert_eq!(ledger["e1"]["by_name"], "钱晓燕");
    let (changes, _) = son.pull(&app).await;
    let ledger = rows(&changes, "ledger");
    assert_eq!(ledger.keys().collect::<Vec<_>>(), ["t1:in"]);
    assert_eq!(ledger["t1:in"]["minutes"], 60);
    assert_eq!(ledger["t1:in"]["note"], "王秀兰转入");
    let inbox = rows(&changes, "inbox");
    assert!(
        inbox.values().any(|m| m["kind"] == "hours_received"),
        "{inbox:?}"
    );
}

#[tokio::test]
async fn each_device_sees_only_what_its_account_may() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    put_up(&app, &mut staff, "s1", tomorrow(), 5, "482100").await;
    for p in [&mut wang, &mut li] {
        p.becomes_volunteer(&app).await;
        let (id, signup) = (p.id.clone(), format!("g-{}", p.id));
        assert_applied(&p.act(&app, SIGN_UP, sign_up(&signup, "s1", &id)).await);
    }
    let adjust = json!({"entry_id": "e1", "user_id": li.id, "minutes": 60, "note": "补记"});
    assert_applied(&staff.act(&app, ADJUST_HOURS, adjust).await);

    let ids = |changes: &[Value], collection: &str| -> Vec<String> {
        rows(changes, collection).into_keys().collect()
    };
    let (changes, _) = wang.pull(&app).await;
    assert_eq!(ids(&changes, "activities"), ["a1"]);
    assert_eq!(rows(&changes, "shifts")["s1"].get("check_in_code"), None);
    assert_eq!(ids(&changes, "signups"), [format!("g-{}", wang.id)]);
    assert_eq!(
        rows(&changes, "signups")[&format!("g-{}", wang.id)]["user_name"],
        "王秀兰"
    );
    assert_eq!(ids(&changes, "volunteers"), [wang.id.clone()]);
    assert_eq!(rows(&changes, "volunteers")[&wang.id]["name"], "王秀兰");
    assert!(ids(&changes, "ledger").is_empty());
    let inbox = rows(&changes, "inbox");
    assert_eq!(inbox.len(), 1);
    assert!(inbox.values().all(|m| m["user_id"] == wang.id.as_str()));

    let (changes, _) = staff.pull(&app).await;
    assert_eq!(rows(&changes, "shifts")["s1"]["check_in_code"], "482100");
    assert_eq!(ids(&changes, "signups").len(), 2);
    assert_eq!(ids(&changes, "volunteers").len(), 2);
    assert_eq!(ids(&changes, "ledger"), ["e1"]);
    assert!(ids(&changes, "inbox").is_empty(), "nobody else's messages");

    let (community, _) = app.community("金石社区", "1栋").await;
    let (changes, _) = app
        .pull_all(None, &Device::new().client_id, Some(&community))
        .await;
    assert_eq!(ids(&changes, "activities"), ["a1"]);
    assert_eq!(rows(&changes, "shifts")["s1"]["confirmed"], 2);
    assert_eq!(rows(&changes, "shifts")["s1"].get("check_in_code"), None);
    for collection in ["signups", "volunteers", "ledger", "inbox"] {
        assert!(ids(&changes, collection).is_empty(), "{collection}");
    }

    // Another community sees none of it.
    let zhou = Person::login(&app, "13800000006").await;
    let (changes, _) = zhou.pull(&app).await;
    assert!(ids(&changes, "activities").is_empty());
    assert!(ids(&changes, "shifts").is_empty());
}

/// A GET with its headers and raw body.
async fn download(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().uri(path);
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn staff_export_rosters_and_hours_for_excel() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let (start, _) = shift_that_has_run(&app, &mut staff, &mut [&mut wang, &mut li]).await;
    let check = json!({"signup_id": format!("g-{}", wang.id), "code": "482100"});
    assert_applied(&wang.act_at(&app, CHECK_IN, check.clone(), start).await);
    assert_applied(
        &wang
            .act_at(&app, CHECK_OUT, check, start + 90 * MINUTE)
            .await,
    );

    let (status, headers, body) = download(
        &app,
        "/api/volunteer/shifts/s1/roster.csv",
        Some(&staff.token),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"roster-"),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''%E6%B8%85%E7%90%86"),
        "{disposition}"
    );
    assert_eq!(&body[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "姓名,手机号,楼栋,状态,候补顺序,签到时间,签退时间,计入时长（小时）"
    );
    assert!(
        lines[1].starts_with("王秀兰,13800000004,3栋,已确认,,"),
        "{text}"
    );
    assert!(lines[1].ends_with(",1.5"), "{text}");
    assert!(
        lines[2].starts_with("李志强,13800000005,12栋,已确认,"),
        "{text}"
    );

    let (status, _, body) = download(&app, "/api/volunteer/hours.csv", Some(&staff.token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&body[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "姓名,手机号,楼栋,服务次数,服务时长（小时）,时间银行余额（小时）"
    );
    assert!(
        lines.contains(&"王秀兰,13800000004,3栋,1,1.5,1.5"),
        "{text}"
    );
    assert!(lines.contains(&"李志强,13800000005,12栋,0,0,0"), "{text}");

    for path in [
        "/api/volunteer/shifts/s1/roster.csv",
        "/api/volunteer/hours.csv",
    ] {
        let (status, ..) = download(&app, path, Some(&wang.token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        let (status, ..) = download(&app, path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let (status, ..) = download(
        &app,
        "/api/volunteer/shifts/missing/roster.csv",
        Some(&staff.token),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_volunteering_is_seeded_once_through_the_rules() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    seed::demo(&app.pool).await.unwrap();
    let tables = [
        "activities",
        "shifts",
        "signups",
        "volunteers",
        "ledger",
        "inbox",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    seed::demo(&app.pool).await.unwrap();
    for (table, n) in tables.iter().zip(&before) {
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM {table}")).await,
            *n,
            "{table}"
        );
    }
    assert_eq!(before[0], 6);

    let staff = Person::login(&app, WORKER).await;
    let (changes, _) = staff.pull(&app).await;
    let shifts = rows(&changes, "shifts");
    assert!(
        shifts
            .values()
            .all(|s| s["starts_at"].as_i64().unwrap() > now())
    );
    assert!(
        shifts
            .values()
            .any(|s| s["capacity"] == 4 && s["confirmed"] == 4 && s["waitlisted"] == 1)
    );
    assert!(
        shifts
            .values()
            .any(|s| s["capacity"] == 5 && s["confirmed"] == 4)
    );
    let wang = Person::login(&app, RESIDENT).await;
    let (changes, _) = wang.pull(&app).await;
    assert!(
        rows(&changes, "signups")
            .values()
            .any(|s| s["position"] == 1)
    );
    // Hours served on shifts (she also paid an hour for help, in the 互助 demo).
    let served: i64 = rows(&changes, "ledger")
        .values()
        .filter(|e| e["reason"] == "served")
        .map(|e| e["minutes"].as_i64().unwrap())
        .sum();
    assert_eq!(served, 270);
}
