//! Passwords, bearer tokens, the `CurrentUser` extractor and the check of its rights.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use linli_core::access::Action;
use linli_core::account::Role;
use linli_core::error::ErrorCode;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::db;
use crate::error::{AppError, AppResult};
use crate::layers::BUSY_RETRY_AFTER_SECS;
use crate::state::AppState;

/// How long a log-in lasts.
pub const SESSION_DAYS: i64 = 90;

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

/// With no stored hash (unknown phone) a dummy hash is still checked, so the answer
/// takes as long either way.
fn verify_now(password: &str, stored: Option<String>) -> anyhow::Result<bool> {
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let parsed = PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// Hashes a password with argon2id, off the async runtime (it takes tens of milliseconds
/// by design). Outside requests (the first administrator, demo data); requests hash
/// through the [`HashQueue`].
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Password hashing for requests, bounded: a few threads of its own hash, one per core
/// (each hash takes about 19 MiB, which stays with its thread's allocator, so memory is
/// bounded by the threads, not by the requests), and a bounded number of requests wait;
/// when the queue is full a request is answered 503 at once instead of holding memory.
#[derive(Clone)]
pub struct HashQueue {
    places: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
}

/// Work for a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// Requests that may wait for a hash, per hashing thread.
const WAITING_PER_WORKER: usize = 16;

/// A place in the [`HashQueue`], taken before anything else is done for the request.
pub struct HashTicket {
    place: OwnedSemaphorePermit,
    jobs: mpsc::Sender<Job>,
}

impl HashQueue {
    /// `workers` threads that hash, and `places` requests in the queue, running ones included.
    pub fn new(workers: usize, places: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    // Ends when every sender (the queue and its tickets) is gone.
                    while let Ok(job) = queue
                        .lock()
                        .map_err(drop)
                        .and_then(|q| q.recv().map_err(drop))
                    {
                        job();
                    }
                })
                .expect("starting a password hashing thread");
        }
        Self {
            places: Arc::new(Semaphore::new(places.max(workers))),
            jobs,
        }
    }

    /// Sized to this machine: a hashing thread per core.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores, cores * WAITING_PER_WORKER)
    }

    /// A place in the queue, or a 503 when it is full.
    pub fn enter(&self) -> AppResult<HashTicket> {
        let place = Arc::clone(&self.places)
            .try_acquire_owned()
            .map_err(|_| AppError::busy(BUSY_RETRY_AFTER_SECS))?;
        Ok(HashTicket {
            place,
            jobs: self.jobs.clone(),
        })
    }
}

impl HashTicket {
    /// Runs `work` on a hashing thread. The place is given back when the work is done,
    /// not when the request is, so a request given up meanwhile still counts until then.
    async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = oneshot::channel();
        let place = self.place;
        let job: Job = Box::new(move || {
            let _place = place;
            done.send(work()).ok();
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("the password hashing threads are gone"))?;
        result
            .await
            .map_err(|_| anyhow::anyhow!("a password hashing thread stopped"))?
    }

    pub async fn hash(self, password: String) -> anyhow::Result<String> {
        self.run(move || hash_now(&password)).await
    }

    /// Checks a password against a stored hash (a dummy one for an unknown phone).
    pub async fn verify(self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        self.run(move || verify_now(&password, stored)).await
    }
}

/// argon2id hash of a random password nobody knows, with default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6o2J1YlXbt5cLwRVGyd6Uy+sKqmWmkSTJNa6dMh9wVY";

/// A new random bearer token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long log-ins for a phone are refused after `failures` consecutive failures:
/// free for the first four, then 30 s doubling up to 15 minutes.
pub fn lockout_ms(failures: i64) -> i64 {
    const FREE: i64 = 4;
    if failures <= FREE {
        return 0;
    }
    let doublings = (failures - FREE - 1).min(5) as u32;
    (30_000 * 2i64.pow(doublings)).min(15 * 60_000)
}

/// The bearer token of a request, if it carries one.
pub fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The logged-in account of a request. Rejects with 401 when there is none.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: String,
    pub role: Role,
    pub community_id: String,
    pub building_id: Option<String>,
}

impl From<db::people::Account> for CurrentUser {
    fn from(a: db::people::Account) -> Self {
        CurrentUser {
            id: a.id,
            role: a.role,
            community_id: a.community_id,
            building_id: a.building_id,
        }
    }
}

/// An action refused for want of rights. A route answers it as a 403, a mutation as a
/// `Forbidden` rejection; both say why in the action's own words.
#[derive(Debug, Clone, Copy)]
pub struct Refused(pub Action);

impl Refused {
    /// The code a refusal is answered with, by a route and a mutation alike.
    pub const CODE: ErrorCode = ErrorCode::Forbidden;

    /// Why, in the person's words.
    pub fn reason(self) -> &'static str {
        self.0.refusal()
    }
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        AppError::new(Refused::CODE, refused.reason())
    }
}

/// The one check of rights, for routes and mutations alike.
pub fn require(user: &CurrentUser, action: Action) -> Result<(), Refused> {
    if user.role.may(action) {
        Ok(())
    } else {
        Err(Refused(action))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let token = bearer(parts).ok_or_else(|| AppError::unauthorized("请先登录"))?;
        db::people::session_account(&state.pool, &token_hash(token), db::now_ms())
            .await?
            .map(CurrentUser::from)
            .ok_or_else(|| AppError::unauthorized("登录已过期，请重新登录"))
    }
}

/// `Option<CurrentUser>`: `None` without a token; a token that is no longer valid
/// is still a 401, so the app learns to log in again.
impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Option<Self>> {
        if bearer(parts).is_none() {
            return Ok(None);
        }
        <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_grows_then_caps() {
        let expected = [
            (1, 0),
            (4, 0),
            (5, 30_000),
            (6, 60_000),
            (7, 120_000),
            (9, 480_000),
            (10, 900_000),
            (50, 900_000),
        ];
        for (failures, ms) in expected {
            assert_eq!(lockout_ms(failures), ms, "{failures} failures");
        }
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[tokio::test]
    async fn password_round_trip_and_dummy() {
        let queue = HashQueue::new(1, 4);
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        let verify = |password: &str, stored: Option<String>| {
            let ticket = queue.enter().unwrap();
            ticket.verify(password.to_owned(), stored)
        };
        assert!(verify("correct horse", Some(hash.clone())).await.unwrap());
        assert!(!verify("wrong horse", Some(hash)).await.unwrap());
        assert!(!verify("anything", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_hash_queue_is_a_503() {
        let queue = HashQueue::new(1, 2);
        let held = [queue.enter().unwrap(), queue.enter().unwrap()];
        let err = queue.enter().err().unwrap();
        let res = axum::response::IntoResponse::into_response(err);
        assert_eq!(res.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(res.headers().contains_key(axum::http::header::RETRY_AFTER));
        drop(held);
        assert!(queue.enter().is_ok());
    }
}
