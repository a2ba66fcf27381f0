//! Drives the real router (`linli_server::app`) against a real, freshly migrated
//! database per test: SQLite by default, PostgreSQL with `LINLI_TEST_DATABASE=postgres`
//! (the server at `LINLI_TEST_POSTGRES_URL`, by default the one `scripts/postgres.sh`
//! starts; each test gets a database of its own).
#![allow(dead_code)] // each test binary uses its own part of this helper

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use linli_server::blob_store::BlobStore;
use linli_server::{AppState, app, db, seed};
use serde_json::{Value, json};
use tower::ServiceExt;

static NEXT_ADDRESS: AtomicU32 = AtomicU32::new(1);

/// The PostgreSQL server tests use unless told otherwise (`scripts/postgres.sh`).
const DEFAULT_POSTGRES_URL: &str = "postgres://linli@127.0.0.1:54329/postgres";

/// Whether this run tests against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("LINLI_TEST_DATABASE").is_ok_and(|db| db == "postgres")
}

/// A fresh, migrated database for one test, on the backend of this run.
pub async fn pool() -> db::Pool {
    database().await.1
}

/// A fresh, migrated database: its URL, and a pool on it.
pub async fn database() -> (String, db::Pool) {
    let url = if on_postgres() {
        fresh_postgres_database().await
    } else {
        fresh_sqlite_file()
    };
    let pool = db::connect(&url).await.expect("opening the test database");
    db::migrate(&pool)
        .await
        .expect("migrating the test database");
    (url, pool)
}

/// `n` server instances sharing one fresh database with the demo accounts, as several
/// processes behind a load balancer share it: each has its own router and its own pool
/// of connections, and nothing else in common.
pub async fn instances(n: usize) -> Vec<TestApp> {
    let (url, first) = database().await;
    let mut apps = vec![TestApp::with_demo(first).await];
    for _ in 1..n {
        let pool = db::connect(&url).await.unwrap();
        apps.push(TestApp {
            router: app(AppState::local(pool.clone())),
            pool,
        });
    }
    apps
}

/// Test databases are named after the test process that made them, so that each run
/// removes those of runs that have ended (one database per test adds up otherwise).
fn test_db_name() -> String {
    format!(
        "linli_test_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether a test database's name is of a process no longer running.
fn is_left_over(name: &str) -> bool {
    name.strip_prefix("linli_test_")
        .and_then(|rest| rest.split('_').next())
        .is_some_and(|pid| !std::path::Path::new("/proc").join(pid).exists())
}

/// A new SQLite file under Cargo's scratch directory for tests.
pub fn fresh_sqlite_file() -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("linli-test-dbs");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if is_left_over(&entry.file_name().to_string_lossy()) {
            std::fs::remove_file(entry.path()).ok();
        }
    }
    format!(
        "sqlite://{}",
        dir.join(format!("{}.db", test_db_name())).display()
    )
}

