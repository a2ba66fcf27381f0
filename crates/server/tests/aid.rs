//! 互助 through the real router, on both backends: the requester's phone never reaches a
//! volunteer before they take the request (the pull payloads), exactly one of several
//! volunteers taking at once wins, the permission matrix of every step, and the ledger:
//! each confirmation one movement that sums to zero, once, never below the floor.

mod common;

use std::collections::HashSet;

use common::{
    ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, field, refused, rows,
};
use linli_core::aid;
use linli_core::volunteer::{self, POOL_ACCOUNT};
use serde_json::{Value, json};

/// 李志强 (12栋) and 刘建华 (楼栋长 of 12栋) volunteer; 陈玉梅 (楼栋长 of 3栋) does not;
/// 马大爷 waits to be verified; 周桂芳 lives in 桂园社区.
const LI: &str = "13800000005";
const LIU: &str = "13800000009";
const CHEN: &str = "13800000008";
const WAITING: &str = "13800000012";
const GUIYUAN: &str = "13800000006";
const HUANG: &str = "13800000011";

/// Devices' clocks in these tests (`common::Device`) start here.
const T0: i64 = 1_700_000_000_000;
const DAY: i64 = 24 * 60 * 60_000;

async fn app() -> TestApp {
    TestApp::with_demo(common::pool().await).await
}

/// Someone who registered as a volunteer with `skills`.
async fn volunteer(app: &TestApp, phone: &str, skills: &[&str]) -> Person {
    let mut p = Person::login(app, phone).await;
    let profile = json!({
        "user_id": p.id, "skills": skills, "availability": "周末全天",
        "emergency_name": "家人", "emergency_phone": "13911112222",
    });
    assert_applied(&p.act(app, volunteer::SAVE_PROFILE, profile).await);
    p
}

fn ask_args(id: &str, requester: &str, kind: &str, channel: &str) -> Value {
    json!({
        "id": id, "requester_id": requester, "kind": kind, "at": T0 + DAY,
        "place": "3栋2单元301，去市第二人民医院", "note": "复查膝盖，要排队挂号", "channel": channel,
    })
}

/// 王秀兰 asks for help of `kind`.
async fn asked(app: &TestApp, id: &str, kind: &str) -> Person {
    let mut wang = Person::login(app, RESIDENT).await;
    let args = ask_args(id, &wang.id, kind, "app");
    assert_applied(&wang.act(app, aid::ASK, args).await);
    wang
}

fn take(id: &str, p: &Person) -> Value {
    json!({"request_id": id, "taker_id": p.id})
}

/// The request as `p`'s device now has it (none: not there, or deleted).
async fn seen(app: &TestApp, p: &Person, id: &str) -> Option<Value> {
    let (changes, _) = p.pull(app).await;
    rows(&changes, aid::REQUESTS).remove(id)
}

/// Every change of the requests' collection `p` pulls, as sent.
async fn request_changes(app: &TestApp, p: &Person) -> String {
    let (changes, _) = p.pull(app).await;
    let mine: Vec<&Value> = changes
        .iter()
        .filter(|c| c["collection"] == aid::REQUESTS)
        .collect();
    serde_json::to_string(&mine).unwrap()
}

async fn ledger(app: &TestApp, p: &Person) -> Vec<Value> {
    let (changes, _) = p.pull(app).await;
    rows(&changes, volunteer::LEDGER)
        .into_values()
        .filter(|e| e["user_id"] == p.id.as_str())
        .collect()
}

