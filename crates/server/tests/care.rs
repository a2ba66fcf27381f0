//! 一户一表 and household visits through the real router: who may do what to the register
//! and who receives which fields on their device (a permission matrix), audited reads of
//! whole records, and calls and visits logged exactly once, 需要帮助 filing one case.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{
    ADMIN, Device, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, refused, rows,
};
use linli_core::care;
use serde_json::{Value, json};

/// 陈玉梅, 楼栋长 of 3栋; 刘建华, 楼栋长 of 12栋; 黄丽, 网格员 of 11–20栋; 李志强, resident
/// of 12栋; 物业.
const HEAD_3: &str = "13800000008";
const HEAD_12: &str = "13800000009";
const GRID_2: &str = "13800000011";
const RESIDENT_12: &str = "13800000005";
const PROPERTY: &str = "13800000010";

const HOUSEHOLD_3: &str = "hh-3-2-301";
const HOUSEHOLD_12: &str = "hh-12-1-502";

fn household(id: &str, building_id: &str, unit: &str, room: &str, name: &str) -> Value {
    json!({
        "id": id,
        "building_id": building_id,
        "unit": unit,
        "room": room,
        "members": [
            {"id": "m1", "name": name, "birth_year": 1941, "phone": "13912345678",
             "relation": "户主", "lives_here": true},
            {"id": "m2", "name": "在外的儿子", "birth_year": 1968, "phone": "13987654321",
             "relation": "儿子", "lives_here": false},
        ],
        "emergency": {"name": "在外的儿子", "phone": "13987654321", "relation": "儿子"},
        "note": "膝盖不好，上楼慢",
    })
}

fn tags(id: &str) -> Value {
    json!({"household_id": id, "tags": [
        {"kind": "alone"}, {"kind": "dibao"}, {"kind": "disability", "grade": 2},
    ]})
}

fn contact(id: &str, household: &str, kind: &str, outcome: &str) -> Value {
    json!({"id": id, "household_id": household, "kind": kind, "outcome": outcome, "note": "暖气不热"})
}

/// The demo app with a household in 3栋 (王秀兰's flat) and one in 12栋 (李志强's), each
/// registered and tagged by its 网格员.
async fn register() -> (TestApp, String, String) {
    let app = TestApp::with_demo(common::pool().await).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let (_, b12) = app.community("金石社区", "12栋").await;
    let mut grid = Person::login(&app, GRID).await;
    let mut grid2 = Person::login(&app, GRID_2).await;
    let h3 = household(HOUSEHOLD_3, &b3, "2", "301", "王秀兰");
    assert_applied(&grid.act(&app, care::SAVE_HOUSEHOLD, h3).await);
    assert_applied(&grid.act(&app, care::SET_TAGS, tags(HOUSEHOLD_3)).await);
    let h12 = household(HOUSEHOLD_12, &b12, "1", "502", "李志强");
    assert_applied(&grid2.act(&app, care::SAVE_HOUSEHOLD, h12).await);
    (app, b3, b12)
}

