//! Passwords: argon2id hashes, made and checked off the async runtime, for requests
//! through a bounded queue.

use std::sync::{Arc, Mutex, mpsc};

use argon2::password_hash::{Output, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::{AppError, AppResult};

/// The working memory of argon2 (about 19 MiB with the default parameters). A hashing
/// thread keeps one for good: allocated afresh for every hash, the allocator kept each
/// one (a debug server held 330 MiB after 30 sequential log-ins).
type Memory = Vec<Block>;

/// `memory` made big enough for `argon`'s parameters.
fn blocks<'m>(memory: &'m mut Memory, argon: &Argon2<'_>) -> &'m mut [Block] {
    let needed = argon.params().block_count();
    if memory.len() < needed {
        memory.resize(needed, Block::default());
    }
    &mut memory[..needed]
}

fn fail(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("argon2: {e}")
}

/// argon2 of `password` with `salt`, `len` bytes long, worked out in `memory`.
fn raw_hash(
    argon: &Argon2<'_>,
    password: &str,
    salt: Salt<'_>,
    len: usize,
    memory: &mut Memory,
) -> anyhow::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(fail)?;
    let mut out = vec![0u8; len];
    let blocks = blocks(memory, argon);
    argon
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
        .map_err(fail)?;
    Output::new(&out).map_err(fail)
}

fn hash_now(password: &str, memory: &mut Memory) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let argon = Argon2::default();
    let hash = raw_hash(
        &argon,
        password,
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
        memory,
    )?;
    let hash = PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: argon.params().try_into().map_err(fail)?,
        salt: Some(salt.as_salt()),
        hash: Some(hash),
    };
    Ok(hash.to_string())
}

/// With no stored hash (unknown phone) a dummy hash is still checked, so the answer
/// takes as long either way.
fn verify_now(password: &str, stored: Option<String>, memory: &mut Memory) -> anyhow::Result<bool> {
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let parsed = PasswordHash::new(&stored).map_err(fail)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        anyhow::bail!("stored hash without salt or hash");
    };
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(fail)?;
    let argon = Argon2::new(
        Algorithm::try_from(parsed.algorithm).map_err(fail)?,
        version.unwrap_or_default(),
        Params::try_from(&parsed).map_err(fail)?,
    );
    // `Output` compares in constant time.
    Ok(raw_hash(&argon, password, salt, expected.len(), memory)? == expected)
}

/// Hashes a password with argon2id, off the async runtime (it takes tens of milliseconds
/// by design). Outside requests (the first administrator, demo data); requests hash
/// through the [`HashQueue`].
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password, &mut Memory::new())).await?
}

/// Password hashing for requests, bounded: a few threads of its own hash, one per core,
/// each with its working memory (about 19 MiB) for good, so memory is bounded by the
/// threads, not by the requests; and a bounded number of requests wait;
/// when the queue is full a request is answered 503 at once instead of holding memory.
#[derive(Clone)]
pub struct HashQueue {
    places: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
}

/// Work for a hashing thread, done with the thread's memory.
type Job = Box<dyn FnOnce(&mut Memory) + Send>;

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
                    let mut memory = Memory::new();
                    // Ends when every sender (the queue and its tickets) is gone.
                    while let Ok(job) = queue
                        .lock()
                        .map_err(drop)
                        .and_then(|q| q.recv().map_err(drop))
                    {
                        job(&mut memory);
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
            .map_err(|_| AppError::busy())?;
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
        work: impl FnOnce(&mut Memory) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = oneshot::channel();
        let place = self.place;
        let job: Job = Box::new(move |memory: &mut Memory| {
            let _place = place;
            done.send(work(memory)).ok();
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("the password hashing threads are gone"))?;
        result
            .await
            .map_err(|_| anyhow::anyhow!("a password hashing thread stopped"))?
    }

    pub async fn hash(self, password: String) -> anyhow::Result<String> {
        self.run(move |memory| hash_now(&password, memory)).await
    }

    /// Checks a password against a stored hash (a dummy one for an unknown phone).
    pub async fn verify(self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        self.run(move |memory| verify_now(&password, stored, memory))
            .await
    }
}

/// argon2id hash of a random password nobody knows, with default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6o2J1YlXbt5cLwRVGyd6Uy+sKqmWmkSTJNa6dMh9wVY";

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn hashes_read_both_ways_with_the_argon2_crate_s_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let mut memory = Memory::new();
        let ours = hash_now("correct horse", &mut memory).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();
        assert!(verify_now("correct horse", Some(theirs.clone()), &mut memory).unwrap());
        assert!(!verify_now("wrong horse", Some(theirs), &mut memory).unwrap());
        assert_eq!(memory.len(), Params::default().block_count());
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