#[tokio::test]
async fn the_phone_reaches_a_volunteer_only_once_they_take_it() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let liu = volunteer(&app, LIU, &["repair"]).await;
    let chen = Person::login(&app, CHEN).await;
    let mut wang = asked(&app, "h1", "escort").await;
    let args = ask_args("h2", &wang.id, "haircut", "app");
    assert_applied(&wang.act(&app, aid::ASK, args).await);

    // Listed for the volunteers, without the phone anywhere in what they pull.
    for v in [&li, &liu] {
        let payload = request_changes(&app, v).await;
        assert!(!payload.contains(RESIDENT), "{payload}");
        let listed = seen(&app, v, "h1").await.expect("listed");
        assert_eq!(listed["requester_name"], "王秀兰");
        assert!(listed.get("requester_phone").is_none());
    }
    // A haircut only for those who cut hair; a resident who does not volunteer sees none.
    assert!(seen(&app, &li, "h2").await.is_none());
    assert!(seen(&app, &chen, "h1").await.is_none());
    assert!(seen(&app, &wang, "h2").await.is_some());

    assert_applied(&li.act(&app, aid::TAKE, take("h1", &li)).await);
    let taken = seen(&app, &li, "h1").await.unwrap();
    assert_eq!(taken["requester_phone"], RESIDENT);
    assert_eq!(taken["status"], "taken");
    // The requester is told who is coming, with their phone.
    let told = seen(&app, &wang, "h1").await.unwrap();
    assert_eq!(
        (told["taker_name"].as_str(), told["taker_phone"].as_str()),
        (Some("李志强"), Some(LI))
    );
    let (changes, _) = wang.pull(&app).await;
    let inbox = rows(&changes, linli_core::inbox::INBOX);
    assert!(
        inbox.values().any(|m| m["text"]
            .as_str()
            .unwrap()
            .contains("李志强（电话 13800000005）")),
        "{inbox:?}"
    );
    // The other volunteer's device loses it, and never had the phone.
    assert!(seen(&app, &liu, "h1").await.is_none());
    assert!(!request_changes(&app, &liu).await.contains(RESIDENT));
}

#[tokio::test]
async fn of_volunteers_taking_at_once_exactly_one_wins() {
    let app = app().await;
    let mut takers = Vec::new();
    for phone in [LI, LIU, GRID, WORKER] {
        takers.push(volunteer(&app, phone, &[]).await);
    }
    asked(&app, "h1", "errand").await;
    let mut tasks = Vec::new();
    for mut p in takers {
        let m = p.device.mutation(aid::TAKE, take("h1", &p));
        let body = p.device.push_body(&[m]);
        let router = app.router.clone();
        let pool = app.pool.clone();
        tasks.push(tokio::spawn(async move {
            let app = TestApp { router, pool };
            let reply = app.post("/api/sync/push", Some(&p.token), body).await;
            (p.id, reply.body["results"][0]["outcome"].clone())
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (id, outcome) = task.await.unwrap();
        if outcome["status"] == "applied" {
            winners.push(id);
        } else {
            assert_eq!(refused(&outcome), "这个求助已经有别的志愿者接了，谢谢您");
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let taker: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT taker_id FROM aid_requests WHERE id = 'h1'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(taker, winners[0]);
}

/// Taken offline while another volunteer took it online: refused when it arrives, cleanly.
#[tokio::test]
async fn an_offline_take_that_came_second_is_refused() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let mut liu = volunteer(&app, LIU, &[]).await;
    asked(&app, "h1", "company").await;
    let offline = li.device.mutation(aid::TAKE, take("h1", &li));
    assert_applied(&liu.act(&app, aid::TAKE, take("h1", &liu)).await);
    let outcome = li.send(&app, offline).await;
    assert_eq!(refused(&outcome), "这个求助已经有别的志愿者接了，谢谢您");
    assert_eq!(outcome["code"], "conflict");
    assert!(seen(&app, &li, "h1").await.is_none());
}

#[tokio::test]
async fn confirming_moves_the_hours_once_and_the_movement_sums_to_zero() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let mut wang = asked(&app, "h1", "escort").await;
    assert_applied(&li.act(&app, aid::TAKE, take("h1", &li)).await);
    let confirm = wang
        .device
        .mutation(aid::CONFIRM, json!({"request_id": "h1", "minutes": 120}));
    assert_applied(&wang.send(&app, confirm.clone()).await);
    // The same mutation sent again (a lost answer) is answered from its record.
    assert_applied(&wang.send(&app, confirm).await);
    // A second confirmation finds it done.
    let again = wang
        .act(
            &app,
            aid::CONFIRM,
            json!({"request_id": "h1", "minutes": 60}),
        )
        .await;
    assert_eq!(refused(&again), "这次互助已经完成了");

    let paid = ledger(&app, &wang).await;
    let earned = ledger(&app, &li).await;
    assert_eq!(paid.len(), 1);
    assert_eq!(earned.len(), 1);
    assert_eq!(
        (paid[0]["minutes"].as_i64(), paid[0]["reason"].as_str()),
        (Some(-120), Some("help_received"))
    );
    assert_eq!(
        (earned[0]["minutes"].as_i64(), earned[0]["reason"].as_str()),
        (Some(120), Some("help_given"))
    );
    assert_eq!(paid[0]["note"], "陪诊：李志强帮忙");
    assert_eq!(earned[0]["note"], "陪诊：帮王秀兰");
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(minutes) AS BIGINT) FROM ledger WHERE id LIKE 'h1:%'"
        )
        .await,
        0
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM ledger WHERE id LIKE 'h1:%'").await,
        2
    );
    let done = seen(&app, &wang, "h1").await.unwrap();
    assert_eq!(
        (done["status"].as_str(), done["minutes"].as_i64()),
        (Some("done"), Some(120))
    );
}