/// Every register action × role: applied, or refused in the role's words.
#[tokio::test]
async fn who_may_change_the_register() {
    let (app, b3, _) = register().await;
    let new_flat = |id: &str| household(id, &b3, "1", "601", "新住户");
    let visit = |household: &str| {
        contact(
            &uuid::Uuid::new_v4().to_string(),
            household,
            "visit",
            "normal",
        )
    };
    let correction = json!({"household_id": HOUSEHOLD_3, "members": [
        {"id": "m1", "name": "王秀兰", "birth_year": 1942, "phone": "13912345678",
         "relation": "户主", "lives_here": true},
    ], "emergency": {"name": "王小红", "phone": "13911112222", "relation": "女儿"}});
    let rhythm = json!({"id": "alone", "tags": ["alone"], "call": {"every": 1, "unit": "week"},
                        "visit": {"every": 1, "unit": "month"}});
    // (phone, mutation, args, allowed)
    let matrix: Vec<(&str, &str, Value, Option<&str>)> = vec![
        (GRID, care::SAVE_HOUSEHOLD, new_flat("n1"), None),
        (
            WORKER,
            care::SAVE_HOUSEHOLD,
            new_flat("n2"),
            Some("这一户已经登记过了"),
        ),
        (
            ADMIN,
            care::SAVE_HOUSEHOLD,
            household("n3", &b3, "3", "101", "甲"),
            None,
        ),
        (
            GRID_2,
            care::SAVE_HOUSEHOLD,
            household("n4", &b3, "3", "102", "乙"),
            Some("这不在您负责的网格内"),
        ),
        (
            HEAD_3,
            care::SAVE_HOUSEHOLD,
            household("n5", &b3, "3", "103", "丙"),
            Some(care::NOT_KEEPER),
        ),
        (
            RESIDENT,
            care::SAVE_HOUSEHOLD,
            household("n6", &b3, "3", "104", "丁"),
            Some(care::NOT_KEEPER),
        ),
        (
            PROPERTY,
            care::SAVE_HOUSEHOLD,
            household("n7", &b3, "3", "105", "戊"),
            Some(care::NOT_KEEPER),
        ),
        (GRID, care::SET_TAGS, tags(HOUSEHOLD_3), None),
        (WORKER, care::SET_TAGS, tags(HOUSEHOLD_12), None),
        (
            GRID,
            care::SET_TAGS,
            tags(HOUSEHOLD_12),
            Some("这不在您负责的网格内"),
        ),
        (
            HEAD_3,
            care::SET_TAGS,
            tags(HOUSEHOLD_3),
            Some(care::NOT_KEEPER),
        ),
        (
            RESIDENT,
            care::SET_TAGS,
            tags(HOUSEHOLD_3),
            Some(care::NOT_KEEPER),
        ),
        (RESIDENT, care::CORRECT_HOUSEHOLD, correction.clone(), None),
        (
            RESIDENT_12,
            care::CORRECT_HOUSEHOLD,
            correction.clone(),
            Some(care::NOT_OWN),
        ),
        (
            HEAD_3,
            care::CORRECT_HOUSEHOLD,
            correction.clone(),
            Some(care::NOT_OWN),
        ),
        (
            GRID,
            care::CORRECT_HOUSEHOLD,
            correction,
            Some(care::NOT_OWN),
        ),
        (GRID, care::LOG_CONTACT, visit(HOUSEHOLD_3), None),
        (HEAD_3, care::LOG_CONTACT, visit(HOUSEHOLD_3), None),
        (WORKER, care::LOG_CONTACT, visit(HOUSEHOLD_3), None),
        (
            HEAD_12,
            care::LOG_CONTACT,
            visit(HOUSEHOLD_3),
            Some("只能办理您所在楼栋的事"),
        ),
        (
            GRID_2,
            care::LOG_CONTACT,
            visit(HOUSEHOLD_3),
            Some("这不在您负责的网格内"),
        ),
        (
            RESIDENT,
            care::LOG_CONTACT,
            visit(HOUSEHOLD_3),
            Some(care::NOT_LISTED),
        ),
        (
            PROPERTY,
            care::LOG_CONTACT,
            visit(HOUSEHOLD_3),
            Some(care::NOT_LISTED),
        ),
        (WORKER, care::SAVE_RHYTHM, rhythm.clone(), None),
        (
            GRID,
            care::SAVE_RHYTHM,
            rhythm.clone(),
            Some(care::NOT_RHYTHM_SETTER),
        ),
        (
            HEAD_3,
            care::SAVE_RHYTHM,
            rhythm,
            Some(care::NOT_RHYTHM_SETTER),
        ),
    ];
    for (phone, name, args, refusal) in matrix {
        let mut person = Person::login(&app, phone).await;
        let outcome = person.act(&app, name, args).await;
        match refusal {
            None => assert_applied(&outcome),
            Some(words) => assert!(
                refused(&outcome).contains(words),
                "{phone} {name}: {outcome:?}"
            ),
        }
    }
    // The resident's correction is what the register now holds.
    let members = count(
        &app,
        "SELECT COUNT(*) FROM care_households WHERE members LIKE '%1942%' AND emergency LIKE '%王小红%'",
    )
    .await;
    assert_eq!(members, 1);
    // Bad input is refused field by field, in plain words, and changes nothing.
    let mut grid = Person::login(&app, GRID).await;
    let mut bad = household(HOUSEHOLD_3, &b3, "2", "301", " ");
    bad["members"][0]["birth_year"] = json!(2099);
    let outcome = grid.act(&app, care::SAVE_HOUSEHOLD, bad).await;
    assert!(refused(&outcome).contains("请填写姓名"), "{outcome:?}");
    assert!(common::field(&outcome, "members.0.birth_year"));
}