/// Creates an empty database on the test PostgreSQL server; returns its URL.
async fn fresh_postgres_database() -> String {
    use sqlx::{Connection, Executor};
    let server = std::env::var("LINLI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("the test PostgreSQL server (start it with scripts/postgres.sh)");
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'linli_test_%'")
            .fetch_all(&mut admin)
            .await
            .unwrap();
    for name in existing.iter().filter(|name| is_left_over(name)) {
        // Another test process may be removing it too.
        let _ = admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    }
    let name = test_db_name();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// The server of a PostgreSQL database URL, connected to its `postgres` database.
async fn postgres_admin(url: &str) -> (sqlx::PgConnection, String, String) {
    use sqlx::Connection;
    let (server, name) = url.rsplit_once('/').unwrap();
    let admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    (admin, server.to_owned(), name.to_owned())
}

/// A new database with the content of the one at `url` (which nobody may be connected
/// to), named after it with `suffix`; returns its URL.
pub async fn copy_postgres_database(url: &str, suffix: &str) -> String {
    use sqlx::{Connection, Executor};
    let (mut admin, server, name) = postgres_admin(url).await;
    admin
        .execute(format!("CREATE DATABASE {name}_{suffix} TEMPLATE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    format!("{server}/{name}_{suffix}")
}

/// Removes a test database as soon as it has served (some tests make many).
pub async fn drop_postgres_database(url: &str) {
    use sqlx::{Connection, Executor};
    let (mut admin, _, name) = postgres_admin(url).await;
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
}

pub struct TestApp {
    pub router: Router,
    pub pool: db::Pool,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl TestApp {
    /// The app on `pool`, with the demo communities and accounts in place.
    pub async fn with_demo(pool: db::Pool) -> Self {
        seed::demo_accounts(&pool).await.expect("seeding");
        Self {
            router: app(AppState::local(pool.clone())),
            pool,
        }
    }

    /// The same app keeping photos' bytes in `blobs` (as with `--blob-dir`).
    pub fn with_blobs(self, blobs: BlobStore) -> Self {
        Self {
            router: app(AppState::local(self.pool.clone()).with_blobs(blobs)),
            pool: self.pool,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Body,
        json: bool,
    ) -> Reply {
        let (status, bytes) = self.send_raw(method, path, token, body, json).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply { status, body }
    }

    /// The answer's status and its bytes as they came.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Body,
        json: bool,
    ) -> (StatusCode, axum::body::Bytes) {
        let mut req = Request::builder().method(method).uri(path);
        if json {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        // Each request from a phone of its own, as residents use the app: limits per
        // client address are tested apart (tests/hardening.rs).
        let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed);
        let peer = SocketAddr::from(([10, 200, (n >> 8) as u8, n as u8], 40_000));
        let req = req.extension(ConnectInfo(peer));
        let res = self
            .router
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let status = res.status();
        (status, res.into_body().collect().await.unwrap().to_bytes())
    }

    /// The bytes of a file the app serves (a photo), which must be there.
    pub async fn get_bytes(&self, path: &str, token: Option<&str>) -> Vec<u8> {
        let (status, bytes) = self
            .send_raw(Method::GET, path, token, Body::empty(), false)
            .await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        bytes.to_vec()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, Body::empty(), false)
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(
            Method::POST,
            path,
            token,
            Body::from(body.to_string()),
            true,
        )
        .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::DELETE, path, token, Body::empty(), false)
            .await
    }

    /// Logs a demo account in and returns its token.
    pub async fn login(&self, phone: &str) -> String {
        let reply = self
            .post(
                "/api/sessions",
                None,
                json!({"phone": phone, "password": seed::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["token"].as_str().unwrap().to_owned()
    }

    /// The id of a community by name, and of one of its buildings.
    pub async fn community(&self, name: &str, building: &str) -> (String, String) {
        let community: String = linli_server::db::run!(&self.pool, |ex| sqlx::query_scalar(
            "SELECT id FROM communities WHERE name = $1"
        )
        .bind(name)
        .fetch_one(ex)
        .await)
        .unwrap();
        let building = db::communities::ensure_building(&self.pool, &community, building, 0)
            .await
            .unwrap();
        (community, building)
    }
}

pub const ADMIN: &str = "13800000001";
pub const WORKER: &str = "13800000002";
pub const GRID: &str = "13800000003";
pub const RESIDENT: &str = "13800000004";

/// Builds mutations of one device, numbering them.
pub struct Device {
    pub client_id: String,
    next_seq: u64,
}

impl Device {
    pub fn new() -> Self {
        Self {
            client_id: uuid::Uuid::new_v4().to_string(),
            next_seq: 1,
        }
    }

    pub fn mutation(&mut self, name: &str, args: Value) -> Value {
        let m = json!({
            "client_id": self.client_id,
            "seq": self.next_seq,
            "mutation_id": uuid::Uuid::new_v4(),
            "name": name,
            "args": args,
            "created_at": 1_700_000_000_000_i64 + self.next_seq as i64,
        });
        self.next_seq += 1;
        m
    }

    pub fn push_body(&self, mutations: &[Value]) -> Value {
        json!({"protocol": linli_core::sync::PROTOCOL_VERSION, "client_id": self.client_id, "mutations": mutations})
    }
}

impl TestApp {
    pub async fn push(&self, token: &str, device: &Device, mutations: &[Value]) -> Reply {
        self.post("/api/sync/push", Some(token), device.push_body(mutations))
            .await
    }

    /// Pulls every page from `since`; returns the changes and the last response.
    pub async fn pull_all(
        &self,
        token: Option<&str>,
        client_id: &str,
        community: Option<&str>,
    ) -> (Vec<Value>, Value) {
        let mut since = 0;
        let mut changes = Vec::new();
        loop {
            let mut path = format!(
                "/api/sync/pull?protocol={}&since={since}&client_id={client_id}",
                linli_core::sync::PROTOCOL_VERSION
            );
            if let Some(c) = community {
                path.push_str(&format!("&community_id={c}"));
            }
            let reply = self.get(&path, token).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            changes.extend(reply.body["changes"].as_array().unwrap().iter().cloned());
            since = reply.body["cursor"].as_u64().unwrap();
            if !reply.body["has_more"].as_bool().unwrap() {
                return (changes, reply.body);
            }
        }
    }

    /// The id of a user by phone.
    pub async fn user_id(&self, phone: &str) -> String {
        linli_server::db::run!(&self.pool, |ex| sqlx::query_scalar(
            "SELECT id FROM users WHERE phone = $1"
        )
        .bind(phone)
        .fetch_one(ex)
        .await)
        .unwrap()
    }
}

/// Arguments of a notice.publish mutation.
pub fn notice(id: &str, title: &str, importance: &str, audience: Option<Vec<String>>) -> Value {
    json!({
        "id": id,
        "category": "outage",
        "importance": importance,
        "title": title,
        "body": "3栋、5栋明天 9:00-17:00 停水，请提前储水。",
        "pinned": false,
        "audience": audience,
    })
}

impl TestApp {
    pub async fn put_bytes(&self, path: &str, token: Option<&str>, bytes: Vec<u8>) -> Reply {
        self.send(Method::PUT, path, token, Body::from(bytes), false)
            .await
    }
}

/// The first bytes of a JPEG file, then `len` bytes of content.
pub fn jpeg(len: usize, fill: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.resize(len, fill);
    bytes
}

/// Someone using the app on their own phone.
pub struct Person {
    pub token: String,
    pub id: String,
    pub device: Device,
}

impl Person {
    pub async fn login(app: &TestApp, phone: &str) -> Self {
        Self {
            token: app.login(phone).await,
            id: app.user_id(phone).await,
            device: Device::new(),
        }
    }

    /// A new resident of 金石社区, registered through the API.
    pub async fn register(app: &TestApp, phone: &str, name: &str, address: Value) -> Self {
        let (community, _) = app.community("金石社区", "1栋").await;
        let reply = app
            .post(
                "/api/accounts/register",
                None,
                json!({
                    "phone": phone,
                    "display_name": name,
                    "password": "hello-linli",
                    "community_id": community,
                    "address": address,
                }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        Self {
            token: reply.body["token"].as_str().unwrap().to_owned(),
            id: reply.body["user"]["id"].as_str().unwrap().to_owned(),
            device: Device::new(),
        }
    }

    /// Does one thing on the device and syncs it; returns the server's outcome.
    pub async fn act(&mut self, app: &TestApp, name: &str, args: Value) -> Value {
        let m = self.device.mutation(name, args);
        self.send(app, m).await
    }

    /// As `act`, done at `at` by the device's clock.
    pub async fn act_at(&mut self, app: &TestApp, name: &str, args: Value, at: i64) -> Value {
        let mut m = self.device.mutation(name, args);
        m["created_at"] = json!(at);
        self.send(app, m).await
    }

    pub async fn send(&self, app: &TestApp, m: Value) -> Value {
        let reply = app.push(&self.token, &self.device, &[m]).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["results"][0]["outcome"].clone()
    }

    pub async fn pull(&self, app: &TestApp) -> (Vec<Value>, Value) {
        app.pull_all(Some(&self.token), &self.device.client_id, None)
            .await
    }
}

pub fn assert_applied(outcome: &Value) {
    assert_eq!(outcome["status"], "applied", "{outcome:?}");
}

/// The reason of a rejection.
pub fn refused(outcome: &Value) -> &str {
    assert_eq!(outcome["status"], "rejected", "{outcome:?}");
    outcome["reason"].as_str().unwrap()
}

pub fn field(outcome: &Value, name: &str) -> bool {
    outcome["fields"]
        .as_array()
        .is_some_and(|fields| fields.iter().any(|f| f["field"] == name))
}

/// The rows of a collection the caller now sees, by id.
pub fn rows(changes: &[Value], collection: &str) -> BTreeMap<String, Value> {
    changes
        .iter()
        .filter(|c| c["collection"] == collection && !c["data"].is_null())
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["data"].clone()))
        .collect()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(sql).fetch_one(ex).await).unwrap()
}