#[tokio::test]
async fn no_balance_goes_below_its_floor_and_staff_may_pay_from_the_pool() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let mut wang = asked(&app, "h1", "escort").await;
    assert_applied(&li.act(&app, aid::TAKE, take("h1", &li)).await);
    // The default floor is −10 hours: 王秀兰, at 0, may not pay 10.5.
    let over = wang
        .act(
            &app,
            aid::CONFIRM,
            json!({"request_id": "h1", "minutes": 630}),
        )
        .await;
    assert!(field(&over, "minutes"), "{over:?}");
    assert!(refused(&over).contains("最低可到 -10 小时"), "{over:?}");
    let from_pool = json!({"request_id": "h1", "minutes": 630, "from_pool": true});
    let own_pool = wang.act(&app, aid::CONFIRM, from_pool.clone()).await;
    assert_eq!(refused(&own_pool), "只有社区工作者可以从社区互助池支付");
    let mut worker = Person::login(&app, WORKER).await;
    assert_applied(&worker.act(&app, aid::CONFIRM, from_pool).await);
    assert!(ledger(&app, &wang).await.is_empty());
    assert_eq!(ledger(&app, &li).await[0]["minutes"], 630);
    // Staff see the pool's side; volunteers and residents do not.
    let (changes, _) = worker.pull(&app).await;
    let pool: Vec<Value> = rows(&changes, volunteer::LEDGER)
        .into_values()
        .filter(|e| e["user_id"] == POOL_ACCOUNT)
        .collect();
    assert_eq!(pool.len(), 1);
    assert_eq!(pool[0]["minutes"], -630);
    for p in [&li, &wang] {
        let (changes, _) = p.pull(&app).await;
        assert!(
            !rows(&changes, volunteer::LEDGER)
                .values()
                .any(|e| e["user_id"] == POOL_ACCOUNT)
        );
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'aid.pool_pay'"
        )
        .await,
        1
    );
    // Staff correct the pool as a balance, with a note, in the audit log.
    let gift = json!({"entry_id": "gift-1", "user_id": POOL_ACCOUNT, "minutes": 600,
                      "note": "金石物业捐赠的服务时长"});
    assert_applied(
        &worker
            .act(&app, volunteer::ADJUST_HOURS, gift.clone())
            .await,
    );
    assert_eq!(
        li.act(&app, volunteer::ADJUST_HOURS, gift).await["code"],
        "forbidden"
    );
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(minutes) AS BIGINT) FROM ledger WHERE user_id IS NULL"
        )
        .await,
        -30
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'hours.adjust'"
        )
        .await,
        1
    );

    // The admin lowers the floor to 0: nothing more on credit.
    let mut admin = Person::login(&app, ADMIN).await;
    let (community, _) = app.community("金石社区", "1栋").await;
    let floors = |person: i64| json!({"id": community, "floors": {"person_minutes": person, "pool_minutes": -6000}});
    assert_applied(&admin.act(&app, aid::SET_FLOORS, floors(0)).await);
    let too_low = admin.act(&app, aid::SET_FLOORS, floors(60)).await;
    assert!(
        field(&too_low, "floors") || field(&too_low, "person_minutes"),
        "{too_low:?}"
    );
    let args = ask_args("h2", &wang.id, "errand", "app");
    assert_applied(&wang.act(&app, aid::ASK, args).await);
    assert_applied(&li.act(&app, aid::TAKE, take("h2", &li)).await);
    let no_credit = wang
        .act(
            &app,
            aid::CONFIRM,
            json!({"request_id": "h2", "minutes": 30}),
        )
        .await;
    assert!(
        refused(&no_credit).contains("最低可到 0 小时"),
        "{no_credit:?}"
    );
    let (changes, _) = wang.pull(&app).await;
    assert_eq!(
        rows(&changes, aid::SETTINGS)[&community]["floors"]["person_minutes"],
        0
    );
}