/// Strings a device of each role must never receive about 王秀兰's household.
const HIDDEN_FROM_SUMMARY: [&str; 7] = [
    "birth_year",
    "13912345678",
    "grade",
    "dibao",
    "emergency",
    "膝盖",
    "在外的儿子",
];

/// Which roles receive the 3栋 household on their device, and which of its fields.
#[tokio::test]
async fn each_device_receives_only_what_its_account_may_see() {
    let (app, _, _) = register().await;
    let mut head = Person::login(&app, HEAD_3).await;
    let by_head = uuid::Uuid::new_v4().to_string();
    let outcome = head
        .act(
            &app,
            care::LOG_CONTACT,
            contact(&by_head, HOUSEHOLD_3, "call", "normal"),
        )
        .await;
    assert_applied(&outcome);
    let mut grid = Person::login(&app, GRID).await;
    let by_grid = uuid::Uuid::new_v4().to_string();
    let outcome = grid
        .act(
            &app,
            care::LOG_CONTACT,
            contact(&by_grid, HOUSEHOLD_3, "visit", "normal"),
        )
        .await;
    assert_applied(&outcome);

    enum Sees {
        Nothing,
        Full,
        Summary,
        Own,
    }
    let matrix = [
        (GRID, Sees::Full, 2),
        (GRID_2, Sees::Nothing, 0),
        (HEAD_3, Sees::Summary, 1),
        (HEAD_12, Sees::Nothing, 0),
        (WORKER, Sees::Summary, 0),
        (ADMIN, Sees::Summary, 0),
        (RESIDENT, Sees::Own, 0),
        (RESIDENT_12, Sees::Nothing, 0),
        (PROPERTY, Sees::Nothing, 0),
    ];
    for (phone, sees, visits) in matrix {
        let person = Person::login(&app, phone).await;
        let (changes, _) = person.pull(&app).await;
        let households = rows(&changes, care::HOUSEHOLDS);
        let row = households.get(HOUSEHOLD_3);
        let text = row.map(Value::to_string).unwrap_or_default();
        match sees {
            Sees::Nothing => assert!(row.is_none(), "{phone}: {text}"),
            Sees::Full => {
                for field in [
                    "1941",
                    "13912345678",
                    "\"grade\":2",
                    "dibao",
                    "膝盖",
                    "aged",
                ] {
                    assert!(text.contains(field), "{phone} lacks {field}: {text}");
                }
            }
            Sees::Summary => {
                for field in HIDDEN_FROM_SUMMARY {
                    assert!(!text.contains(field), "{phone} got {field}: {text}");
                }
                for field in ["王秀兰", "301", "alone", "disability", "aged"] {
                    assert!(text.contains(field), "{phone} lacks {field}: {text}");
                }
            }
            Sees::Own => {
                for field in ["1941", "13912345678", "emergency", "在外的儿子"] {
                    assert!(text.contains(field), "{phone} lacks {field}: {text}");
                }
                for field in ["dibao", "alone", "膝盖", "last_visit_at"] {
                    assert!(!text.contains(field), "{phone} got {field}: {text}");
                }
            }
        }
        // 12栋's household reaches nobody of 3栋.
        let twelve = households.contains_key(HOUSEHOLD_12);
        let sees_twelve = matches!(phone, GRID_2 | WORKER | ADMIN | HEAD_12 | RESIDENT_12);
        assert_eq!(twelve, sees_twelve, "{phone} and 12栋");
        assert_eq!(
            rows(&changes, care::VISITS).len(),
            visits,
            "{phone}'s visits"
        );
        let rhythms = rows(&changes, care::RHYTHMS).len();
        assert_eq!(
            rhythms > 0,
            !matches!(phone, RESIDENT | RESIDENT_12 | PROPERTY),
            "{phone}'s rhythms"
        );
    }
}

