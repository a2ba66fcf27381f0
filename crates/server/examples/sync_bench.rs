//! Sync throughput against a running server, through the device's own state
//! machine (`linli_core::sync::Replica`). `scripts/bench.sh` starts a release
//! server on a fresh database with demo data and runs this against it.
//!
//! - A staff member's device that queued 1,000 notices offline pushes them in
//!   batches of `MAX_PUSH_BATCH` and pulls them back.
//! - More notices fill the database to 10,000, and a new device pulls them all
//!   from cursor 0.
//!
//! Prints one labelled line per figure, and last `cursor: N`, the server's
//! current cursor, for the script's load test of an up-to-date pull.

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use clap::Parser;
use linli_core::account::{LoginRequest, Session};
use linli_core::notice::{self, Category, Importance, PublishArgs};
use linli_core::sync::{
    MAX_PUSH_BATCH, PROTOCOL_VERSION, PullQuery, PullResponse, PushRequest, PushResponse, Replica,
};
use linli_server::{db, seed};
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A community worker (钱晓燕) and a resident (王秀兰) of the demo data.
const STAFF: &str = "13800000002";
const RESIDENT: &str = "13800000004";

const OFFLINE_WRITES: usize = 1_000;
const TOTAL_NOTICES: usize = 10_000;
/// A full pull is timed this many times; the median is reported.
const FULL_PULL_RUNS: usize = 3;

#[derive(Parser)]
#[command(about = "Measures sync push and pull against a running linli-server")]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080
    base_url: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let api = Api {
        http: reqwest::Client::new(),
        base: format!("{}/api", args.base_url.trim_end_matches('/')),
    };
    let staff = api.login(STAFF).await?;

    let mut device = Replica::new(format!("bench-{}", Uuid::new_v4()));
    record(&mut device, OFFLINE_WRITES);
    let started = Instant::now();
    let requests = push_all(&api, &staff, &mut device).await?;
    let took = started.elapsed();
    println!(
        "push: {OFFLINE_WRITES} writes in {requests} requests, {} ({:.2} ms/write)",
        ms(took),
        took.as_secs_f64() * 1000.0 / OFFLINE_WRITES as f64
    );
    let started = Instant::now();
    let pulled = pull_all(&api, &staff, &mut device).await?;
    println!(
        "pull: {} changes in {}, {}",
        pulled.changes,
        pages(pulled.pages),
        ms(started.elapsed())
    );
    ensure!(
        device.outbox.is_empty(),
        "{} writes still in the outbox after the pull",
        device.outbox.len()
    );

    let more = TOTAL_NOTICES - OFFLINE_WRITES;
    record(&mut device, more);
    let started = Instant::now();
    let requests = push_all(&api, &staff, &mut device).await?;
    let took = started.elapsed();
    println!(
        "fill: {more} more writes in {requests} requests, {} ({:.2} ms/write)",
        ms(took),
        took.as_secs_f64() * 1000.0 / more as f64
    );

    let resident = api.login(RESIDENT).await?;
    let mut runs = Vec::with_capacity(FULL_PULL_RUNS);
    for _ in 0..FULL_PULL_RUNS {
        let mut fresh = Replica::new(format!("bench-{}", Uuid::new_v4()));
        let started = Instant::now();
        let pulled = pull_all(&api, &resident, &mut fresh).await?;
        runs.push((started.elapsed(), pulled, fresh.cursor));
    }
    runs.sort_by_key(|(took, ..)| *took);
    let (took, pulled, cursor) = runs.swap_remove(FULL_PULL_RUNS / 2);
    ensure!(
        pulled.changes >= TOTAL_NOTICES,
        "a new device pulled {} changes, expected at least {TOTAL_NOTICES}",
        pulled.changes
    );
    println!(
        "full pull from cursor 0: {} rows in {}, {} ({:.0} rows/s), median of {FULL_PULL_RUNS}",
        pulled.changes,
        pages(pulled.pages),
        ms(took),
        pulled.changes as f64 / took.as_secs_f64()
    );
    println!("cursor: {cursor}");
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".to_owned()
    } else {
        format!("{n} pages")
    }
}

/// Records `n` new notices, as a staff member writing them offline would.
fn record(replica: &mut Replica, n: usize) {
    for _ in 0..n {
        let args = PublishArgs {
            id: Uuid::new_v4().to_string(),
            title: format!("停水通知 {}", replica.next_seq),
            category: Category::Outage,
            importance: Importance::Normal,
            body: "3栋、5栋明天 9:00-17:00 停水，请提前储水。".to_owned(),
            pinned: false,
            audience: None,
            expires_at: None,
            call_after_hours: None,
        };
        let args = serde_json::to_value(args).expect("notice arguments serialise");
        replica.record(notice::PUBLISH, args, Uuid::new_v4(), db::now_ms());
    }
}

/// Pushes every pending write, a batch at a time; returns the number of requests.
async fn push_all(api: &Api, token: &str, replica: &mut Replica) -> anyhow::Result<usize> {
    let mut requests = 0;
    while replica.pending_count() > 0 {
        let req = PushRequest {
            protocol: PROTOCOL_VERSION,
            client_id: replica.client_id.clone(),
            mutations: replica.to_push(MAX_PUSH_BATCH),
        };
        let res = api.push(token, &req).await?;
        requests += 1;
        ensure!(
            !replica.apply_push(&res).is_empty(),
            "the server processed none of a batch"
        );
        if let Some(entry) = replica.rejected().next() {
            anyhow::bail!("the server refused a write: {:?}", entry.state);
        }
    }
    Ok(requests)
}

struct Pulled {
    pages: usize,
    changes: usize,
}

/// Pulls every page since the replica's cursor.
async fn pull_all(api: &Api, token: &str, replica: &mut Replica) -> anyhow::Result<Pulled> {
    let mut pulled = Pulled {
        pages: 0,
        changes: 0,
    };
    loop {
        let page = api.pull(token, &replica.client_id, replica.cursor).await?;
        replica.apply_pull(&page);
        pulled.pages += 1;
        pulled.changes += page.changes.len();
        if !page.has_more {
            return Ok(pulled);
        }
    }
}

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn login(&self, phone: &str) -> anyhow::Result<String> {
        let req = self
            .http
            .post(format!("{}/sessions", self.base))
            .json(&LoginRequest {
                phone: phone.to_owned(),
                password: seed::DEMO_PASSWORD.to_owned(),
            });
        let session: Session = answer(req)
            .await
            .with_context(|| format!("logging in {phone}"))?;
        Ok(session.token)
    }

    async fn push(&self, token: &str, req: &PushRequest) -> anyhow::Result<PushResponse> {
        let req = self
            .http
            .post(format!("{}/sync/push", self.base))
            .bearer_auth(token)
            .json(req);
        answer(req).await.context("pushing")
    }

    async fn pull(&self, token: &str, client_id: &str, since: u64) -> anyhow::Result<PullResponse> {
        let req = self
            .http
            .get(format!("{}/sync/pull", self.base))
            .bearer_auth(token)
            .query(&PullQuery {
                protocol: PROTOCOL_VERSION,
                since,
                client_id: client_id.to_owned(),
                community_id: None,
            });
        answer(req).await.context("pulling")
    }
}

/// Sends a request and reads its JSON answer; an error status is an error.
async fn answer<T: DeserializeOwned>(req: reqwest::RequestBuilder) -> reqwest::Result<T> {
    req.send().await?.error_for_status()?.json().await
}
