//! 议事协商 through the real router and a real database: a topic from opinions to its
//! published result, one vote per person or household under replays, two phones and
//! concurrent requests, changed and late votes, audiences, 代投, and secret ballots that
//! no response, export or stored outcome connects to a voter.

mod common;

use common::{
    ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, assert_applied, count, refused, rows,
};
use linli_core::deliberation::{
    ADVANCE, CLOSE, HIDE, OPINE, OPINIONS, PROXY_VOTE, REPLY, SAVE_TOPIC, SUPPORT, TOPICS, VOTE,
};
use serde_json::{Value, json};

const LI: &str = "13800000005";
const CHEN: &str = "13800000008";
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The time the test devices stamp on what they do (see `common::Device`).
const T0: i64 = 1_700_000_000_000;

/// A topic whose vote runs from `T0 - 1 day` for `days` days.
fn topic(id: &str, audience: Value, vote: Value, days: i64) -> Value {
    json!({
        "id": id,
        "title": "电动车充电桩装在哪里",
        "background": "楼道里给电动车充电容易起火，社区准备装集中充电桩。",
        "raised_by": "居委会",
        "audience": audience,
        "stages": [
            {"stage": "consult", "starts_at": T0 - 10 * DAY, "ends_at": T0 - DAY},
            {"stage": "vote", "starts_at": T0 - DAY, "ends_at": T0 + days * DAY},
            {"stage": "result", "starts_at": T0 + days * DAY},
        ],
        "vote": vote,
    })
}

fn approval(per: &str, secret: bool) -> Value {
    json!({"kind": {"kind": "approval"}, "per": per, "secret": secret, "rule": "majority_of_cast"})
}

fn everyone() -> Value {
    json!({"kind": "community"})
}

fn vote(topic: &str, choice: &str) -> Value {
    json!({"topic_id": topic, "choice": [choice]})
}

/// The topic as the person's device now has it, if they see it.
async fn seen(app: &TestApp, p: &Person, id: &str) -> Option<Value> {
    let (changes, _) = p.pull(app).await;
    rows(&changes, TOPICS).remove(id)
}

/// Staff create a topic and move it to its vote.
async fn voting(app: &TestApp, staff: &mut Person, args: Value) {
    let id = args["id"].as_str().unwrap().to_owned();
    assert_applied(&staff.act(app, SAVE_TOPIC, args).await);
    assert_applied(
        &staff
            .act(app, ADVANCE, json!({"topic_id": id, "to": "vote"}))
            .await,
    );
}

/// A second verified resident of 王秀兰's flat (3栋 2单元 301).
async fn household_member(app: &TestApp, staff: &mut Person) -> Person {
    let (_, b3) = app.community("金石社区", "3栋").await;
    let son = Person::register(
        app,
        "13912340001",
        "王小明",
        json!({"building_id": b3, "unit": "2单元", "room": "301"}),
    )
    .await;
    assert_applied(
        &staff
            .act(app, "account.verify", json!({"user_id": son.id}))
            .await,
    );
    son
}