/// Whole records read online: the 网格员 unaudited, other staff audited, a 楼栋长 the
/// summary, residents their own, everyone else nothing.
#[tokio::test]
async fn reading_a_whole_record_online() {
    let (app, _, _) = register().await;
    let path = format!("/api/care/households/{HOUSEHOLD_3}");
    let audited = |app: &TestApp| {
        let app = app.pool.clone();
        async move {
            linli_server::db::run!(&app, |ex| sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'care.read' AND target_id = $1"
            )
            .bind(HOUSEHOLD_3)
            .fetch_one(ex)
            .await)
            .unwrap()
        }
    };
    let cases = [
        (GRID, StatusCode::OK, Some("13912345678"), 0),
        (WORKER, StatusCode::OK, Some("13912345678"), 1),
        (ADMIN, StatusCode::OK, Some("dibao"), 2),
        (HEAD_3, StatusCode::OK, None, 2),
        (RESIDENT, StatusCode::OK, Some("在外的儿子"), 2),
        (GRID_2, StatusCode::NOT_FOUND, None, 2),
        (HEAD_12, StatusCode::NOT_FOUND, None, 2),
        (RESIDENT_12, StatusCode::NOT_FOUND, None, 2),
        (PROPERTY, StatusCode::NOT_FOUND, None, 2),
    ];
    for (phone, status, shows, audit_entries) in cases {
        let token = app.login(phone).await;
        let reply = app.get(&path, Some(&token)).await;
        assert_eq!(reply.status, status, "{phone}: {:?}", reply.body);
        let text = reply.body.to_string();
        match shows {
            Some(field) => assert!(text.contains(field), "{phone}: {text}"),
            None if status == StatusCode::OK => {
                for field in HIDDEN_FROM_SUMMARY {
                    assert!(!text.contains(field), "{phone} got {field}: {text}");
                }
            }
            None => assert_eq!(reply.body["code"], "not_found"),
        }
        assert_eq!(audited(&app).await, audit_entries, "{phone}'s read");
    }
    let unknown = app
        .get("/api/care/households/nope", Some(&app.login(GRID).await))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

