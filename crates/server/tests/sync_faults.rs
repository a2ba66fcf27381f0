//! Sync over a hostile network against the real server process: 20 staff devices
//! each publish 50 notices, recorded in `linli_core::sync::Replica` as the app
//! records them, while a lossy transport loses requests and answers and delivers
//! some requests twice, and the server is killed and restarted. Afterwards every
//! write must be on the server exactly once and on every device.
//!
//! Each device draws its faults from the seed printed at the start; set
//! `LINLI_FAULT_SEED` to that value to meet the same faults again (the timing of
//! devices against each other and against the restarts still varies).

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use linli_core::account::{Address, CreateAccountRequest, LoginRequest, Role, Session};
use linli_core::notice::{self, Category, Importance, NOTICES, PublishArgs};
use linli_core::sync::{
    MAX_PUSH_BATCH, PROTOCOL_VERSION, PullQuery, PullResponse, PushRequest, PushResponse, Replica,
    backoff, mutators,
};
use linli_server::{db, seed};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use tokio::task::JoinHandle;

const DEVICES: usize = 20;
const WRITES_PER_DEVICE: usize = 50;
const TOTAL_WRITES: usize = DEVICES * WRITES_PER_DEVICE;

/// Share of requests lost on the way: never sent.
const P_DROP_REQUEST: f64 = 0.3;
/// Share of sent requests whose answer is lost: the server acted, the device never learns how.
const P_DROP_RESPONSE: f64 = 0.3;
/// Share of lost answers where the device gives up while the server is still at work
/// (a timeout), instead of the answer arriving and being lost.
const P_CUT_OFF: f64 = 0.5;
const CUT_OFF_MAX_MS: u64 = 30;
/// Share of sent requests delivered twice, both copies at once.
const P_TWICE: f64 = 0.1;

/// Devices wait as the app does after a failed sync (`backoff::retry_delay_ms`), this much faster.
const TIME_SCALE: u64 = 100;
/// How long a device pauses after a sync that went through.
const SYNC_PAUSE_MS: std::ops::RangeInclusive<u64> = 5..=20;
/// The most writes a device records between two syncs.
const MAX_WRITES_PER_ROUND: usize = 4;

/// Bounds: a device gives up (and the test fails) after this many sync rounds or this long.
const MAX_ROUNDS: usize = 500;
const DEVICE_DEADLINE: Duration = Duration::from_secs(60);
/// More pages than this in one pull means the cursor is not moving.
const MAX_PAGES: usize = 10;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(30);
const SERVER_STOP_TIMEOUT: Duration = Duration::from_secs(20);