#[tokio::test]
async fn a_topic_goes_from_opinions_to_a_published_result() {
    let app = TestApp::with_demo(common::pool().await).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut args = topic("t1", everyone(), approval("resident", false), 7);
    args["stages"][0]["ends_at"] = json!(T0 + DAY);
    args["stages"][1]["starts_at"] = json!(T0 + DAY);
    assert_applied(&staff.act(&app, SAVE_TOPIC, args).await);

    // Opinions, supported once each; staff answer one and hide one with a reason.
    let opine = |id: &str, text: &str| json!({"id": id, "topic_id": "t1", "text": text});
    assert_applied(
        &wang
            .act(&app, OPINE, opine("o1", "装在东门车棚，离楼远一些"))
            .await,
    );
    assert_applied(
        &li.act(&app, OPINE, opine("o2", "3栋301家天天在楼道充电"))
            .await,
    );
    let support = json!({"opinion_id": "o1"});
    assert_applied(&li.act(&app, SUPPORT, support.clone()).await);
    assert_applied(&li.act(&app, SUPPORT, support.clone()).await);
    assert_eq!(
        refused(&wang.act(&app, SUPPORT, support).await),
        "不能支持自己的意见"
    );
    assert_applied(
        &staff
            .act(
                &app,
                REPLY,
                json!({"opinion_id": "o1", "text": "东门车棚已请物业测量"}),
            )
            .await,
    );
    assert_applied(
        &staff
            .act(
                &app,
                HIDE,
                json!({"opinion_id": "o2", "reason": "含有他人隐私"}),
            )
            .await,
    );
    assert_eq!(
        refused(
            &wang
                .act(&app, HIDE, json!({"opinion_id": "o2", "reason": "不喜欢"}))
                .await
        ),
        "只有社区工作者可以组织议事"
    );
    let (changes, _) = wang.pull(&app).await;
    let opinions = rows(&changes, OPINIONS);
    assert_eq!(opinions["o1"]["supporters"], 1);
    assert_eq!(opinions["o1"]["reply"], "东门车棚已请物业测量");
    assert_eq!(opinions["o1"]["reply_by"], "钱晓燕");
    assert_eq!(
        opinions["o2"]["text"],
        Value::Null,
        "hidden from neighbours"
    );
    assert_eq!(opinions["o2"]["hidden_reason"], "含有他人隐私");
    let (changes, _) = li.pull(&app).await;
    assert_eq!(
        rows(&changes, OPINIONS)["o2"]["text"],
        "3栋301家天天在楼道充电",
        "its author still reads it"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM deliberation_opinions").await,
        2
    );

    // The vote: not before its stage; skipping past it is refused.
    assert_eq!(
        refused(&wang.act(&app, VOTE, vote("t1", "agree")).await),
        "投票还没有开始"
    );
    assert_eq!(
        refused(
            &staff
                .act(&app, ADVANCE, json!({"topic_id": "t1", "to": "result"}))
                .await
        ),
        "请先结束投票并公布结果"
    );
    assert_applied(
        &staff
            .act(&app, ADVANCE, json!({"topic_id": "t1", "to": "vote"}))
            .await,
    );
    assert_eq!(
        refused(&li.act(&app, OPINE, opine("o3", "晚了")).await),
        "征集意见已经结束了"
    );
    let at = T0 + 2 * DAY;
    assert_applied(&wang.act_at(&app, VOTE, vote("t1", "agree"), at).await);
    assert_applied(&li.act_at(&app, VOTE, vote("t1", "oppose"), at).await);
    // 李志强 changes his mind; an older ballot arriving later does not undo it.
    assert_applied(&li.act_at(&app, VOTE, vote("t1", "agree"), at + HOUR).await);
    assert_applied(&li.act_at(&app, VOTE, vote("t1", "abstain"), at + 1).await);
    let t = seen(&app, &li, "t1").await.unwrap();
    assert_eq!(t["my_vote"]["choice"], json!(["agree"]));
    assert_eq!(t["voted"], 2);
    let audience = t["audience_size"].as_u64().unwrap();
    assert!(audience >= 4, "{audience}");

    // Closing tallies and publishes a 居务公开 notice another device reads.
    assert_eq!(
        refused(
            &wang
                .act(&app, CLOSE, json!({"topic_id": "t1", "notice_id": "n1"}))
                .await
        ),
        "只有社区工作者可以组织议事"
    );
    assert_applied(
        &staff
            .act(&app, CLOSE, json!({"topic_id": "t1", "notice_id": "n1"}))
            .await,
    );
    assert_eq!(
        refused(&wang.act_at(&app, VOTE, vote("t1", "oppose"), at).await),
        "投票已经结束，结果已公布"
    );
    let (changes, _) = li.pull(&app).await;
    let t = &rows(&changes, TOPICS)["t1"];
    assert_eq!(t["stage"], "result");
    assert_eq!(t["notice_id"], "n1");
    assert_eq!(t["result"]["cast"], 2);
    assert_eq!(t["result"]["counts"][0]["count"], 2);
    assert_eq!(t["result"]["passed"], true);
    let notice = &rows(&changes, "notices")["n1"];
    assert_eq!(notice["category"], "resident_affairs");
    assert_eq!(notice["title"], "议事结果公示：电动车充电桩装在哪里");
    let body = notice["body"].as_str().unwrap();
    assert!(
        body.contains(&format!("应投 {audience} 人，实投 2 人")),
        "{body}"
    );
    assert!(body.contains("同意 2 票，反对 0 票，弃权 0 票"), "{body}");
    assert!(body.contains("3栋 1/"), "{body}");
}

