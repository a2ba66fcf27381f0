//! 报名 through the real router, on both backends: sign-ups arriving at once never take
//! more than a session's places and queue in order, the household limit, the building
//! batch and who may come are refused with clear codes and fields, cancelling promotes the
//! first waiting, the permission matrix of every step, and a resident's pull never carries
//! anyone else's sign-up.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{
    ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, field, refused, rows,
};
use linli_core::{notice, signup};
use linli_server::db;
use serde_json::{Value, json};

/// 李志强 (12栋); 陈玉梅 (楼栋长 of 3栋); 刘建华 (楼栋长 of 12栋); 黄丽 (网格员, 11–20栋).
/// 孙建国 (GRID) is the 网格员 of 1–10栋; 王秀兰 (RESIDENT) lives in 3栋.
const LI: &str = "13800000005";
const CHEN: &str = "13800000008";
const LIU: &str = "13800000009";
const HUANG: &str = "13800000011";
const WAITING: &str = "13800000012";

const HOUR: i64 = 60 * 60_000;
const DAY: i64 = 24 * HOUR;

async fn app() -> TestApp {
    TestApp::with_demo(common::pool().await).await
}

async fn building(app: &TestApp, name: &str) -> String {
    app.community("金石社区", name).await.1
}

/// 钱晓燕 publishes an 活动 notice and opens sign-ups on it (`who`, `per_household`) with
/// one session `s1` of `capacity` places in a week, for `batch` (building names) if given.
async fn open(
    app: &TestApp,
    who: Value,
    per_household: Option<u32>,
    capacity: u32,
    batch: Option<&[&str]>,
) -> Person {
    let mut worker = Person::login(app, WORKER).await;
    let n = common::notice("n1", "冬至暖心饺子宴报名", "normal", None);
    assert_applied(&worker.act(app, notice::PUBLISH, n).await);
    let opening = json!({
        "id": "o1", "subject": {"kind": "notice", "id": "n1"}, "title": "冬至暖心饺子宴",
        "note": "80岁以上独居老人优先", "who": who, "per_household": per_household,
    });
    assert_applied(&worker.act(app, signup::SAVE_OPENING, opening).await);
    let buildings = match batch {
        Some(names) => {
            let mut ids = Vec::new();
            for name in names {
                ids.push(building(app, name).await);
            }
            Some(ids)
        }
        None => None,
    };
    let session = session_args("s1", capacity, buildings);
    assert_applied(&worker.act(app, signup::SAVE_SESSION, session).await);
    worker
}

fn session_args(id: &str, capacity: u32, buildings: Option<Vec<String>>) -> Value {
    let starts = db::now_ms() + 7 * DAY;
    json!({
        "id": id, "opening_id": "o1", "starts_at": starts, "ends_at": starts + 2 * HOUR,
        "place": "党群服务中心三楼多功能厅", "capacity": capacity, "buildings": buildings,
    })
}

/// Sign-up arguments: `p` themselves, or their family member `family` (name).
fn entry(id: &str, session: &str, user_id: &str, family: Option<&str>, born: Option<i64>) -> Value {
    json!({
        "entry_id": id, "session_id": session, "user_id": user_id,
        "family": family.map(|name| json!({"name": name, "relation": "母亲"})),
        "born": born, "channel": "app",
    })
}

async fn status_of(app: &TestApp, id: &str) -> (String, Option<i64>) {
    let status: String = db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT status FROM signup_entries WHERE id = $1"
    )
    .bind(id)
    .fetch_one(ex)
    .await)
    .unwrap();
    let worker = Person::login(app, WORKER).await;
    let (changes, _) = worker.pull(app).await;
    let position = rows(&changes, signup::ENTRIES)[id]["position"].as_i64();
    (status, position)
}

