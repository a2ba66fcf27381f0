//! Sync over a hostile network against the real server process: 20 staff devices
//! each publish 50 notices, recorded in `linli_core::sync::Replica` as the app
//! records them, while a lossy transport loses requests and answers and delivers
//! some requests twice, and the server is killed and restarted. Afterwards every
//! write must be on the server exactly once and on every device.
//!
//! On PostgreSQL (`LINLI_TEST_DATABASE=postgres`) the same runs against a cluster:
//! three server processes on one database, each request sent to the next instance in
//! turn as a load balancer does (so a request delivered twice reaches two instances at
//! once), two instances killed with SIGKILL and restarted, PostgreSQL itself restarted
//! (`scripts/postgres.sh restart`), and one instance stopped gracefully.
//!
//! The seed printed at the start fixes what each device writes and what befalls
//! each of its calls; set `LINLI_FAULT_SEED` to it to run with the same faults.
//! How the devices and the restarts interleave still varies from run to run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use linli_core::account::{Address, CreateAccountRequest, LoginRequest, Role, Session};
use linli_core::notice::{self, Category, Importance, NOTICES, PublishArgs};
use linli_core::sync::{
    EntryState, MAX_PUSH_BATCH, Outcome, PROTOCOL_VERSION, PullQuery, PullResponse, PushRequest,
    PushResponse, Replica, backoff, feature,
};
use linli_server::{db, seed};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use tokio::task::JoinHandle;
use uuid::Uuid;

mod common;

/// How many devices write how much: 20 × 50 in the test suite; with
/// `LINLI_FAULT_SCALE=full`, 50 × 200 (10,000 writes, about ten times as long).
#[derive(Clone, Copy, Debug)]
struct Scale {
    devices: usize,
    writes_per_device: usize,
}

impl Scale {
    fn from_env() -> Self {
        match std::env::var("LINLI_FAULT_SCALE").as_deref() {
            Ok("full") => Scale {
                devices: 50,
                writes_per_device: 200,
            },
            Ok(other) => panic!("LINLI_FAULT_SCALE is \"full\" or unset, not {other:?}"),
            Err(_) => Scale {
                devices: 20,
                writes_per_device: 50,
            },
        }
    }

    fn total_writes(self) -> usize {
        self.devices * self.writes_per_device
    }

    /// How long the devices have, in all: 45 s per 1,000 writes.
    fn deadline(self) -> Duration {
        Duration::from_millis(45 * self.total_writes() as u64)
    }

    /// How many sync rounds a device has.
    fn max_rounds(self) -> usize {
        10 * self.writes_per_device
    }
}

/// Share of requests lost on the way: never sent.
const P_DROP_REQUEST: f64 = 0.3;
/// Share of sent requests whose answer is lost: the server acted, the device never learns how.
const P_DROP_RESPONSE: f64 = 0.3;
/// Share of lost answers where the device hangs up while the server may still be
/// at work (as on a timeout), rather than the whole answer arriving and being lost.
const P_CUT_OFF: f64 = 0.5;
const CUT_OFF_MAX_MS: u64 = 30;
/// Share of sent requests delivered twice, both copies at once.
const P_TWICE: f64 = 0.1;

/// After a failed sync a device waits as the app does (`backoff::retry_delay_ms`),
/// this many times faster.
const TIME_SCALE: u64 = 1000;
/// How long a device pauses after a sync that went through.
const SYNC_PAUSE_MS: std::ops::RangeInclusive<u64> = 5..=20;
/// The most writes a device records between two syncs.
const MAX_WRITES_PER_ROUND: usize = 4;

/// More pages than this in one pull means the cursor is not moving.
const MAX_PAGES: usize = 10;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(30);
const SERVER_STOP_TIMEOUT: Duration = Duration::from_secs(20);