/// When the server goes down: once devices have had this many writes confirmed.
const RESTARTS: [(usize, Stop); 3] = [(200, Stop::Kill), (500, Stop::Interrupt), (800, Stop::Kill)];
/// How long the server stays down, at most.
const MAX_DOWNTIME_MS: u64 = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_lands_exactly_once_through_loss_duplicates_and_restarts() {
    let started = Instant::now();
    let seed = match std::env::var("LINLI_FAULT_SEED") {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("LINLI_FAULT_SEED must be a number, not {value:?}")),
        Err(_) => rand::random(),
    };
    println!("sync faults: seed {seed} (LINLI_FAULT_SEED={seed} meets the same faults again)");

    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        port: free_port(),
        database: dir.path().join("linli.db"),
        dist: dir.path().to_owned(),
    };
    let server = Server::start(&config, true).await;
    let api = Api::new(config.port);

    // One staff account per device, so every notice has its own author.
    let admin = api.login(ADMIN).await;
    let mut tokens = Vec::with_capacity(DEVICES);
    for i in 0..DEVICES {
        let phone = format!("139{i:08}");
        api.create_staff(&admin, &phone, &format!("工作人员{i}"))
            .await;
        tokens.push(api.login(&phone).await);
    }

    let stats = Arc::new(Stats::default());
    let confirmed = Arc::new(AtomicUsize::new(0));
    let devices_done = Arc::new(AtomicBool::new(false));
    let chaos = tokio::spawn(chaos(
        config.clone(),
        server,
        StdRng::seed_from_u64(seed),
        Arc::clone(&confirmed),
        Arc::clone(&devices_done),
    ));
    let deadline = Instant::now() + DEVICE_DEADLINE;
    let handles: Vec<JoinHandle<Device>> = tokens
        .into_iter()
        .enumerate()
        .map(|(index, token)| {
            let device = Device {
                index,
                token,
                api: Api::new(config.port),
                replica: Replica::new(format!("device-{index:02}")),
                faults: Faults {
                    rng: StdRng::seed_from_u64(seed.wrapping_add(1 + index as u64)),
                    stats: Arc::clone(&stats),
                },
                confirmed: Arc::clone(&confirmed),
                written: Vec::new(),
            };
            tokio::spawn(device.run(deadline))
        })
        .collect();
    let mut devices = Vec::with_capacity(DEVICES);
    for handle in handles {
        devices.push(join(handle).await);
    }
    devices_done.store(true, Ordering::SeqCst);
    let (server, restarts) = join(chaos).await;
    assert_eq!(
        restarts,
        RESTARTS.len(),
        "the devices finished before every planned restart; restart earlier"
    );

    // Over a clean connection now: every device converges on every write.
    let notice_ids: BTreeSet<String> = devices
        .iter()
        .flat_map(|d| d.written.iter().map(|(_, id)| id.clone()))
        .collect();
    assert_eq!(
        notice_ids.len(),
        TOTAL_WRITES,
        "the devices wrote distinct ids"
    );
    for device in &mut devices {
        pull_clean(&device.api, &device.token, &mut device.replica).await;
        let replica = &device.replica;
        assert_eq!(replica.pending_count(), 0, "device {}", device.index);
        assert_eq!(replica.rejected().count(), 0, "device {}", device.index);
        assert!(replica.outbox.is_empty(), "device {}", device.index);
        assert_eq!(
            visible_notices(replica),
            notice_ids,
            "device {} sees every device's notices",
            device.index
        );
    }
    let mut fresh = Replica::new("fresh-device");
    pull_clean(&api, &api.login(RESIDENT).await, &mut fresh).await;
    assert_eq!(
        visible_notices(&fresh),
        notice_ids,
        "a resident's new device pulls every notice from cursor 0"
    );
    server.stop(Stop::Interrupt).await;

    // The server's own record, read from the file once it has stopped.
    let pool = db::connect(&format!("sqlite://{}", config.database.display()))
        .await
        .unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM notices")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), TOTAL_WRITES, "notices rows");
    assert_eq!(
        stored.into_iter().collect::<BTreeSet<_>>(),
        notice_ids,
        "each notice exactly once"
    );
    let mutation_ids: BTreeSet<String> = devices
        .iter()
        .flat_map(|d| d.written.iter().map(|(m, _)| m.to_string()))
        .collect();
    let processed: Vec<(String, String)> =
        sqlx::query_as("SELECT mutation_id, json_extract(outcome, '$.status') FROM sync_mutations")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(processed.len(), TOTAL_WRITES, "sync_mutations rows");
    assert!(
        processed.iter().all(|(_, status)| status == "applied"),
        "every write applied"
    );
    assert_eq!(
        processed
            .into_iter()
            .map(|(id, _)| id)
            .collect::<BTreeSet<_>>(),
        mutation_ids,
        "each mutation recorded exactly once"
    );
    // A publish applied twice leaves one row either way; it would move the
    // version counter twice, though.
    let version: i64 = sqlx::query_scalar("SELECT value FROM sync_version")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(version, TOTAL_WRITES as i64, "one change per write");
    let progress: Vec<i64> = sqlx::query_scalar("SELECT last_seq FROM sync_clients")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(progress, [WRITES_PER_DEVICE as i64; DEVICES]);
    pool.close().await;

    println!(
        "sync faults: seed {seed}: {} requests attempted, {} requests dropped, {} responses dropped \
         ({} cut off in flight), {} duplicates, {} failed at the server or on the wire, \
         {restarts} restarts, {:.1?} elapsed",
        stats.attempted.load(Ordering::Relaxed),
        stats.requests_dropped.load(Ordering::Relaxed),
        stats.responses_dropped.load(Ordering::Relaxed),
        stats.cut_off.load(Ordering::Relaxed),
        stats.duplicates.load(Ordering::Relaxed),
        stats.failed.load(Ordering::Relaxed),
        started.elapsed(),
    );
}