#[tokio::test]
async fn sign_ups_arriving_at_once_never_take_more_than_the_places() {
    let app = app().await;
    open(&app, json!({"kind": "everyone"}), None, 4, None).await;
    let mut tasks = Vec::new();
    let mut n = 0;
    for phone in [RESIDENT, LI, CHEN, LIU, GRID] {
        for family in ["张秀英", "李桂兰"] {
            n += 1;
            let mut p = Person::login(&app, phone).await;
            let id = format!("e{n}");
            let m = p
                .device
                .mutation(signup::SIGN_UP, entry(&id, "s1", &p.id, Some(family), None));
            let body = p.device.push_body(&[m]);
            let (router, pool) = (app.router.clone(), app.pool.clone());
            tasks.push(tokio::spawn(async move {
                let app = TestApp { router, pool };
                let reply = app.post("/api/sync/push", Some(&p.token), body).await;
                reply.body["results"][0]["outcome"].clone()
            }));
        }
    }
    let mut confirmed = 0;
    let mut positions = Vec::new();
    for task in tasks {
        let outcome = task.await.unwrap();
        assert_applied(&outcome);
        match outcome["decision"]["status"].as_str() {
            Some("confirmed") => confirmed += 1,
            Some("waitlisted") => positions.push(outcome["decision"]["position"].as_i64().unwrap()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(confirmed, 4);
    positions.sort_unstable();
    assert_eq!(positions, [1, 2, 3, 4, 5, 6]);
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM signup_entries WHERE session_id = 's1' AND status = 'confirmed'",
    )
    .await;
    assert_eq!(stored, 4);
    // Everyone's device sees the session full, with six waiting.
    let wang = Person::login(&app, RESIDENT).await;
    let (changes, _) = wang.pull(&app).await;
    let session = &rows(&changes, signup::SESSIONS)["s1"];
    assert_eq!(
        (
            session["confirmed"].as_i64(),
            session["waitlisted"].as_i64()
        ),
        (Some(4), Some(6))
    );
}

#[tokio::test]
async fn household_limit_batch_and_age_are_refused_with_clear_codes() {
    let app = app().await;
    let worker = open(
        &app,
        json!({"kind": "aged", "from_age": 65}),
        Some(2),
        60,
        Some(&["1栋", "2栋", "3栋"]),
    )
    .await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let id = wang.id.clone();

    // No birth year: asked for it.
    let outcome = wang
        .act(
            &app,
            signup::SIGN_UP,
            entry("e1", "s1", &id, Some("张秀英"), None),
        )
        .await;
    assert_eq!(outcome["code"], "validation");
    assert!(field(&outcome, "born"), "{outcome:?}");
    // Too young for 65+.
    let outcome = wang
        .act(
            &app,
            signup::SIGN_UP,
            entry("e1", "s1", &id, None, Some(1970)),
        )
        .await;
    assert_eq!(outcome["code"], "forbidden");
    assert!(field(&outcome, "born"));
    assert_eq!(
        refused(&outcome),
        format!(
            "只限65岁以上（{}年或以前出生）的老人报名",
            signup::year_of(db::now_ms()) - 65
        )
    );
    // Her mother and her father: the household's two.
    assert_applied(
        &wang
            .act(
                &app,
                signup::SIGN_UP,
                entry("e1", "s1", &id, Some("张秀英"), Some(1948)),
            )
            .await,
    );
    let outcome = wang
        .act(
            &app,
            signup::SIGN_UP,
            entry("e2", "s1", &id, Some("张秀英"), Some(1948)),
        )
        .await;
    assert_eq!(refused(&outcome), "张秀英已经报过「冬至暖心饺子宴」了");
    assert_applied(
        &wang
            .act(
                &app,
                signup::SIGN_UP,
                entry("e2", "s1", &id, Some("王德厚"), Some(1946)),
            )
            .await,
    );
    let outcome = wang
        .act(
            &app,
            signup::SIGN_UP,
            entry("e3", "s1", &id, Some("王奶奶"), Some(1930)),
        )
        .await;
    assert_eq!(outcome["code"], "conflict");
    assert!(field(&outcome, "user_id"));
    assert_eq!(refused(&outcome), "每户最多报 2 人，您家已经报了 2 人");

    // 李志强 lives in 12栋: not this batch.
    let mut li = Person::login(&app, LI).await;
    let li_id = li.id.clone();
    let outcome = li
        .act(
            &app,
            signup::SIGN_UP,
            entry("e4", "s1", &li_id, None, Some(1950)),
        )
        .await;
    assert_eq!(outcome["code"], "forbidden");
    assert!(field(&outcome, "session_id"));
    assert_eq!(
        refused(&outcome),
        "这一场是其他楼栋的批次，请选您家所在楼栋的那一场"
    );
    // Waiting to be verified: not yet.
    let mut waiting = Person::login(&app, WAITING).await;
    let waiting_id = waiting.id.clone();
    let outcome = waiting
        .act(
            &app,
            signup::SIGN_UP,
            entry("e5", "s1", &waiting_id, None, Some(1950)),
        )
        .await;
    assert_eq!(outcome["code"], "forbidden");

    // Only one building's residents.
    let mut worker = worker;
    let b12 = building(&app, "12栋").await;
    let opening = json!({
        "id": "o1", "subject": {"kind": "notice", "id": "n1"}, "title": "12栋楼道议事会",
        "who": {"kind": "building", "building_id": b12},
    });
    assert_applied(&worker.act(&app, signup::SAVE_OPENING, opening).await);
    let outcome = wang
        .act(&app, signup::SIGN_UP, entry("e6", "s1", &id, None, None))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    assert!(field(&outcome, "user_id"));
    // Never fewer places than those already confirmed.
    let outcome = worker
        .act(&app, signup::SAVE_SESSION, session_args("s1", 1, None))
        .await;
    assert_eq!(outcome["code"], "validation");
    assert!(field(&outcome, "capacity"));
}

#[tokio::test]
async fn cancelling_promotes_the_first_waiting() {
    let app = app().await;
    open(&app, json!({"kind": "everyone"}), None, 1, None).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut chen = Person::login(&app, CHEN).await;
    let (wang_id, li_id, chen_id) = (wang.id.clone(), li.id.clone(), chen.id.clone());
    let first = wang
        .act(
            &app,
            signup::SIGN_UP,
            entry("e1", "s1", &wang_id, None, None),
        )
        .await;
    assert_eq!(first["decision"], json!({"status": "confirmed"}));
    let second = li
        .act(&app, signup::SIGN_UP, entry("e2", "s1", &li_id, None, None))
        .await;
    assert_eq!(
        second["decision"],
        json!({"status": "waitlisted", "position": 1})
    );
    let third = chen
        .act(
            &app,
            signup::SIGN_UP,
            entry("e3", "s1", &chen_id, None, None),
        )
        .await;
    assert_eq!(
        third["decision"],
        json!({"status": "waitlisted", "position": 2})
    );

    assert_applied(
        &wang
            .act(&app, signup::CANCEL, json!({"entry_id": "e1"}))
            .await,
    );
    assert_eq!(status_of(&app, "e1").await, ("cancelled".to_owned(), None));
    assert_eq!(status_of(&app, "e2").await, ("confirmed".to_owned(), None));
    assert_eq!(
        status_of(&app, "e3").await,
        ("waitlisted".to_owned(), Some(1))
    );
    let (changes, _) = li.pull(&app).await;
    let inbox = rows(&changes, linli_core::inbox::INBOX);
    assert!(
        inbox.values().any(|m| m["text"]
            .as_str()
            .unwrap()
            .contains("您已从候补转为正式参加「冬至暖心饺子宴」")),
        "{inbox:?}"
    );
    let outcome = wang
        .act(&app, signup::CANCEL, json!({"entry_id": "e1"}))
        .await;
    assert_eq!(refused(&outcome), "这次报名已经取消了");
    // A larger capacity takes the next one in at once.
    let mut worker = Person::login(&app, WORKER).await;
    assert_applied(
        &worker
            .act(&app, signup::SAVE_SESSION, session_args("s1", 2, None))
            .await,
    );
    assert_eq!(status_of(&app, "e3").await, ("confirmed".to_owned(), None));
}

#[tokio::test]
async fn who_may_do_what() {
    let app = app().await;
    let worker = open(&app, json!({"kind": "everyone"}), None, 10, None).await;
    // Opening sign-ups: 社区工作者 and admins only.
    for (phone, allowed) in [
        (RESIDENT, false),
        (CHEN, false),
        (GRID, false),
        (WORKER, true),
        (ADMIN, true),
    ] {
        let mut p = Person::login(&app, phone).await;
        let opening = json!({
            "id": format!("o-{phone}"), "subject": {"kind": "notice", "id": "n1"},
            "title": "银龄学用手机", "who": {"kind": "everyone"},
        });
        let outcome = p.act(&app, signup::SAVE_OPENING, opening).await;
        assert_eq!(
            outcome["status"] == "applied",
            allowed,
            "{phone}: {outcome:?}"
        );
        let session = json!({
            "id": format!("s-{phone}"), "opening_id": "o1", "starts_at": db::now_ms() + DAY,
            "ends_at": db::now_ms() + DAY + HOUR, "place": "老年学堂", "capacity": 30,
        });
        let outcome = p.act(&app, signup::SAVE_SESSION, session).await;
        assert_eq!(
            outcome["status"] == "applied",
            allowed,
            "{phone}: {outcome:?}"
        );
    }
    let wang_id = app.user_id(RESIDENT).await;
    let li_id = app.user_id(LI).await;
    // 代办: a 网格员 for residents of their grid (王秀兰, 3栋), not beyond (李志强, 12栋);
    // a 楼栋长 or a resident not at all.
    let desk = |id: &str, user: &str| json!({"entry_id": id, "session_id": "s1", "user_id": user, "channel": "phone"});
    let cases = [
        (GRID, "d1", wang_id.as_str(), true),
        (GRID, "d2", li_id.as_str(), false),
        (HUANG, "d3", li_id.as_str(), true),
        (CHEN, "d4", wang_id.as_str(), false),
        (LI, "d5", wang_id.as_str(), false),
    ];
    for (phone, id, user, allowed) in cases {
        let mut p = Person::login(&app, phone).await;
        let outcome = p.act(&app, signup::SIGN_UP, desk(id, user)).await;
        assert_eq!(
            outcome["status"] == "applied",
            allowed,
            "{phone} {id}: {outcome:?}"
        );
        if !allowed {
            assert_eq!(outcome["code"], "forbidden", "{phone} {id}");
        }
    }
    let channel: (String, String) = db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT e.channel, u.display_name FROM signup_entries e JOIN users u ON u.id = e.filed_by_id WHERE e.id = 'd1'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(channel, ("phone".to_owned(), "孙建国".to_owned()));
    // One's own sign-up is in the app; staff say how the resident asked.
    let mut wang = Person::login(&app, RESIDENT).await;
    let outcome = wang.act(&app, signup::SIGN_UP, desk("d6", &wang_id)).await;
    assert!(field(&outcome, "channel"));
    let mut grid = Person::login(&app, GRID).await;
    let outcome = grid
        .act(
            &app,
            signup::SIGN_UP,
            entry("d7", "s1", &wang_id, Some("张秀英"), None),
        )
        .await;
    assert!(field(&outcome, "channel"));
    // Cancelling someone else's: only staff who act for them.
    let mut li = Person::login(&app, LI).await;
    let outcome = li
        .act(&app, signup::CANCEL, json!({"entry_id": "d1"}))
        .await;
    assert_eq!(outcome["code"], "forbidden");
    // Attendance: 社区工作者 and admins.
    for (phone, allowed) in [
        (RESIDENT, false),
        (CHEN, false),
        (GRID, false),
        (WORKER, true),
    ] {
        let mut p = Person::login(&app, phone).await;
        let outcome = p
            .act(
                &app,
                signup::MARK_ATTENDANCE,
                json!({"entry_id": "d1", "attended": true}),
            )
            .await;
        assert_eq!(
            outcome["status"] == "applied",
            allowed,
            "{phone}: {outcome:?}"
        );
    }
    let attended = count(&app, "SELECT COUNT(*) FROM signup_entries WHERE attended").await;
    assert_eq!(attended, 1);

    // The list as CSV for Excel: a 网格员 their grid's lines, a 社区工作者 everyone's.
    let path = "/api/signup/openings/o1/list.csv";
    let csv = |token: String| {
        let app = &app;
        async move {
            let (status, bytes) = app
                .send_raw(Method::GET, path, Some(&token), Body::empty(), false)
                .await;
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };
    let (status, all) = csv(worker.token.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(all.starts_with('\u{feff}'), "BOM for Excel");
    assert!(
        all.contains("王秀兰,13800000004,3栋 2单元 301,已确认,,电话反映,孙建国"),
        "{all}"
    );
    assert!(all.contains("李志强,13800000005,12栋"), "{all}");
    let (_, grid_csv) = csv(grid.token.clone()).await;
    assert!(
        grid_csv.contains("王秀兰") && !grid_csv.contains("李志强"),
        "{grid_csv}"
    );
    for phone in [RESIDENT, CHEN] {
        let (status, _) = csv(app.login(phone).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{phone}");
    }
}

#[tokio::test]
async fn a_resident_never_receives_anyone_elses_sign_up() {
    let app = app().await;
    open(&app, json!({"kind": "everyone"}), None, 10, None).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let (wang_id, li_id) = (wang.id.clone(), li.id.clone());
    assert_applied(
        &wang
            .act(
                &app,
                signup::SIGN_UP,
                entry("e1", "s1", &wang_id, Some("张秀英"), Some(1948)),
            )
            .await,
    );
    assert_applied(
        &li.act(
            &app,
            signup::SIGN_UP,
            entry("e2", "s1", &li_id, Some("李桂兰"), Some(1950)),
        )
        .await,
    );

    let seen = |p: &Person| {
        let app = &app;
        let token = p.token.clone();
        let client = p.device.client_id.clone();
        async move {
            let (changes, _) = app.pull_all(Some(&token), &client, None).await;
            let entries: Vec<Value> = changes
                .into_iter()
                .filter(|c| c["collection"] == signup::ENTRIES)
                .collect();
            (
                rows(&entries, signup::ENTRIES),
                serde_json::to_string(&entries).unwrap(),
            )
        }
    };
    let (mine, sent) = seen(&wang).await;
    assert_eq!(mine.keys().collect::<Vec<_>>(), ["e1"]);
    assert_eq!(mine["e1"]["status"], "confirmed");
    assert_eq!(mine["e1"]["flat"], "3栋 2单元 301");
    for other in ["李志强", "李桂兰", "13800000005", "12栋"] {
        assert!(!sent.contains(other), "{other} in {sent}");
    }
    // A 楼栋长 sees only their own; a 网格员 their grid's; a 社区工作者 everyone's.
    let (chen, _) = seen(&Person::login(&app, CHEN).await).await;
    assert!(chen.is_empty(), "{chen:?}");
    let (grid, _) = seen(&Person::login(&app, GRID).await).await;
    assert_eq!(grid.keys().collect::<Vec<_>>(), ["e1"]);
    let (worker, _) = seen(&Person::login(&app, WORKER).await).await;
    assert_eq!(worker.keys().collect::<Vec<_>>(), ["e1", "e2"]);
    // Openings and sessions are the community's to see, places included.
    let (changes, _) = li.pull(&app).await;
    assert_eq!(rows(&changes, signup::SESSIONS)["s1"]["confirmed"], 2);
    assert_eq!(
        rows(&changes, signup::OPENINGS)["o1"]["note"],
        "80岁以上独居老人优先"
    );
}

/// Signed up offline: the same mutation sent twice (a lost answer) is decided once.
#[tokio::test]
async fn a_sign_up_sent_again_is_decided_once() {
    let app = app().await;
    open(&app, json!({"kind": "everyone"}), None, 1, None).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let id = wang.id.clone();
    let m = wang.device.mutation(
        signup::SIGN_UP,
        entry("e1", "s1", &id, Some("张秀英"), None),
    );
    let first = wang.send(&app, m.clone()).await;
    let again = wang.send(&app, m).await;
    assert_eq!(first, again);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM signup_entries").await, 1);
}

/// The demo's sign-ups go through the same rules, once: the health check by building
/// batch, the 冬至 lunch's 60 places and the phone class's 30, with the notices naming
/// the sessions' days.
#[tokio::test]
async fn demo_sign_ups_are_seeded_once_through_the_rules() {
    let app = app().await;
    linli_server::seed::demo(&app.pool).await.unwrap();
    let tables = ["signup_openings", "signup_sessions", "signup_entries"];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    linli_server::seed::demo(&app.pool).await.unwrap();
    for (table, n) in tables.iter().zip(&before) {
        let again = count(&app, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(again, *n, "{table}");
    }
    assert_eq!(before, [3, 6, 61]);

    let wang = Person::login(&app, RESIDENT).await;
    let (changes, _) = wang.pull(&app).await;
    let openings = rows(&changes, signup::OPENINGS);
    let capacities: Vec<i64> = rows(&changes, signup::SESSIONS)
        .values()
        .map(|s| s["capacity"].as_i64().unwrap())
        .collect();
    assert_eq!(openings.len(), 3);
    assert!(
        capacities.contains(&60) && capacities.contains(&30),
        "{capacities:?}"
    );
    let notices = rows(&changes, notice::NOTICES);
    for n in notices.values() {
        let body = n["body"].as_str().unwrap();
        assert!(!body.contains("{{"), "{body}");
    }
    // Her own sign-ups only: none in the demo.
    assert!(rows(&changes, signup::ENTRIES).is_empty());
}