/// What goes wrong when, on one SQLite server: once devices have had this share (‰) of
/// their writes confirmed, the server goes down this way and comes back.
const RESTARTS: [(usize, Fault); 3] = [
    (200, Fault::Stop(0, Stop::Kill)),
    (500, Fault::Stop(0, Stop::Interrupt)),
    (800, Fault::Stop(0, Stop::Kill)),
];
/// The same for the cluster on PostgreSQL: instances by number, and the database.
const CLUSTER_RESTARTS: [(usize, Fault); 4] = [
    (150, Fault::Stop(1, Stop::Kill)),
    (350, Fault::Stop(2, Stop::Kill)),
    (550, Fault::RestartDatabase),
    (800, Fault::Stop(0, Stop::Interrupt)),
];
const CLUSTER_INSTANCES: usize = 3;
/// How long the server stays down, at most.
const MAX_DOWNTIME_MS: u64 = 500;

const ADMIN: &str = "13800000001";
const RESIDENT: &str = "13800000004";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_lands_exactly_once_through_loss_duplicates_and_restarts() {
    let started = Instant::now();
    let seed = match std::env::var("LINLI_FAULT_SEED") {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("LINLI_FAULT_SEED must be a number, not {value:?}")),
        Err(_) => rand::random(),
    };
    println!("sync faults: seed {seed} (LINLI_FAULT_SEED={seed} runs with the same faults)");
    let mut seeds = StdRng::seed_from_u64(seed);
    let scale = Scale::from_env();
    println!("sync faults: {scale:?}");

    let dir = tempfile::tempdir().unwrap();
    let (database_url, _) = common::database().await;
    let (instances, plan): (usize, &[(usize, Fault)]) = if common::on_postgres() {
        (CLUSTER_INSTANCES, &CLUSTER_RESTARTS)
    } else {
        (1, &RESTARTS)
    };
    let config = ServerConfig {
        ports: (0..instances).map(|_| free_port()).collect(),
        database_url,
        dist: dir.path().to_owned(),
        logged_errors: Arc::default(),
        excused_errors: Arc::default(),
        database_restarted: Arc::default(),
    };
    let mut servers = Vec::new();
    for instance in 0..instances {
        // The first puts in the demo data; the others find it there.
        servers.push(Server::start(&config, instance, instance == 0).await);
    }
    let api = Api::new(&config.ports);
    let tokens = staff_accounts(&api, scale.devices).await;
    let before = Baseline {
        staff_sees: new_device_sees(&api, &tokens[0]).await,
        resident_sees: new_device_sees(&api, &api.login(RESIDENT).await).await,
        stored: Stored::read(&config.database_url).await,
    };

    let shared = Arc::new(Shared::default());
    let chaos = tokio::spawn(chaos(
        config.clone(),
        servers,
        plan,
        scale.total_writes(),
        StdRng::seed_from_u64(seeds.next_u64()),
        Arc::clone(&shared),
    ));
    let deadline = Instant::now() + scale.deadline();
    let handles: Vec<JoinHandle<Device>> = tokens
        .into_iter()
        .enumerate()
        .map(|(index, token)| {
            let device = Device {
                index,
                token,
                api: Api::new(&config.ports),
                replica: Replica::new(format!("device-{index:02}")),
                workload: StdRng::seed_from_u64(seeds.next_u64()),
                faults: StdRng::seed_from_u64(seeds.next_u64()),
                shared: Arc::clone(&shared),
                written: Vec::new(),
            };
            tokio::spawn(device.run(scale, deadline))
        })
        .collect();
    let mut devices = Vec::with_capacity(scale.devices);
    for handle in handles {
        devices.push(join(handle).await);
    }
    shared.devices_done.store(true, Ordering::SeqCst);
    let (servers, restarts) = join(chaos).await;
    let stats = &shared.stats;
    println!(
        "sync faults: seed {seed}: {} requests attempted, {} requests dropped, \
         {} responses dropped ({} cut off in flight), {} duplicates, \
         {} failed at the server or on the wire, {restarts} restarts of {instances} \
         instance(s) or the database, all devices synced after {:.1?}",
        read(&stats.attempted),
        read(&stats.requests_dropped),
        read(&stats.responses_dropped),
        read(&stats.cut_off),
        read(&stats.duplicates),
        read(&stats.failed),
        started.elapsed(),
    );
    assert!(
        [
            &stats.requests_dropped,
            &stats.responses_dropped,
            &stats.cut_off,
            &stats.duplicates,
        ]
        .into_iter()
        .all(|counter| read(counter) > 0),
        "the transport injected every kind of fault"
    );
    assert_eq!(
        restarts,
        plan.len(),
        "the devices finished before every planned restart; restart earlier"
    );

    let written = Written::by(&devices, scale);
    check_devices(&api, &mut devices, &before, &written).await;
    for server in servers {
        server.stop(Stop::Interrupt).await;
    }
    assert_eq!(
        config.logged_errors.load(Ordering::SeqCst),
        0,
        "the server logged errors (see the [linli-server] lines)"
    );
    let excused = config.excused_errors.load(Ordering::SeqCst);
    if excused > 0 {
        println!("sync faults: {excused} requests failed while the database restarted");
    }
    let after = Stored::read(&config.database_url).await;
    println!(
        "sync faults: stored {} notices and {} mutation records of the devices' {} writes",
        scale.total_writes(),
        after.notice_rows - before.stored.notice_rows,
        after.mutation_rows - before.stored.mutation_rows,
    );
    check_stored(&before.stored, &after, &written, scale);
    println!(
        "sync faults: seed {seed}: checked after {:.1?}",
        started.elapsed()
    );
}