#[tokio::test]
async fn one_vote_per_household_under_replays_two_phones_and_concurrent_requests() {
    let app = TestApp::with_demo(common::pool().await).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut son = household_member(&app, &mut staff).await;
    voting(
        &app,
        &mut staff,
        topic("open", everyone(), approval("household", false), 7),
    )
    .await;
    voting(
        &app,
        &mut staff,
        topic("secret", everyone(), approval("household", true), 7),
    )
    .await;

    // The same mutation delivered twice, and the same vote sent again as a new one.
    let m = wang.device.mutation(VOTE, vote("secret", "agree"));
    assert_applied(&wang.send(&app, m.clone()).await);
    assert_applied(&wang.send(&app, m).await);
    assert_eq!(
        refused(&wang.act(&app, VOTE, vote("secret", "agree")).await),
        "已经投过票了。无记名投票投出后不能修改"
    );
    // The other phone of the household.
    assert_eq!(
        refused(&son.act(&app, VOTE, vote("secret", "oppose")).await),
        "您家已经投过票了（每户一票）。无记名投票投出后不能修改"
    );
    let t = seen(&app, &son, "secret").await.unwrap();
    assert_eq!(t["my_vote"]["by_household"], true);
    assert_eq!(t["my_vote"]["choice"], Value::Null);

    // Both phones at the same moment, on the open ballot.
    let a = wang.device.mutation(VOTE, vote("open", "agree"));
    let b = son.device.mutation(VOTE, vote("open", "oppose"));
    let (ra, rb) = tokio::join!(wang.send(&app, a), son.send(&app, b));
    assert_applied(&ra);
    assert_applied(&rb);
    for topic in ["open", "secret"] {
        let voters = count(
            &app,
            &format!("SELECT COUNT(*) FROM deliberation_voters WHERE topic_id = '{topic}'"),
        )
        .await;
        let choices = count(
            &app,
            &format!("SELECT COUNT(*) FROM deliberation_choices WHERE topic_id = '{topic}'"),
        )
        .await;
        assert_eq!((voters, choices), (1, 1), "{topic}");
    }
    assert_eq!(seen(&app, &wang, "open").await.unwrap()["voted"], 1);
}

#[tokio::test]
async fn late_votes_count_only_if_cast_before_the_end() {
    let app = TestApp::with_demo(common::pool().await).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    // The vote ended an hour ago, but staff have not closed it yet.
    let mut args = topic("t", everyone(), approval("resident", false), 0);
    args["stages"][1]["ends_at"] = json!(linli_server::db::now_ms() - HOUR);
    args["stages"][2]["starts_at"] = json!(linli_server::db::now_ms() - HOUR);
    voting(&app, &mut staff, args).await;
    let end = linli_server::db::now_ms() - HOUR;
    // Cast offline before the end, arriving now: counted.
    assert_applied(
        &wang
            .act_at(&app, VOTE, vote("t", "agree"), end - HOUR)
            .await,
    );
    // Cast after the end.
    assert_eq!(
        refused(&li.act_at(&app, VOTE, vote("t", "agree"), end + 1).await),
        "投票已经截止，这一票是截止以后投的，不能计入"
    );
    // A clock far ahead.
    assert_eq!(
        refused(&li.act_at(&app, VOTE, vote("t", "agree"), end + DAY).await),
        "手机上的时间不准（比现在快），请把手机时间调准后再试"
    );
    assert_eq!(seen(&app, &wang, "t").await.unwrap()["voted"], 1);
}