#[tokio::test]
async fn either_side_cancels_with_a_reason() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let mut liu = volunteer(&app, LIU, &[]).await;
    let mut wang = asked(&app, "h1", "escort").await;
    assert_applied(&li.act(&app, aid::TAKE, take("h1", &li)).await);
    let no_reason = li
        .act(
            &app,
            aid::CANCEL,
            json!({"request_id": "h1", "side": "taker", "reason": " "}),
        )
        .await;
    assert!(field(&no_reason, "reason"));
    // The volunteer hands it back: open for the others again, the requester told why.
    let back = json!({"request_id": "h1", "side": "taker", "reason": "单位临时加班"});
    assert_applied(&li.act(&app, aid::CANCEL, back).await);
    let open = seen(&app, &liu, "h1").await.expect("listed again");
    assert_eq!(open["status"], "open");
    // To the one who handed it back it is one open request among others again, no phone.
    let listed = seen(&app, &li, "h1").await.unwrap();
    assert!(listed.get("requester_phone").is_none() && listed.get("taker_id").is_none());
    let (changes, _) = wang.pull(&app).await;
    let inbox = rows(&changes, linli_core::inbox::INBOX);
    assert!(
        inbox
            .values()
            .any(|m| m["text"].as_str().unwrap().contains("单位临时加班"))
    );

    assert_applied(&liu.act(&app, aid::TAKE, take("h1", &liu)).await);
    let off = json!({"request_id": "h1", "side": "requester", "reason": "女儿回来了，陪我去"});
    assert_applied(&wang.act(&app, aid::CANCEL, off.clone()).await);
    let cancelled = seen(&app, &liu, "h1").await.unwrap();
    assert_eq!(
        (
            cancelled["status"].as_str(),
            cancelled["cancel_reason"].as_str()
        ),
        (Some("cancelled"), Some("女儿回来了，陪我去"))
    );
    let (changes, _) = liu.pull(&app).await;
    let inbox = rows(&changes, linli_core::inbox::INBOX);
    assert!(
        inbox
            .values()
            .any(|m| m["text"].as_str().unwrap().contains("不用去了"))
    );
    assert_eq!(
        refused(&wang.act(&app, aid::CANCEL, off).await),
        "这个求助已经取消了"
    );
}