/// One staff account per device, so that every notice has its own author.
/// Returns their tokens.
async fn staff_accounts(api: &Api, devices: usize) -> Vec<String> {
    let admin = api.login(ADMIN).await;
    let mut tokens = Vec::with_capacity(devices);
    for i in 0..devices {
        let phone = format!("139{i:08}");
        api.create_staff(&admin, &phone, &format!("工作人员{i}"))
            .await;
        tokens.push(api.login(&phone).await);
    }
    tokens
}

/// What there was before the devices wrote: the demo data.
struct Baseline {
    /// The notices a new device of a staff member, and of a resident, pulls.
    staff_sees: BTreeSet<String>,
    resident_sees: BTreeSet<String>,
    stored: Stored,
}

/// What the devices wrote.
struct Written {
    notices: BTreeSet<String>,
    mutations: BTreeSet<String>,
    clients: Vec<String>,
}

impl Written {
    fn by(devices: &[Device], scale: Scale) -> Self {
        let writes = || devices.iter().flat_map(|d| &d.written);
        let written = Self {
            notices: writes().map(|(_, id)| id.clone()).collect(),
            mutations: writes().map(|(mutation, _)| mutation.to_string()).collect(),
            clients: devices
                .iter()
                .map(|d| d.replica.client_id.clone())
                .collect(),
        };
        assert_eq!(
            written.notices.len(),
            scale.total_writes(),
            "the devices wrote distinct notices"
        );
        written
    }
}

/// Over a clean connection now: every device, and a new one, has every write.
async fn check_devices(api: &Api, devices: &mut [Device], before: &Baseline, written: &Written) {
    for device in devices {
        pull_clean(&device.api, &device.token, &mut device.replica).await;
        let replica = &device.replica;
        assert_eq!(replica.pending_count(), 0, "device {}", device.index);
        assert_eq!(replica.rejected().count(), 0, "device {}", device.index);
        assert!(replica.outbox.is_empty(), "device {}", device.index);
        same_ids(
            &visible_notices(replica),
            &union(&before.staff_sees, &written.notices),
            &format!("the notices device {} shows", device.index),
        );
    }
    same_ids(
        &new_device_sees(api, &api.login(RESIDENT).await).await,
        &union(&before.resident_sees, &written.notices),
        "the notices a resident's new device pulls from cursor 0",
    );
}

/// The server's own record: every write stored, recorded and counted exactly once.
fn check_stored(before: &Stored, after: &Stored, written: &Written, scale: Scale) {
    assert!(
        before.notices.is_disjoint(&written.notices),
        "the demo data has none of the devices' notice ids"
    );
    assert_eq!(
        after.notice_rows,
        before.notice_rows + scale.total_writes(),
        "notices rows"
    );
    same_ids(
        &after.notices,
        &union(&before.notices, &written.notices),
        "the notices stored",
    );

    assert_eq!(
        after.mutation_rows,
        before.mutation_rows + scale.total_writes(),
        "sync_mutations rows"
    );
    let recorded: BTreeSet<String> = after.mutations.keys().cloned().collect();
    let before_recorded: BTreeSet<String> = before.mutations.keys().cloned().collect();
    same_ids(
        &recorded,
        &union(&before_recorded, &written.mutations),
        "the mutations recorded",
    );
    for id in &written.mutations {
        assert_eq!(after.mutations[id], "applied", "the outcome of {id}");
    }

    // A publish applied twice still leaves one row, but moves the version counter twice.
    assert_eq!(
        after.version - before.version,
        scale.total_writes() as i64,
        "one change per write"
    );
    for client in &written.clients {
        assert_eq!(
            after.clients.get(client),
            Some(&(scale.writes_per_device as i64)),
            "the progress of {client}"
        );
    }
}