const ADMIN: &str = "13800000001";
const RESIDENT: &str = "13800000004";

/// A loopback port nobody is listening on, passed to the server explicitly so
/// that a restarted server comes back at the same address.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The result of a task; a panic in it fails the test with the task's own message.
async fn join<T>(handle: JoinHandle<T>) -> T {
    handle
        .await
        .unwrap_or_else(|err| std::panic::resume_unwind(err.into_panic()))
}

fn visible_notices(replica: &Replica) -> BTreeSet<String> {
    replica
        .view(mutators::apply)
        .rows(NOTICES)
        .map(|(id, _)| id.clone())
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Stop {
    /// SIGKILL: no chance to finish anything; only what SQLite committed survives.
    Kill,
    /// SIGINT: the server's graceful shutdown.
    Interrupt,
}

/// Where the server listens and keeps its data; the same across restarts.
#[derive(Clone)]
struct ServerConfig {
    port: u16,
    database: PathBuf,
    /// A directory without a built app: the server serves the API only.
    dist: PathBuf,
}

/// The `linli-server` binary, running.
struct Server {
    child: Child,
}

impl Server {
    async fn start(config: &ServerConfig, demo_data: bool) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_linli-server"));
        command
            .arg("--bind")
            .arg(format!("127.0.0.1:{}", config.port))
            .arg("--database-url")
            .arg(format!("sqlite://{}", config.database.display()))
            .arg("--dist")
            .arg(&config.dist)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        if demo_data {
            command.arg("--demo-data");
        }
        let mut child = command.spawn().expect("starting linli-server");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        tokio::time::timeout(SERVER_START_TIMEOUT, wait_until_listening(&mut lines))
            .await
            .unwrap_or_else(|_| {
                panic!("linli-server did not listen within {SERVER_START_TIMEOUT:?}")
            });
        // Keep reading, so the server never blocks on a full pipe; its log shows with a failure.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                println!("[linli-server] {line}");
            }
        });
        Self { child }
    }

    async fn stop(mut self, how: Stop) {
        match how {
            Stop::Kill => self.child.kill().await.expect("killing linli-server"),
            Stop::Interrupt => {
                let pid = self.child.id().expect("linli-server is running");
                let sent = Command::new("kill")
                    .args(["-INT", &pid.to_string()])
                    .status()
                    .await
                    .expect("running kill");
                assert!(sent.success(), "sending SIGINT to linli-server");
                let status = tokio::time::timeout(SERVER_STOP_TIMEOUT, self.child.wait())
                    .await
                    .unwrap_or_else(|_| {
                        panic!("linli-server did not shut down within {SERVER_STOP_TIMEOUT:?}")
                    })
                    .unwrap();
                assert!(status.success(), "linli-server shut down with {status}");
            }
        }
    }
}

async fn wait_until_listening(lines: &mut Lines<BufReader<ChildStdout>>) {
    loop {
        match lines.next_line().await.expect("reading linli-server's log") {
            Some(line) if line.contains("listening on") => return,
            Some(line) => println!("[linli-server] {line}"),
            None => panic!("linli-server exited before it listened"),
        }
    }
}

/// Takes the server down as planned, as devices get their writes confirmed, and
/// brings it back on the same port and database. Returns the server running at
/// the end and how many restarts happened.
async fn chaos(
    config: ServerConfig,
    mut server: Server,
    mut rng: StdRng,
    confirmed: Arc<AtomicUsize>,
    devices_done: Arc<AtomicBool>,
) -> (Server, usize) {
    let mut restarts = 0;
    for (after, how) in RESTARTS {
        loop {
            if devices_done.load(Ordering::SeqCst) {
                return (server, restarts);
            }
            if confirmed.load(Ordering::SeqCst) >= after {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        server.stop(how).await;
        println!("sync faults: server stopped ({how:?}) after {after} confirmed writes");
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..=MAX_DOWNTIME_MS))).await;
        server = Server::start(&config, false).await;
        restarts += 1;
    }
    (server, restarts)
}