#[tokio::test]
async fn only_the_audience_sees_and_votes() {
    let app = TestApp::with_demo(common::pool().await).await;
    let (_, b3) = app.community("金石社区", "3栋").await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let chen = Person::login(&app, CHEN).await;
    let three = json!({"kind": "buildings", "building_ids": [b3]});
    voting(
        &app,
        &mut staff,
        topic("b3", three, approval("household", false), 7),
    )
    .await;
    let reps = json!({"kind": "representatives"});
    voting(
        &app,
        &mut staff,
        topic("reps", reps, approval("resident", false), 7),
    )
    .await;

    assert!(seen(&app, &li, "b3").await.is_none());
    assert!(seen(&app, &li, "reps").await.is_none());
    assert_eq!(
        refused(&li.act(&app, VOTE, vote("b3", "agree")).await),
        "找不到这个议题"
    );
    assert_eq!(
        refused(&li.act(&app, VOTE, vote("reps", "agree")).await),
        "找不到这个议题"
    );
    let t = seen(&app, &chen, "b3").await.unwrap();
    assert_eq!(t["audience_label"], "3栋居民");
    assert_eq!(t["may_vote"], true);
    assert!(seen(&app, &chen, "reps").await.is_some());
    assert_applied(&wang.act(&app, VOTE, vote("reps", "agree")).await);
    // Staff see every topic, but do not vote.
    let t = seen(&app, &staff, "b3").await.unwrap();
    assert_eq!(t["may_vote"], false);
    assert_eq!(
        refused(&staff.act(&app, VOTE, vote("b3", "agree")).await),
        "找不到这个议题"
    );
    // Someone of another community does not find it either.
    let mut zhou = Person::login(&app, "13800000006").await;
    assert_eq!(
        refused(&zhou.act(&app, VOTE, vote("reps", "agree")).await),
        "找不到这个议题"
    );
}

#[tokio::test]
async fn staff_record_paper_votes_that_residents_see_and_residents_cannot() {
    let app = TestApp::with_demo(common::pool().await).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut grid = Person::login(&app, GRID).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let li = Person::login(&app, LI).await;
    voting(
        &app,
        &mut staff,
        topic("t", everyone(), approval("resident", false), 7),
    )
    .await;
    let paper = |resident: &str| json!({"topic_id": "t", "resident_id": resident, "choice": ["agree"], "channel": "paper"});
    assert_eq!(
        refused(&wang.act(&app, PROXY_VOTE, paper(&li.id)).await),
        "只有社区工作人员可以代居民办理"
    );
    // A 网格员 within their grid only (李志强 lives in 12栋, outside 第一网格).
    assert!(!refused(&grid.act(&app, PROXY_VOTE, paper(&li.id)).await).is_empty());
    assert_applied(&grid.act(&app, PROXY_VOTE, paper(&wang.id)).await);
    let t = seen(&app, &wang, "t").await.unwrap();
    assert_eq!(t["my_vote"]["channel"], "paper");
    assert_eq!(t["my_vote"]["recorded_by"], "孙建国");
    assert_eq!(t["my_vote"]["choice"], json!(["agree"]));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM deliberation_voters").await,
        1
    );
}