/// What the server has stored, read straight from its database file.
struct Stored {
    notice_rows: usize,
    notices: BTreeSet<String>,
    mutation_rows: usize,
    /// The outcome status of each processed mutation, by id.
    mutations: BTreeMap<String, String>,
    /// Each device's progress: the last seq processed, by client id.
    clients: BTreeMap<String, i64>,
    version: i64,
}

impl Stored {
    /// Reads what the server stored, while it runs.
    async fn read(database_url: &str) -> Self {
        let pool = db::connect(database_url).await.unwrap();
        let notices: Vec<String> =
            db::run!(&pool, |ex| sqlx::query_scalar("SELECT id FROM notices")
                .fetch_all(ex)
                .await)
            .unwrap();
        let outcomes: Vec<(String, String)> = db::run!(&pool, |ex| sqlx::query_as(
            "SELECT mutation_id, outcome FROM sync_mutations"
        )
        .fetch_all(ex)
        .await)
        .unwrap();
        let mutations: Vec<(String, String)> = outcomes
            .into_iter()
            .map(|(id, outcome)| {
                let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
                (
                    id,
                    outcome["status"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let clients: Vec<(String, i64)> = db::run!(&pool, |ex| sqlx::query_as(
            "SELECT client_id, last_seq FROM sync_clients"
        )
        .fetch_all(ex)
        .await)
        .unwrap();
        let version = db::run!(&pool, |ex| sqlx::query_scalar(
            "SELECT value FROM sync_version"
        )
        .fetch_one(ex)
        .await)
        .unwrap();
        pool.close().await;
        Self {
            notice_rows: notices.len(),
            notices: notices.into_iter().collect(),
            mutation_rows: mutations.len(),
            mutations: mutations.into_iter().collect(),
            clients: clients.into_iter().collect(),
            version,
        }
    }
}

fn union(a: &BTreeSet<String>, b: &BTreeSet<String>) -> BTreeSet<String> {
    a.union(b).cloned().collect()
}

/// Asserts that two sets of ids are equal, naming a few of any that differ.
fn same_ids(actual: &BTreeSet<String>, expected: &BTreeSet<String>, what: &str) {
    let missing: Vec<&String> = expected.difference(actual).collect();
    let unexpected: Vec<&String> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{what}: {} missing (first: {:?}), {} unexpected (first: {:?})",
        missing.len(),
        &missing[..missing.len().min(5)],
        unexpected.len(),
        &unexpected[..unexpected.len().min(5)],
    );
}

/// The notices a new device of the account pulls from cursor 0.
async fn new_device_sees(api: &Api, token: &str) -> BTreeSet<String> {
    let mut replica = Replica::new(format!("new-device-{}", Uuid::new_v4()));
    pull_clean(api, token, &mut replica).await;
    visible_notices(&replica)
}

fn visible_notices(replica: &Replica) -> BTreeSet<String> {
    let rules: Vec<_> = linli_core::all_rules().collect();
    replica
        .view(|m, view| {
            feature::apply(&rules, m, view);
        })
        .rows(NOTICES)
        .map(|(id, _)| id.clone())
        .collect()
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

/// One thing that goes wrong during the run.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// An instance (by number) goes down this way and comes back.
    Stop(usize, Stop),
    /// PostgreSQL stops and starts again under the running instances.
    RestartDatabase,
}

#[derive(Debug, Clone, Copy)]
enum Stop {
    /// SIGKILL: no chance to finish anything; only what SQLite committed survives.
    Kill,
    /// SIGINT: the server's graceful shutdown.
    Interrupt,
}

/// Where the instances listen and keep their data; the same across restarts.
#[derive(Clone)]
struct ServerConfig {
    /// Each instance's port.
    ports: Vec<u16>,
    database_url: String,
    /// A directory without a built app: the server serves the API only.
    dist: PathBuf,
    /// Errors in the server's log, over all its runs: each is a request it failed
    /// (a 500), which no fault of the network and no restart excuses...
    logged_errors: Arc<AtomicUsize>,
    /// ...but for requests that lost their database connection once PostgreSQL was
    /// restarted: those are counted here.
    excused_errors: Arc<AtomicUsize>,
    database_restarted: Arc<AtomicBool>,
}

/// What a request that lost its database connection logs.
const LOST_DATABASE: [&str; 8] = [
    "terminating connection",
    "the database system is",
    "onnection refused",
    "onnection reset",
    "connection closed",
    "PoolTimedOut",
    "Broken pipe",
    "unexpected end of file",
];

/// The `linli-server` binary, running.
struct Server {
    child: Child,
    /// Reads the server's log until it exits.
    log: JoinHandle<()>,
}

impl Server {
    async fn start(config: &ServerConfig, instance: usize, demo_data: bool) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_linli-server"));
        command
            .arg("--bind")
            .arg(format!("127.0.0.1:{}", config.ports[instance]))
            .arg("--database-url")
            .arg(&config.database_url)
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
        let config = config.clone();
        let log = tokio::spawn(async move {
            // The 500s the server logs after the causes it logged, one for each: two
            // requests failing at once may log both causes before either answer.
            let mut excused_answers = 0usize;
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains(" ERROR ") {
                    let lost_database = config.database_restarted.load(Ordering::SeqCst)
                        && LOST_DATABASE.iter().any(|cause| line.contains(cause));
                    let answer = line.contains("response failed");
                    let excused = if lost_database {
                        excused_answers += 1;
                        true
                    } else if answer && excused_answers > 0 {
                        excused_answers -= 1;
                        true
                    } else {
                        false
                    };
                    let counter = if excused {
                        &config.excused_errors
                    } else {
                        &config.logged_errors
                    };
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                println!("[linli-server {instance}] {line}");
            }
        });
        Self { child, log }
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
        join(self.log).await;
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

/// Takes instances (or the database) down as planned, as devices get their writes
/// confirmed, and brings them back on the same port and database. Returns the
/// instances running at the end and how many faults happened.
async fn chaos(
    config: ServerConfig,
    mut servers: Vec<Server>,
    plan: &'static [(usize, Fault)],
    total_writes: usize,
    mut rng: StdRng,
    shared: Arc<Shared>,
) -> (Vec<Server>, usize) {
    let mut restarts = 0;
    for &(per_mille, fault) in plan {
        let after = total_writes * per_mille / 1000;
        loop {
            if shared.devices_done.load(Ordering::SeqCst) {
                return (servers, restarts);
            }
            if shared.confirmed.load(Ordering::SeqCst) >= after {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        match fault {
            Fault::Stop(instance, how) => {
                let server = servers.remove(instance);
                server.stop(how).await;
                println!(
                    "sync faults: instance {instance} stopped ({how:?}) after {after} confirmed writes"
                );
                tokio::time::sleep(Duration::from_millis(rng.gen_range(0..=MAX_DOWNTIME_MS))).await;
                servers.insert(instance, Server::start(&config, instance, false).await);
            }
            Fault::RestartDatabase => {
                config.database_restarted.store(true, Ordering::SeqCst);
                let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres.sh");
                let status = Command::new(script)
                    .arg("restart")
                    .stdout(Stdio::null())
                    .status()
                    .await
                    .expect("running scripts/postgres.sh restart");
                assert!(status.success(), "restarting PostgreSQL");
                println!("sync faults: PostgreSQL restarted after {after} confirmed writes");
            }
        }
        restarts += 1;
    }
    (servers, restarts)
}

/// The server's HTTP API, without faults.
struct Api {
    http: reqwest::Client,
    /// Each instance's API; requests go to one after the other, as a round-robin load
    /// balancer sends them (without its health checks: a request to an instance that
    /// is down fails, and the device tries again).
    bases: Vec<String>,
    next: AtomicUsize,
}

impl Api {
    fn new(ports: &[u16]) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .unwrap(),
            bases: ports
                .iter()
                .map(|port| format!("http://127.0.0.1:{port}/api"))
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// The instance the next request goes to.
    fn base(&self) -> &str {
        &self.bases[self.next.fetch_add(1, Ordering::Relaxed) % self.bases.len()]
    }

    async fn login(&self, phone: &str) -> String {
        let req = self
            .http
            .post(format!("{}/sessions", self.base()))
            .json(&LoginRequest {
                phone: phone.to_owned(),
                password: seed::DEMO_PASSWORD.to_owned(),
            });
        let session: Session = answer(req)
            .await
            .unwrap_or_else(|err| panic!("logging in {phone}: {err}"));
        session.token
    }

    async fn create_staff(&self, admin: &str, phone: &str, name: &str) {
        self.http
            .post(format!("{}/accounts", self.base()))
            .bearer_auth(admin)
            .json(&CreateAccountRequest {
                phone: phone.to_owned(),
                display_name: name.to_owned(),
                password: Some(seed::DEMO_PASSWORD.to_owned()),
                role: Role::CommunityWorker,
                address: Address::default(),
            })
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .unwrap_or_else(|err| panic!("creating staff account {phone}: {err}"));
    }

    async fn push(&self, token: &str, req: &PushRequest) -> reqwest::Result<PushResponse> {
        let req = self
            .http
            .post(format!("{}/sync/push", self.base()))
            .bearer_auth(token)
            .json(req);
        answer(req).await
    }

    async fn pull(
        &self,
        token: &str,
        client_id: &str,
        since: u64,
    ) -> reqwest::Result<PullResponse> {
        let req = self
            .http
            .get(format!("{}/sync/pull", self.base()))
            .bearer_auth(token)
            .query(&PullQuery {
                protocol: PROTOCOL_VERSION,
                since,
                client_id: client_id.to_owned(),
                community_id: None,
            });
        answer(req).await
    }
}

/// Sends a request and reads its JSON answer; an error status is an error.
async fn answer<T: serde::de::DeserializeOwned>(
    req: reqwest::RequestBuilder,
) -> reqwest::Result<T> {
    req.send().await?.error_for_status()?.json().await
}

/// What the devices and the chaos task share.
#[derive(Default)]
struct Shared {
    stats: Stats,
    /// Writes the server has confirmed to their device, over all devices.
    confirmed: AtomicUsize,
    devices_done: AtomicBool,
}

/// What the lossy transport did, over all devices.
#[derive(Default)]
struct Stats {
    attempted: AtomicU64,
    requests_dropped: AtomicU64,
    responses_dropped: AtomicU64,
    cut_off: AtomicU64,
    duplicates: AtomicU64,
    failed: AtomicU64,
}

fn tally(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
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

/// A staff member's phone: records notices into its replica and syncs them,
/// over a lossy network.
struct Device {
    index: usize,
    token: String,
    api: Api,
    replica: Replica,
    /// How many writes to record when, and how long to pause.
    workload: StdRng,
    /// What befalls each call: drawn the same way for every call, so that the
    /// seed fixes the fate of a device's n-th call.
    faults: StdRng,
    shared: Arc<Shared>,
    /// The mutation and notice id of every write recorded.
    written: Vec<(Uuid, String)>,
}

impl Device {
    /// Records writes a few at a time and syncs after each few, until all are
    /// recorded, confirmed and pulled back.
    async fn run(mut self, scale: Scale, deadline: Instant) -> Self {
        let mut failures = 0;
        let mut last_failure = None;
        for _ in 0..scale.max_rounds() {
            let remaining = scale.writes_per_device - self.written.len();
            let writes = self
                .workload
                .gen_range(0..=MAX_WRITES_PER_ROUND.min(remaining));
            for _ in 0..writes {
                self.record();
            }
            let pause_ms = match self.sync().await {
                Ok(()) => {
                    failures = 0;
                    if self.written.len() == scale.writes_per_device
                        && self.replica.outbox.is_empty()
                    {
                        return self;
                    }
                    self.workload.gen_range(SYNC_PAUSE_MS)
                }
                Err(err) => {
                    failures += 1;
                    last_failure = Some(err);
                    let jitter = self.workload.gen_range(0.0..1.0);
                    backoff::retry_delay_ms(failures, jitter) / TIME_SCALE
                }
            };
            if Instant::now() >= deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(pause_ms)).await;
        }
        panic!(
            "device {} did not finish within {} rounds or {:?}: \
             {} of {} writes recorded, {} pending, {} in the outbox; \
             last failure: {}",
            self.index,
            scale.max_rounds(),
            scale.deadline(),
            self.written.len(),
            scale.writes_per_device,
            self.replica.pending_count(),
            self.replica.outbox.len(),
            last_failure.map_or("none".to_owned(), |err| err.to_string()),
        );
    }

    fn record(&mut self) {
        let id = format!("d{:02}-n{:03}", self.index, self.written.len());
        let args = PublishArgs {
            id: id.clone(),
            category: Category::Outage,
            importance: Importance::Normal,
            title: format!("停水通知 {id}"),
            body: "3栋、5栋明天 9:00-17:00 停水，请提前储水。".to_owned(),
            pinned: false,
            audience: None,
            expires_at: None,
            call_after_hours: None,
        };
        let mutation_id = Uuid::new_v4();
        self.replica.record(
            notice::PUBLISH,
            serde_json::to_value(args).unwrap(),
            mutation_id,
            db::now_ms(),
        );
        self.written.push((mutation_id, id));
    }

    /// One sync as the app's driver does it: push batches until nothing is
    /// pending (or the server stops early), then pull every page. Any failure
    /// ends the sync; the next one starts over.
    async fn sync(&mut self) -> Result<(), Lost> {
        loop {
            let mutations = self.replica.to_push(MAX_PUSH_BATCH);
            if mutations.is_empty() {
                break;
            }
            let sent = mutations.len();
            let req = PushRequest {
                protocol: PROTOCOL_VERSION,
                client_id: self.replica.client_id.clone(),
                mutations,
            };
            let res = self.deliver(|api, token| api.push(token, &req)).await?;
            for entry in self.replica.apply_push(&res) {
                assert!(
                    matches!(entry.state, EntryState::Done(Outcome::Applied { .. })),
                    "device {}: the server refused a valid write: {entry:?}",
                    self.index
                );
                self.shared.confirmed.fetch_add(1, Ordering::SeqCst);
            }
            if res.results.len() < sent {
                break;
            }
        }
        for _ in 0..MAX_PAGES {
            let (client_id, since) = (self.replica.client_id.clone(), self.replica.cursor);
            let page = self
                .deliver(|api, token| api.pull(token, &client_id, since))
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

    /// Makes one call over the lossy network: it may never be sent, be sent
    /// twice at once, or have its answer lost, whole or cut off in flight.
    async fn deliver<'a, T, F>(
        &'a mut self,
        send: impl Fn(&'a Api, &'a str) -> F,
    ) -> Result<T, Lost>
    where
        F: Future<Output = reqwest::Result<T>>,
    {
        // Every decision is drawn, always in this order, before any is acted on.
        let drop_request = self.faults.gen_bool(P_DROP_REQUEST);
        let twice = self.faults.gen_bool(P_TWICE);
        let keep_second = self.faults.gen_bool(0.5);
        let drop_response = self.faults.gen_bool(P_DROP_RESPONSE);
        let cut_off = self.faults.gen_bool(P_CUT_OFF);
        let cut_off_after = Duration::from_millis(self.faults.gen_range(0..=CUT_OFF_MAX_MS));

        let stats = &self.shared.stats;
        tally(&stats.attempted);
        if drop_request {
            tally(&stats.requests_dropped);
            return Err(Lost::Request);
        }
        let (api, token) = (&self.api, self.token.as_str());
        let exchange = async {
            if twice {
                tally(&stats.duplicates);
                let (first, second) = tokio::join!(send(api, token), send(api, token));
                if keep_second { second } else { first }
            } else {
                send(api, token).await
            }
        };
        if drop_response {
            tally(&stats.responses_dropped);
            if cut_off {
                tally(&stats.cut_off);
                let _ = tokio::time::timeout(cut_off_after, exchange).await;
            } else {
                let _ = exchange.await;
            }
            return Err(Lost::Response);
        }
        exchange.await.map_err(|err| {
            tally(&stats.failed);
            Lost::Failed(err)
        })
    }
}