/// The server's HTTP API, without faults.
struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn new(port: u16) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .unwrap(),
            base: format!("http://127.0.0.1:{port}/api"),
        }
    }

    async fn login(&self, phone: &str) -> String {
        let session: Session = self
            .http
            .post(format!("{}/sessions", self.base))
            .json(&LoginRequest {
                phone: phone.to_owned(),
                password: seed::DEMO_PASSWORD.to_owned(),
            })
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .unwrap_or_else(|err| panic!("logging in {phone}: {err}"))
            .json()
            .await
            .unwrap();
        session.token
    }

    async fn create_staff(&self, admin: &str, phone: &str, name: &str) {
        self.http
            .post(format!("{}/accounts", self.base))
            .bearer_auth(admin)
            .json(&CreateAccountRequest {
                phone: phone.to_owned(),
                display_name: name.to_owned(),
                password: seed::DEMO_PASSWORD.to_owned(),
                role: Role::CommunityWorker,
                address: Address::default(),
            })
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .unwrap_or_else(|err| panic!("creating staff account {phone}: {err}"));
    }

    async fn push(&self, token: &str, req: &PushRequest) -> reqwest::Result<PushResponse> {
        self.http
            .post(format!("{}/sync/push", self.base))
            .bearer_auth(token)
            .json(req)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }

    async fn pull(
        &self,
        token: &str,
        client_id: &str,
        since: u64,
    ) -> reqwest::Result<PullResponse> {
        self.http
            .get(format!("{}/sync/pull", self.base))
            .bearer_auth(token)
            .query(&PullQuery {
                protocol: PROTOCOL_VERSION,
                since,
                client_id: client_id.to_owned(),
                community_id: None,
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }
}

#[derive(Default)]
struct Stats {
    attempted: AtomicU64,
    requests_dropped: AtomicU64,
    responses_dropped: AtomicU64,
    cut_off: AtomicU64,
    duplicates: AtomicU64,
    failed: AtomicU64,
}

fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Why a call brought no answer. The device just tries again later.
#[derive(Debug)]
enum Lost {
    Request,
    Response,
    /// The server is down, answered with an error, or the answer did not parse.
    Failed(reqwest::Error),
}

impl fmt::Display for Lost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lost::Request => f.write_str("request dropped"),
            Lost::Response => f.write_str("response dropped"),
            Lost::Failed(err) => write!(f, "{err}"),
        }
    }
}

/// A device's lossy network: what befalls each call follows from its seeded RNG.
struct Faults {
    rng: StdRng,
    stats: Arc<Stats>,
}

impl Faults {
    async fn deliver<T, F>(&mut self, send: impl Fn() -> F) -> Result<T, Lost>
    where
        F: Future<Output = reqwest::Result<T>>,
    {
        // Every decision is drawn up front, so a device meets the same faults
        // whatever happens to its calls.
        let drop_request = self.rng.gen_bool(P_DROP_REQUEST);
        let twice = self.rng.gen_bool(P_TWICE);
        let keep_second = self.rng.gen_bool(0.5);
        let drop_response = self.rng.gen_bool(P_DROP_RESPONSE);
        let cut_off = self.rng.gen_bool(P_CUT_OFF);
        let cut_off_after = Duration::from_millis(self.rng.gen_range(0..=CUT_OFF_MAX_MS));

        count(&self.stats.attempted);
        if drop_request {
            count(&self.stats.requests_dropped);
            return Err(Lost::Request);
        }
        let exchange = async {
            if twice {
                count(&self.stats.duplicates);
                let (first, second) = tokio::join!(send(), send());
                if keep_second { second } else { first }
            } else {
                send().await
            }
        };
        if drop_response {
            count(&self.stats.responses_dropped);
            if cut_off {
                count(&self.stats.cut_off);
                let _ = tokio::time::timeout(cut_off_after, exchange).await;
            } else {
                let _ = exchange.await;
            }
            return Err(Lost::Response);
        }
        exchange.await.map_err(|err| {
            count(&self.stats.failed);
            Lost::Failed(err)
        })
    }
}

/// A staff member's phone: records notices into its replica and syncs them.
struct Device {
    index: usize,
    token: String,
    api: Api,
    replica: Replica,
    faults: Faults,
    /// Writes confirmed by the server, over all devices.
    confirmed: Arc<AtomicUsize>,
    /// The mutation and notice id of every write recorded.
    written: Vec<(uuid::Uuid, String)>,
}