/// Every string of a JSON value, with the path of keys to it.
fn strings(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path.to_owned(), s.clone())),
        Value::Array(a) => a.iter().for_each(|x| strings(x, path, out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| strings(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn no_response_connects_a_secret_choice_to_its_voter() {
    let app = TestApp::with_demo(common::pool().await).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut wang = Person::login(&app, RESIDENT).await;
    let mut li = Person::login(&app, LI).await;
    let mut chen = Person::login(&app, CHEN).await;
    let spec = json!({
        "kind": {"kind": "single"},
        "options": [{"id": "opt-east-gate", "label": "东门车棚"}, {"id": "opt-north-side", "label": "3栋北侧"}],
        "per": "resident", "secret": true, "rule": "majority_of_cast",
    });
    voting(&app, &mut staff, topic("s", everyone(), spec, 7)).await;
    let ballot = |choice: &str| json!({"topic_id": "s", "choice": [choice]});
    let mut responses: Vec<Value> = Vec::new();
    // 王秀兰 alone chooses the north side: any answer naming her beside it gives her away.
    for outcome in [
        wang.act(&app, VOTE, ballot("opt-north-side")).await,
        li.act(&app, VOTE, ballot("opt-east-gate")).await,
        chen.act(&app, VOTE, ballot("opt-east-gate")).await,
    ] {
        assert_applied(&outcome);
        responses.push(outcome);
    }
    let mut paper = json!({"topic_id": "s", "resident_id": wang.id, "choice": ["opt-east-gate"], "channel": "paper"});
    responses.push(staff.act(&app, PROXY_VOTE, paper.take()).await);

    let phones = [RESIDENT, LI, CHEN, WORKER, ADMIN, GRID, "13800000010"];
    let everything = async |responses: &mut Vec<Value>| {
        for phone in phones {
            let p = Person::login(&app, phone).await;
            let (changes, _) = p.pull(&app).await;
            responses.push(Value::Array(changes));
        }
        let token = app.login(WORKER).await;
        for path in [
            "/api/deliberation/topics/s/participation",
            "/api/deliberation/topics/s/result.csv",
            "/api/admin/people",
            "/api/admin/audit.csv",
        ] {
            responses.push(app.get(path, Some(&token)).await.body);
        }
    };
    everything(&mut responses).await;
    // Staff see live participation; a resident may not.
    let staff_token = app.login(WORKER).await;
    let live = app
        .get(
            "/api/deliberation/topics/s/participation",
            Some(&staff_token),
        )
        .await;
    assert_eq!(live.body["voted"], 3, "{:?}", live.body);
    let resident_token = app.login(LI).await;
    let refused_live = app
        .get(
            "/api/deliberation/topics/s/participation",
            Some(&resident_token),
        )
        .await;
    assert_eq!(refused_live.status, axum::http::StatusCode::FORBIDDEN);
    // Before the close, no answer holds the north side at all.
    let before = serde_json::to_string(&responses).unwrap();
    assert!(
        !before.contains("opt-north-side\"]"),
        "a choice in an answer"
    );
    let mine = seen(&app, &wang, "s").await.unwrap();
    assert_eq!(mine["my_vote"]["choice"], Value::Null);
    assert_eq!(mine["result"], Value::Null, "no tally before the close");

    assert_applied(
        &staff
            .act(&app, CLOSE, json!({"topic_id": "s", "notice_id": "ns"}))
            .await,
    );
    everything(&mut responses).await;
    let t = seen(&app, &li, "s").await.unwrap();
    assert_eq!(t["result"]["counts"][0]["count"], 2);
    assert_eq!(t["result"]["counts"][1]["count"], 1);
    // After it: the choice appears only as a count, never in an object naming a person.
    for r in &responses {
        let mut found = Vec::new();
        strings(r, "", &mut found);
        for (path, s) in &found {
            assert!(
                !(s == "opt-north-side"
                    && !path.ends_with(".counts.id")
                    && !path.ends_with(".options.id")
                    && !path.ends_with(".adopted")),
                "{path}"
            );
        }
        assert!(
            !r.to_string().contains("\"choice\":[\""),
            "a choice beside a voter: {r}"
        );
    }
    // Nor does anything stored beside the voters.
    for sql in [
        "SELECT COUNT(*) FROM sync_mutations WHERE outcome LIKE '%opt-%'",
        "SELECT COUNT(*) FROM deliberation_choices WHERE voter_key IS NOT NULL",
    ] {
        assert_eq!(count(&app, sql).await, 0, "{sql}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM deliberation_voters").await,
        3
    );
}

#[tokio::test]
async fn the_demo_has_a_vote_under_way_and_a_published_result() {
    let app = TestApp::with_demo(common::pool().await).await;
    linli_server::seed::demo(&app.pool).await.unwrap();
    // Seeding again adds nothing twice.
    linli_server::seed::demo(&app.pool).await.unwrap();
    let wang = Person::login(&app, RESIDENT).await;
    let (changes, _) = wang.pull(&app).await;
    let topics = rows(&changes, TOPICS);
    assert_eq!(topics.len(), 2);
    let charging = topics
        .values()
        .find(|t| t["title"] == "电动车集中充电桩装在哪里")
        .unwrap();
    assert_eq!(charging["stage"], "vote");
    assert_eq!(charging["my_vote"], Value::Null, "王秀兰 has yet to vote");
    assert_eq!(charging["voted"], 13);
    let case = charging["case_id"].as_str().unwrap();
    let cases = rows(&changes, "reports");
    assert_eq!(cases[case]["state"], "closed_unresolved");
    assert!(
        cases[case]["description"]
            .as_str()
            .unwrap()
            .contains("充电桩")
    );

    let lift = topics
        .values()
        .find(|t| t["title"] == "3栋加装电梯")
        .unwrap();
    assert_eq!(lift["stage"], "follow_up");
    assert_eq!(lift["my_vote"]["channel"], "app");
    assert_eq!(lift["my_vote"]["choice"], Value::Null, "a secret ballot");
    let r = &lift["result"];
    assert_eq!(
        (r["audience"].as_u64(), r["cast"].as_u64()),
        (Some(26), Some(21))
    );
    assert_eq!(r["passed"], true);
    let counts: Vec<u64> = r["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [17, 3, 1]);
    let notice = &rows(&changes, "notices")[lift["notice_id"].as_str().unwrap()];
    assert!(
        notice["body"]
            .as_str()
            .unwrap()
            .contains("实投 21 户（80%）")
    );
    assert_eq!(lift["follow_ups"].as_array().unwrap().len(), 1);
    let opinions = rows(&changes, OPINIONS);
    assert_eq!(opinions.len(), 6);
    assert!(
        opinions
            .values()
            .any(|o| o["hidden_reason"] == "含有他人隐私" && o["text"].is_null())
    );
    // 李志强 (12栋) does not see 3栋's topic.
    let li = Person::login(&app, LI).await;
    assert_eq!(rows(&li.pull(&app).await.0, TOPICS).len(), 1);
}

/// Two phones of one household, each sending its vote (and sending it again) through a
/// different server instance at the same moment: one ballot stands.
#[tokio::test]
async fn one_household_ballot_across_two_instances() {
    let apps = common::instances(2).await;
    let (a, b) = (&apps[0], &apps[1]);
    let mut staff = Person::login(a, WORKER).await;
    let mut wang = Person::login(a, RESIDENT).await;
    let mut son = household_member(a, &mut staff).await;
    voting(
        a,
        &mut staff,
        topic("t", everyone(), approval("household", true), 7),
    )
    .await;
    let mine = wang.device.mutation(VOTE, vote("t", "agree"));
    let his = son.device.mutation(VOTE, vote("t", "oppose"));
    let (r1, r2, r3, r4) = tokio::join!(
        a.push(&wang.token, &wang.device, std::slice::from_ref(&mine)),
        b.push(&wang.token, &wang.device, std::slice::from_ref(&mine)),
        a.push(&son.token, &son.device, std::slice::from_ref(&his)),
        b.push(&son.token, &son.device, std::slice::from_ref(&his)),
    );
    let outcomes: Vec<&Value> = [&r1, &r2, &r3, &r4]
        .iter()
        .map(|r| &r.body["results"][0]["outcome"])
        .collect();
    // Each phone's copies get the same answer; one phone's vote stands, the other is told.
    assert_eq!(outcomes[0], outcomes[1]);
    assert_eq!(outcomes[2], outcomes[3]);
    let applied = outcomes.iter().filter(|o| o["status"] == "applied").count();
    assert_eq!(applied, 2, "{outcomes:?}");
    for app in [a, b] {
        assert_eq!(
            count(app, "SELECT COUNT(*) FROM deliberation_voters").await,
            1
        );
        assert_eq!(
            count(app, "SELECT COUNT(*) FROM deliberation_choices").await,
            1
        );
    }
}