/// A contact sent again — the same push replayed, or the same visit in a new mutation —
/// is logged once, and 需要帮助 files exactly one case, linked to the visit.
#[tokio::test]
async fn contacts_are_logged_exactly_once() {
    let (app, _, _) = register().await;
    let grid = Person::login(&app, GRID).await;
    let mut device = Device::new();
    let help = uuid::Uuid::new_v4().to_string();
    let normal = uuid::Uuid::new_v4().to_string();
    let batch = [
        device.mutation(
            care::LOG_CONTACT,
            contact(&normal, HOUSEHOLD_3, "visit", "normal"),
        ),
        device.mutation(
            care::LOG_CONTACT,
            contact(&help, HOUSEHOLD_3, "visit", "needs_help"),
        ),
    ];
    for _ in 0..3 {
        let reply = app.push(&grid.token, &device, &batch).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        for result in reply.body["results"].as_array().unwrap() {
            assert_applied(&result["outcome"]);
        }
    }
    // The same visit under a new mutation (a device that lost its outbox's progress).
    let again = device.mutation(
        care::LOG_CONTACT,
        contact(&help, HOUSEHOLD_3, "visit", "needs_help"),
    );
    let reply = app.push(&grid.token, &device, &[again]).await;
    assert_applied(&reply.body["results"][0]["outcome"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM care_visits").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1);
    let linked = format!(
        "SELECT COUNT(*) FROM care_visits v JOIN reports r ON r.id = v.case_id
         WHERE v.id = '{help}' AND r.channel = 'visit' AND r.reporter_name = '王秀兰'
           AND r.contact_phone = '13912345678'"
    );
    assert_eq!(count(&app, &linked).await, 1);
    // Someone else cannot take the visit's id.
    let mut head = Person::login(&app, HEAD_3).await;
    let outcome = head
        .act(
            &app,
            care::LOG_CONTACT,
            contact(&help, HOUSEHOLD_3, "call", "normal"),
        )
        .await;
    assert!(refused(&outcome).contains("编号已经用过了"));
    // The case reaches the 网格员's 说事 list, filed by them for the household.
    let (changes, _) = grid.pull(&app).await;
    let case = &rows(&changes, linli_core::report::REPORTS)[&help];
    assert_eq!(case["reporter_name"], "王秀兰");
    assert!(case["description"].as_str().unwrap().contains("暖气不热"));
    let household = &rows(&changes, care::HOUSEHOLDS)[HOUSEHOLD_3];
    assert_eq!(household["contacts"]["missed_in_row"], 0);
    assert!(household["contacts"]["last_visit_at"].is_i64());
}

/// 没见到人 twice in a row counts up on the household, which the lists flag.
#[tokio::test]
async fn missing_twice_in_a_row_is_counted() {
    let (app, _, _) = register().await;
    let mut head = Person::login(&app, HEAD_3).await;
    for _ in 0..2 {
        let id = uuid::Uuid::new_v4().to_string();
        let outcome = head
            .act(
                &app,
                care::LOG_CONTACT,
                contact(&id, HOUSEHOLD_3, "visit", "not_seen"),
            )
            .await;
        assert_applied(&outcome);
    }
    let (changes, _) = head.pull(&app).await;
    let h: care::Household =
        serde_json::from_value(rows(&changes, care::HOUSEHOLDS)[HOUSEHOLD_3].clone()).unwrap();
    assert_eq!(h.contacts.missed_in_row, 2);
    assert_eq!(h.contacts.last_visit_at, None);
    let today = (linli_server::db::now_ms() + 8 * 3_600_000) / 86_400_000;
    assert!(care::flags(&h, today).contains(&care::Flag::MissedTwice));
}

/// The demo register: played through the rules, again without adding anything, with
/// 孙建国's lists as the seed's README promises them.
#[tokio::test]
async fn the_demo_register_has_visits_due_today_and_one_overdue() {
    let app = TestApp::with_demo(common::pool().await).await;
    linli_server::seed::demo_care(&app.pool).await.unwrap();
    linli_server::seed::demo_care(&app.pool).await.unwrap();
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM care_households").await,
        32
    );
    let grid = Person::login(&app, GRID).await;
    let (changes, _) = grid.pull(&app).await;
    let households: Vec<care::Household> = rows(&changes, care::HOUSEHOLDS)
        .into_values()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    assert_eq!(households.len(), 29, "第一网格's households");
    let today = (linli_server::db::now_ms() + 8 * 3_600_000) / 86_400_000;
    let visits = care::today_list(&households, today, care::ContactKind::Visit);
    let calls = care::today_list(&households, today, care::ContactKind::Call);
    let flat = |id: &str| households.iter().find(|h| h.id == id).unwrap().flat();
    let overdue: Vec<String> = visits
        .iter()
        .chain(&calls)
        .filter(|i| i.overdue_days > 0)
        .map(|i| flat(&i.household_id))
        .collect();
    assert_eq!(overdue, ["5栋 1单元 101"]);
    assert_eq!((visits.len(), calls.len()), (7, 2), "{visits:?} {calls:?}");
    let mut flagged: Vec<(String, Vec<care::Flag>)> = households
        .iter()
        .map(|h| (h.flat(), care::flags(h, today)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    flagged.sort();
    assert_eq!(
        flagged,
        [
            ("4栋 1单元 602".to_owned(), vec![care::Flag::MissedTwice]),
            ("5栋 1单元 101".to_owned(), vec![care::Flag::OverdueAlone]),
        ]
    );
}

/// The 台账: the register as a CSV file in the importer's columns (imported again, it
/// changes nothing), a month's contacts, the figures per grid. A 网格员 gets their grid's
/// only; a file beyond one grid is audited; 楼栋长 and residents get none of it.
#[tokio::test]
async fn the_ledger_staff_hand_in() {
    let (app, _, _) = register().await;
    let mut grid = Person::login(&app, GRID).await;
    let id = uuid::Uuid::new_v4().to_string();
    let visit = contact(&id, HOUSEHOLD_3, "visit", "normal");
    let now = linli_server::db::now_ms();
    assert_applied(&grid.act_at(&app, care::LOG_CONTACT, visit, now).await);
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();

    let own = text(
        app.get_bytes("/api/care/register.csv", Some(&grid.token))
            .await,
    );
    assert!(own.starts_with("\u{feff}楼栋,单元,房号,姓名,出生年份,手机号,与户主关系"));
    assert!(
        own.contains("3栋,2,301,王秀兰,1941,13912345678,户主,是,独居、低保、残疾二级,在外的儿子")
    );
    assert!(!own.contains("李志强"), "12栋 is another grid's");
    let exports = "SELECT COUNT(*) FROM audit_log WHERE action = 'care.export'";
    assert_eq!(
        count(&app, exports).await,
        0,
        "one's own grid is not audited"
    );

    let worker = app.login(WORKER).await;
    let whole = app.get_bytes("/api/care/register.csv", Some(&worker)).await;
    assert!(text(whole.clone()).contains("李志强"));
    assert_eq!(count(&app, exports).await, 1);
    let again = app
        .send(
            Method::POST,
            "/api/care/import/households",
            Some(&worker),
            Body::from(whole),
            false,
        )
        .await;
    let counts: Vec<u64> = ["same", "added", "changed", "refused"]
        .iter()
        .map(|k| again.body[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [4, 0, 0, 0], "{:?}", again.body);

    let visits = text(
        app.get_bytes("/api/care/visits.csv", Some(&grid.token))
            .await,
    );
    assert!(
        visits.contains(",3栋,2,301,王秀兰,上门,正常,暖气不热,"),
        "{visits}"
    );
    let odd = app
        .get("/api/care/visits.csv?month=2026-13", Some(&grid.token))
        .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(odd.body["fields"][0]["field"], "month");

    let mine = app.get("/api/care/figures", Some(&grid.token)).await;
    let grids = mine.body["grids"].as_array().unwrap();
    assert_eq!(grids.len(), 1, "{:?}", mine.body);
    assert_eq!(
        (
            grids[0]["households"].as_u64(),
            grids[0]["visits_done"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let all = app.get("/api/care/figures", Some(&worker)).await;
    let households: u64 = all.body["grids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["households"].as_u64().unwrap())
        .sum();
    assert_eq!(households, 2);
    let tags: Vec<&str> = all.body["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["独居", "高龄", "残疾", "低保"]);

    for phone in [HEAD_3, RESIDENT] {
        let token = app.login(phone).await;
        for path in [
            "/api/care/register.csv",
            "/api/care/visits.csv",
            "/api/care/figures",
        ] {
            let reply = app.get(path, Some(&token)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{phone} {path}");
        }
    }
}