impl Device {
    /// Records writes a few at a time and syncs after each few, until all are
    /// recorded, confirmed and pulled back.
    async fn run(mut self, deadline: Instant) -> Self {
        let mut failures = 0;
        let mut last_failure = None;
        for _ in 0..MAX_ROUNDS {
            let remaining = WRITES_PER_DEVICE - self.written.len();
            let writes = self
                .faults
                .rng
                .gen_range(0..=MAX_WRITES_PER_ROUND.min(remaining));
            for _ in 0..writes {
                self.record();
            }
            let pause_ms = match self.sync().await {
                Ok(()) => {
                    failures = 0;
                    if self.written.len() == WRITES_PER_DEVICE && self.replica.outbox.is_empty() {
                        return self;
                    }
                    self.faults.rng.gen_range(SYNC_PAUSE_MS)
                }
                Err(err) => {
                    failures += 1;
                    last_failure = Some(err);
                    let jitter = self.faults.rng.gen_range(0.0..1.0);
                    backoff::retry_delay_ms(failures, jitter) / TIME_SCALE
                }
            };
            if Instant::now() >= deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(pause_ms)).await;
        }
        panic!(
            "device {} did not finish within {MAX_ROUNDS} rounds or {DEVICE_DEADLINE:?}: \
             {} of {WRITES_PER_DEVICE} writes recorded, {} pending, {} in the outbox; last failure: {}",
            self.index,
            self.written.len(),
            self.replica.pending_count(),
            self.replica.outbox.len(),
            last_failure.map_or("none".to_owned(), |err| err.to_string()),
        );
    }

    fn record(&mut self) {
        let id = format!("d{:02}-n{:02}", self.index, self.written.len());
        let args = PublishArgs {
            id: id.clone(),
            category: Category::Outage,
            importance: Importance::Normal,
            title: format!("停水通知 {id}"),
            body: "3栋、5栋明天 9:00-17:00 停水，请提前储水。".to_owned(),
            pinned: false,
            audience: None,
            expires_at: None,
        };
        let mutation_id = uuid::Uuid::new_v4();
        self.replica.record(
            notice::PUBLISH,
            serde_json::to_value(args).unwrap(),
            mutation_id,
            db::now_ms(),
        );
        self.written.push((mutation_id, id));
    }

    /// One sync as the app does it: push what is pending, then pull every page.
    async fn sync(&mut self) -> Result<(), Lost> {
        let mutations = self.replica.to_push(MAX_PUSH_BATCH);
        if !mutations.is_empty() {
            let req = PushRequest {
                protocol: PROTOCOL_VERSION,
                client_id: self.replica.client_id.clone(),
                mutations,
            };
            let res = self
                .faults
                .deliver(|| self.api.push(&self.token, &req))
                .await?;
            for entry in self.replica.apply_push(&res) {
                assert!(
                    matches!(entry.state, linli_core::sync::EntryState::Applied { .. }),
                    "device {}: the server refused a valid write: {entry:?}",
                    self.index
                );
                self.confirmed.fetch_add(1, Ordering::SeqCst);
            }
        }
        for _ in 0..MAX_PAGES {
            let page = self
                .faults
                .deliver(|| {
                    self.api
                        .pull(&self.token, &self.replica.client_id, self.replica.cursor)
                })
                .await?;
            self.replica.apply_pull(&page);
            if !page.has_more {
                return Ok(());
            }
        }
        panic!(
            "device {}: pull still had more after {MAX_PAGES} pages (cursor {})",
            self.index, self.replica.cursor
        );
    }
}

/// Pulls every page into `replica` over a clean connection.
async fn pull_clean(api: &Api, token: &str, replica: &mut Replica) {
    for _ in 0..MAX_PAGES {
        let page = api
            .pull(token, &replica.client_id, replica.cursor)
            .await
            .unwrap_or_else(|err| panic!("{}: clean pull: {err}", replica.client_id));
        replica.apply_pull(&page);
        if !page.has_more {
            return;
        }
    }
    panic!(
        "{}: clean pull still had more after {MAX_PAGES} pages",
        replica.client_id
    );
}
