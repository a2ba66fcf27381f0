//! Several server instances on one database, as behind a load balancer: each has its own
//! router and pool of connections and shares nothing else. The sync engine's promises
//! must hold across them: a mutation is applied once wherever and however often it
//! arrives, a shift's places are never given twice, and a pull never skips a change
//! that commits after a later one; lockouts and log-outs count everywhere. Run on both
//! backends (`LINLI_TEST_DATABASE`); the late-commit test is PostgreSQL's alone (SQLite
//! has one writer by construction).

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::http::StatusCode;
use common::{
    Device, Person, RESIDENT, TestApp, WORKER, assert_applied, count, instances, notice,
    on_postgres,
};
use linli_core::notice::PUBLISH;
use linli_core::volunteer::{SAVE_ACTIVITY, SAVE_PROFILE, SAVE_SHIFT, SIGN_UP, WITHDRAW};
use linli_server::db;
use serde_json::{Value, json};

const HOUR: i64 = 60 * 60 * 1000;

/// Posts a push to one instance in a task of its own, so that pushes to several
/// instances run at the same time.
fn push_to(app: &Arc<TestApp>, token: &str, body: Value) -> tokio::task::JoinHandle<common::Reply> {
    let (app, token) = (Arc::clone(app), token.to_owned());
    tokio::spawn(async move { app.post("/api/sync/push", Some(&token), body).await })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mutation_delivered_to_two_instances_at_once_is_applied_once() {
    let apps: Vec<Arc<TestApp>> = instances(2).await.into_iter().map(Arc::new).collect();
    // Logged in on one instance, the session works on the other: sessions are rows.
    let token = apps[0].login(WORKER).await;
    let mut device = Device::new();
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        let m = device.mutation(
            PUBLISH,
            notice(&format!("n{round}"), "停水通知", "normal", None),
        );
        let body = device.push_body(&[m]);
        // The same push reaches both instances at once (a retry after a lost answer,
        // sent through the other instance by the load balancer).
        let first = push_to(&apps[0], &token, body.clone());
        let second = push_to(&apps[1], &token, body.clone());
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
        assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
        assert_applied(&first.body["results"][0]["outcome"]);
        assert_eq!(
            first.body["results"], second.body["results"],
            "both instances answer the same stored outcome"
        );
        // And once more, later, through the first instance.
        let again = apps[0].post("/api/sync/push", Some(&token), body).await;
        assert_eq!(again.body["results"], first.body["results"]);
    }
    let client = &device.client_id;
    assert_eq!(
        count(&apps[1], "SELECT COUNT(*) FROM notices").await,
        ROUNDS as i64
    );
    assert_eq!(
        count(
            &apps[1],
            &format!("SELECT COUNT(*) FROM sync_mutations WHERE client_id = '{client}'")
        )
        .await,
        ROUNDS as i64
    );
}

/// A shift of `capacity` places put up by `staff` through `app`, tomorrow, `nth` of
/// a series of shifts that do not overlap.
async fn put_up_shift(app: &TestApp, staff: &mut Person, id: &str, nth: i64, capacity: i64) {
    let start = db::now_ms() + 24 * HOUR + nth * 3 * HOUR;
    let activity = json!({
        "id": "a1", "kind": "environment", "title": "清理楼道",
        "description": "清理楼道杂物，保持消防通道畅通", "place": "3栋楼下",
        "contact_name": "钱晓燕", "contact_phone": "13800000002", "skills": [],
    });
    assert_applied(&staff.act(app, SAVE_ACTIVITY, activity).await);
    let shift = json!({
        "id": id, "activity_id": "a1", "starts_at": start, "ends_at": start + 2 * HOUR,
        "capacity": capacity, "check_in_code": "482100",
    });
    assert_applied(&staff.act(app, SAVE_SHIFT, shift).await);
}