/// Asks, and checks the outcome: "applied", or the code of the refusal.
async fn expect(app: &TestApp, who: &mut Person, args: Value, expected: &str) {
    let outcome = who.act(app, aid::ASK, args.clone()).await;
    if expected == "applied" {
        assert_applied(&outcome);
    } else {
        assert_eq!(outcome["code"], expected, "{args} {outcome}");
    }
}

/// Every step × who tries it: applied, or refused with the code and words the rules give.
#[tokio::test]
async fn who_may_do_what() {
    let app = app().await;
    let mut li = volunteer(&app, LI, &[]).await;
    let mut wang = asked(&app, "h1", "escort").await;
    let mut grid = Person::login(&app, GRID).await;
    let mut huang = Person::login(&app, HUANG).await;
    let mut chen = Person::login(&app, CHEN).await;
    let mut waiting = Person::login(&app, WAITING).await;
    let mut worker = Person::login(&app, WORKER).await;
    let mut other = volunteer(&app, GUIYUAN, &[]).await;
    let li_id = li.id.clone();
    let wang_id = wang.id.clone();

    // Asking: for oneself once verified; staff for residents within their reach, saying how.
    expect(
        &app,
        &mut grid,
        ask_args("g1", &wang_id, "errand", "phone"),
        "applied",
    )
    .await;
    expect(
        &app,
        &mut grid,
        ask_args("g2", &wang_id, "errand", "app"),
        "validation",
    )
    .await;
    expect(
        &app,
        &mut grid,
        ask_args("g3", &li_id, "errand", "phone"),
        "forbidden",
    )
    .await;
    expect(
        &app,
        &mut huang,
        ask_args("g4", &li_id, "errand", "visit"),
        "applied",
    )
    .await;
    expect(
        &app,
        &mut chen,
        ask_args("g5", &wang_id, "errand", "phone"),
        "forbidden",
    )
    .await;
    expect(
        &app,
        &mut li,
        ask_args("g6", &wang_id, "errand", "app"),
        "forbidden",
    )
    .await;
    let own = ask_args("g7", &waiting.id, "errand", "app");
    expect(&app, &mut waiting, own, "forbidden").await;
    expect(
        &app,
        &mut other,
        ask_args("g8", &wang_id, "errand", "phone"),
        "forbidden",
    )
    .await;
    let bad = wang
        .act(
            &app,
            aid::ASK,
            json!({"id": "b1", "requester_id": wang_id, "kind": "escort",
            "at": T0 - DAY, "place": "", "channel": "app"}),
        )
        .await;
    assert!(field(&bad, "place") && field(&bad, "at"), "{bad}");
    assert_eq!(
        refused(&bad),
        "请填写地点；时间已经过去了，请选今天以后的时间"
    );

    // Taking: a volunteer of the community, not for oneself, as oneself.
    assert_eq!(
        other.act(&app, aid::TAKE, take("h1", &other)).await["code"],
        "not_found"
    );
    assert_eq!(
        chen.act(&app, aid::TAKE, take("h1", &chen)).await["code"],
        "forbidden"
    );
    let as_other = json!({"request_id": "h1", "taker_id": wang_id});
    assert_eq!(li.act(&app, aid::TAKE, as_other).await["code"], "forbidden");
    let mut wang_volunteer = volunteer(&app, RESIDENT, &[]).await;
    assert_eq!(
        refused(
            &wang_volunteer
                .act(&app, aid::TAKE, take("h1", &wang_volunteer))
                .await
        ),
        "不能接自己的求助"
    );
    assert_applied(&li.act(&app, aid::TAKE, take("h1", &li)).await);

    // Cancelling and confirming: only the two sides and staff within reach.
    let off = |side: &str| json!({"request_id": "h1", "side": side, "reason": "有事"});
    assert_eq!(
        chen.act(&app, aid::CANCEL, off("requester")).await["code"],
        "forbidden"
    );
    assert_eq!(
        huang.act(&app, aid::CANCEL, off("requester")).await["code"],
        "forbidden"
    );
    assert_eq!(
        wang.act(&app, aid::CANCEL, off("taker")).await["code"],
        "forbidden"
    );
    let hours = json!({"request_id": "h1", "minutes": 90});
    for who in [&mut grid, &mut li, &mut chen] {
        assert_eq!(
            who.act(&app, aid::CONFIRM, hours.clone()).await["code"],
            "forbidden"
        );
    }
    assert_applied(&worker.act(&app, aid::CONFIRM, hours).await);

    // Floors: the admin only, of their own community.
    let (community, _) = app.community("金石社区", "1栋").await;
    let floors =
        json!({"id": community, "floors": {"person_minutes": -300, "pool_minutes": -6000}});
    assert_eq!(
        worker.act(&app, aid::SET_FLOORS, floors).await["code"],
        "forbidden"
    );
    let (guiyuan, _) = app.community("桂园社区", "1栋").await;
    let elsewhere =
        json!({"id": guiyuan, "floors": {"person_minutes": -300, "pool_minutes": -6000}});
    let mut admin = Person::login(&app, ADMIN).await;
    assert_eq!(
        admin.act(&app, aid::SET_FLOORS, elsewhere).await["code"],
        "forbidden"
    );

    // Nobody outside the community, or a visitor, pulls any request.
    let (changes, _) = other.pull(&app).await;
    assert!(rows(&changes, aid::REQUESTS).is_empty());
    let (changes, _) = app.pull_all(None, "visitor", Some(&community)).await;
    let ids: HashSet<&str> = changes
        .iter()
        .filter(|c| c["collection"] == aid::REQUESTS)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.is_empty(), "{ids:?}");
}

/// The demo's requests in every state, played through the rules; seeding again adds
/// nothing twice.
#[tokio::test]
async fn the_demo_has_requests_in_every_state() {
    let app = app().await;
    linli_server::seed::demo(&app.pool).await.unwrap();
    linli_server::seed::demo(&app.pool).await.unwrap();
    let states: Vec<(String, i64)> = linli_server::db::run!(&app.pool, |ex| {
        sqlx::query_as(
        "SELECT status, CAST(COUNT(*) AS BIGINT) FROM aid_requests GROUP BY status ORDER BY status"
    )
    .fetch_all(ex)
    .await
    })
    .unwrap();
    let states: Vec<(&str, i64)> = states.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    assert_eq!(
        states,
        [("cancelled", 1), ("done", 2), ("open", 1), ("taken", 1)]
    );
    assert_eq!(
        count(&app, "SELECT CAST(SUM(minutes) AS BIGINT) FROM ledger WHERE reason IN ('help_given', 'help_received')").await,
        0
    );
    // 李志强 is coming to mend 王秀兰's rice cooker: she has his phone, he hers.
    let wang = Person::login(&app, RESIDENT).await;
    let (changes, _) = wang.pull(&app).await;
    let mine = rows(&changes, aid::REQUESTS);
    let cooker = mine.values().find(|r| r["kind"] == "appliance").unwrap();
    assert_eq!(
        (cooker["status"].as_str(), cooker["taker_phone"].as_str()),
        (Some("taken"), Some(LI))
    );
    // 孙建国 took 蒋玉梅 to the eye clinic; the pool paid his 3 hours.
    let sun = Person::login(&app, GRID).await;
    let earned = ledger(&app, &sun).await;
    assert!(
        earned
            .iter()
            .any(|e| e["reason"] == "help_given" && e["minutes"] == 180),
        "{earned:?}"
    );
    // The open errand for 何玉珍 is listed for volunteers, without her phone.
    let li = Person::login(&app, LI).await;
    let payload = request_changes(&app, &li).await;
    assert!(
        payload.contains("10斤的大米") && !payload.contains("13900003015"),
        "{payload}"
    );
}