/// Each sign-up of a shift in queue order: (signup id, status, decided at).
async fn queue(app: &TestApp, shift_id: &str) -> Vec<(String, String, i64)> {
    db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT id, status, decided_at FROM signups WHERE shift_id = $1 ORDER BY queue_no"
    )
    .bind(shift_id)
    .fetch_all(ex)
    .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_ups_for_the_last_places_through_different_instances() {
    const PEOPLE: usize = 30;
    const PLACES: usize = 10;
    // Several instances are the PostgreSQL deployment's: there the race runs 20 times.
    // On SQLite (one process in real use, its writers queued on the file's lock) a few
    // rounds show the same rules.
    let rounds = if common::on_postgres() { 20 } else { 3 };
    let apps: Vec<Arc<TestApp>> = instances(3).await.into_iter().map(Arc::new).collect();
    let mut staff = Person::login(&apps[0], WORKER).await;
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        // Registered through whichever instance the load balancer picked.
        let app = &apps[i % apps.len()];
        let mut person = Person::register(
            app,
            &format!("1391100{i:04}"),
            &format!("志愿者{i}"),
            json!({}),
        )
        .await;
        let id = person.id.clone();
        let profile = json!({
            "user_id": id, "skills": ["repair"], "availability": "周末上午",
            "emergency_name": "王强", "emergency_phone": "139 0000 1111",
        });
        assert_applied(&person.act(app, SAVE_PROFILE, profile).await);
        people.push(person);
    }

    for round in 0..rounds {
        let shift_id = format!("s{round}");
        put_up_shift(
            &apps[round % apps.len()],
            &mut staff,
            &shift_id,
            round as i64,
            PLACES as i64,
        )
        .await;
        // Everyone taps 报名 at once, each through an instance of their own.
        let tasks: Vec<_> = people
            .iter_mut()
            .enumerate()
            .map(|(i, p)| {
                let args = json!({"signup_id": format!("{shift_id}-{i}"), "shift_id": shift_id, "user_id": p.id});
                let m = p.device.mutation(SIGN_UP, args);
                push_to(&apps[(i + round) % apps.len()], &p.token, p.device.push_body(&[m]))
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
        let confirmed = decisions
            .iter()
            .filter(|d| d["status"] == "confirmed")
            .count();
        let mut positions: Vec<u64> = decisions
            .iter()
            .filter_map(|d| d["position"].as_u64())
            .collect();
        positions.sort_unstable();
        assert_eq!(
            confirmed, PLACES,
            "round {round}: never more than the places"
        );
        assert_eq!(
            positions,
            (1..=(PEOPLE - PLACES) as u64).collect::<Vec<_>>()
        );

        // The queue is in the order the sign-ups were decided, across instances.
        let order = queue(&apps[0], &shift_id).await;
        assert!(order.windows(2).all(|w| w[0].2 <= w[1].2), "{order:?}");
        for (rank, (id, status, _)) in order.iter().enumerate() {
            let i: usize = id.rsplit('-').next().unwrap().parse().unwrap();
            let expected = if rank < PLACES {
                json!({"status": "confirmed"})
            } else {
                json!({"status": "waitlisted", "position": rank + 1 - PLACES})
            };
            assert_eq!(decisions[i], expected, "round {round}, rank {rank}");
            assert_eq!(status, expected["status"].as_str().unwrap());
        }

        // Two confirmed volunteers give up their places through different instances at
        // once, and one of them taps twice: the first two waiting move up, once each.
        let leaving: Vec<usize> = order[..2]
            .iter()
            .map(|(id, _, _)| id.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        let mut tasks = Vec::new();
        for (k, &i) in leaving.iter().enumerate() {
            let p = &mut people[i];
            let m = p
                .device
                .mutation(WITHDRAW, json!({"signup_id": format!("{shift_id}-{i}")}));
            let body = p.device.push_body(&[m]);
            tasks.push(push_to(&apps[k], &p.token, body.clone()));
            if k == 0 {
                tasks.push(push_to(&apps[2], &p.token, body));
            }
        }
        for task in tasks {
            let reply = task.await.unwrap();
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            assert_applied(&reply.body["results"][0]["outcome"]);
        }
        let after = queue(&apps[1], &shift_id).await;
        let status_of = |rank: usize| after[rank].1.as_str();
        assert_eq!((status_of(0), status_of(1)), ("withdrawn", "withdrawn"));
        let now_confirmed = after.iter().filter(|s| s.1 == "confirmed").count();
        assert_eq!(
            now_confirmed, PLACES,
            "round {round}: the places are filled again"
        );
        // The two promoted are the first two who waited; the rest still wait in order.
        assert!(
            after[2..PLACES + 2].iter().all(|s| s.1 == "confirmed"),
            "{after:?}"
        );
        assert!(
            after[PLACES + 2..].iter().all(|s| s.1 == "waitlisted"),
            "{after:?}"
        );
    }
}

/// The ids of every notice a device has seen, pulling from `since` until it is told
/// there is no more; returns the new cursor.
async fn pull_notices(
    app: &TestApp,
    token: &str,
    client: &str,
    mut since: u64,
    seen: &mut BTreeSet<String>,
) -> u64 {
    loop {
        let reply = app
            .get(
                &format!(
                    "/api/sync/pull?protocol={}&since={since}&client_id={client}",
                    linli_core::sync::PROTOCOL_VERSION
                ),
                Some(token),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        for change in reply.body["changes"].as_array().unwrap() {
            if change["collection"] == "notices" {
                seen.insert(change["id"].as_str().unwrap().to_owned());
            }
        }
        since = reply.body["cursor"].as_u64().unwrap();
        if !reply.body["has_more"].as_bool().unwrap() {
            return since;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pulls_during_concurrent_writes_through_several_instances_miss_nothing() {
    const WRITERS: usize = 4;
    const EACH: usize = 25;
    let apps: Vec<Arc<TestApp>> = instances(3).await.into_iter().map(Arc::new).collect();
    let staff_token = apps[0].login(WORKER).await;
    let reader = apps[1].login(RESIDENT).await;
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let app = Arc::clone(&apps[w % apps.len()]);
            let token = staff_token.clone();
            tokio::spawn(async move {
                let mut device = Device::new();
                for k in 0..EACH {
                    let m = device.mutation(
                        PUBLISH,
                        notice(&format!("w{w}-{k}"), "通知", "normal", None),
                    );
                    let reply = app
                        .post("/api/sync/push", Some(&token), device.push_body(&[m]))
                        .await;
                    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
                }
            })
        })
        .collect();
    // The resident's phone pulls all along, each time through another instance, and
    // keeps only its cursor, as a device does.
    let mut seen = BTreeSet::new();
    let mut cursor = 0;
    let mut pulls = 0;
    while !writers.iter().all(|w| w.is_finished()) {
        cursor = pull_notices(
            &apps[pulls % apps.len()],
            &reader,
            "phone",
            cursor,
            &mut seen,
        )
        .await;
        pulls += 1;
    }
    for writer in writers {
        writer.await.unwrap();
    }
    pull_notices(
        &apps[pulls % apps.len()],
        &reader,
        "phone",
        cursor,
        &mut seen,
    )
    .await;
    let expected: BTreeSet<String> = (0..WRITERS)
        .flat_map(|w| (0..EACH).map(move |k| format!("w{w}-{k}")))
        .collect();
    let missed: Vec<_> = expected.difference(&seen).collect();
    assert!(
        missed.is_empty(),
        "after {pulls} pulls the phone never got {missed:?}"
    );
}

/// Waits until some session of the database waits for a lock.
async fn until_a_writer_waits_for_the_lock(pool: &db::Pool) {
    loop {
        let waiting: i64 = db::run!(pool, |ex| sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_locks WHERE NOT granted"
        )
        .fetch_one(ex)
        .await)
        .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::task::yield_now().await;
    }
}

/// Stores a notice of 金石社区 by hand in `tx`, with a version from `version`.
async fn insert_notice(tx: &mut db::Conn, id: &str, author: &str, community: &str, version: i64) {
    db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO notices (id, community_id, category, importance, title, body, pinned,
                              audience, author_id, published_at, version)
         VALUES ($1, $2, 'outage', 'normal', '停水', '明天停水', FALSE, NULL, $3, $4, $5)"
    )
    .bind(id)
    .bind(community)
    .bind(author)
    .bind(db::now_ms())
    .bind(version)
    .execute(ex)
    .await)
    .unwrap();
}

/// The classic gap of cursor-based sync on PostgreSQL, first shown with versions from a
/// plain sequence (which the server does not use), then shown not to happen with the
/// server's versions.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_version_committed_after_a_later_one_is_never_skipped() {
    if !on_postgres() {
        // SQLite has one writer at a time: a later version cannot commit first.
        return;
    }
    let apps: Vec<Arc<TestApp>> = instances(2).await.into_iter().map(Arc::new).collect();
    let (community, _) = apps[0].community("金石社区", "3栋").await;
    let author = apps[0].user_id(WORKER).await;
    let Some(db::Pool::Postgres(pg)) = Some(apps[0].pool.clone()) else {
        unreachable!()
    };

    // With a plain sequence: A takes 1, B takes 2 and commits, a device pulls up to 2,
    // then A commits 1, which that device never asks for again.
    sqlx::query("CREATE SEQUENCE plain_versions")
        .execute(&pg)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE plain_changes (version BIGINT NOT NULL)")
        .execute(&pg)
        .await
        .unwrap();
    let take = "INSERT INTO plain_changes SELECT nextval('plain_versions') RETURNING version";
    let mut a = pg.begin().await.unwrap();
    let va: i64 = sqlx::query_scalar(take).fetch_one(&mut *a).await.unwrap();
    let mut b = pg.begin().await.unwrap();
    let vb: i64 = sqlx::query_scalar(take).fetch_one(&mut *b).await.unwrap();
    b.commit().await.unwrap();
    let cursor: i64 = sqlx::query_scalar("SELECT MAX(version) FROM plain_changes")
        .fetch_one(&pg)
        .await
        .unwrap();
    a.commit().await.unwrap();
    let after_cursor: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM plain_changes WHERE version > $1")
            .bind(cursor)
            .fetch_all(&pg)
            .await
            .unwrap();
    assert!(va < vb && cursor == vb, "the later version committed first");
    assert!(
        after_cursor.is_empty(),
        "with a plain sequence, version {va} committed below the cursor {cursor}: skipped"
    );

    // The server's versions: A takes its version (and the write lock) and holds it
    // open; a write through the other instance meanwhile waits instead of committing a
    // later version first, so the device's cursor cannot pass A's version.
    let reader = apps[1].login(RESIDENT).await;
    let staff = apps[1].login(WORKER).await;
    let mut seen = BTreeSet::new();
    let start = pull_notices(&apps[1], &reader, "phone", 0, &mut seen).await;
    let mut a = db::begin_write(&apps[0].pool).await.unwrap();
    let version = db::sync::next_version(&mut a).await.unwrap();
    insert_notice(&mut a, "held", &author, &community, version).await;
    let mut device = Device::new();
    let m = device.mutation(PUBLISH, notice("later", "停电通知", "normal", None));
    let later = push_to(&apps[1], &staff, device.push_body(&[m]));
    until_a_writer_waits_for_the_lock(&apps[1].pool).await;
    let cursor = pull_notices(&apps[1], &reader, "phone", start, &mut seen).await;
    assert!(
        cursor < version as u64,
        "the cursor {cursor} stays below the open version {version}"
    );
    assert!(seen.is_empty(), "{seen:?}");
    a.commit().await.unwrap();
    assert_applied(&later.await.unwrap().body["results"][0]["outcome"]);
    pull_notices(&apps[0], &reader, "phone", cursor, &mut seen).await;
    assert_eq!(
        seen,
        BTreeSet::from(["held".to_owned(), "later".to_owned()]),
        "both reach the device, the one committed last too"
    );
}

#[tokio::test]
async fn lockouts_and_log_outs_hold_on_every_instance() {
    let apps = instances(3).await;
    let attempt = |i: usize, password: &'static str| {
        apps[i % apps.len()].post(
            "/api/sessions",
            None,
            json!({"phone": RESIDENT, "password": password}),
        )
    };
    // Five wrong passwords, each tried on the next instance: the phone is locked on all,
    // as on one (tests/accounts.rs), even for the right password.
    for i in 0..5 {
        assert_eq!(
            attempt(i, "wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    for i in 0..apps.len() {
        let locked = attempt(i, linli_server::seed::DEMO_PASSWORD).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "instance {i}");
    }

    // A session ended on one instance is ended on the others at once.
    let token = apps[0].login(WORKER).await;
    let me = "/api/me";
    for app in &apps {
        assert_eq!(app.get(me, Some(&token)).await.status, StatusCode::OK);
    }
    let out = apps[1].delete("/api/sessions/current", Some(&token)).await;
    assert!(out.status.is_success(), "{:?}", out.body);
    for (i, app) in apps.iter().enumerate() {
        assert_eq!(
            app.get(me, Some(&token)).await.status,
            StatusCode::UNAUTHORIZED,
            "instance {i}"
        );
    }
}
