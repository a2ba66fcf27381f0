//! Sessions with where they log in from, one-time reset codes, and failed attempts.

use linli_core::Millis;
use linli_core::account::SessionInfo;

use crate::db::{Conn, Pool, now_ms};

/// A new session, by the hash of its token.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: &'a str,
    pub expires_at: Millis,
    /// "iPhone · 微信".
    pub device_label: &'a str,
}

pub async fn insert_session(db: &mut Conn, s: &NewSession<'_>) -> sqlx::Result<()> {
    let now = now_ms();
    crate::db::exec!(db, |ex| sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, device_label,
                               last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $3)",
    )
    .bind(s.token_hash)
    .bind(s.user_id)
    .bind(now)
    .bind(s.expires_at)
    .bind(s.device_label)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn revoke_session(pool: &Pool, token_hash: &str) -> sqlx::Result<()> {
    crate::db::exec!(pool, |ex| sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL"
    )
    .bind(now_ms())
    .bind(token_hash)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Ends every live session of an account but `keep` (the one of the request), at `at`.
pub async fn revoke_sessions(
    tx: &mut Conn,
    user_id: &str,
    keep: Option<&str>,
    at: Millis,
) -> sqlx::Result<u64> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE sessions SET revoked_at = $1
         WHERE user_id = $2 AND revoked_at IS NULL AND ($3 IS NULL OR token_hash <> $3)",
    )
    .bind(at)
    .bind(user_id)
    .bind(keep)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: String,
    device_label: String,
    created_at: Millis,
    last_seen_at: Millis,
}

/// How many characters of a token's hash name its session: enough to tell sessions
/// apart, and of a hash, so nothing of the token shows.
const SESSION_ID_CHARS: usize = 16;

/// The live sessions of an account, most recently used first; `current` is the hash of
/// the request's own token.
pub async fn sessions(
    pool: &Pool,
    user_id: &str,
    current: &str,
    now: Millis,
) -> sqlx::Result<Vec<SessionInfo>> {
    let rows: Vec<SessionRow> = crate::db::run!(pool, |ex| sqlx::query_as(
        "SELECT token_hash, device_label, created_at, last_seen_at FROM sessions
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(ex)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| SessionInfo {
            id: r.token_hash[..SESSION_ID_CHARS].to_owned(),
            current: r.token_hash == current,
            device_label: r.device_label,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
        })
        .collect())
}

/// Keeps a new reset code for an account (replacing any earlier one).
pub async fn put_reset_code(
    tx: &mut Conn,
    user_id: &str,
    code_hash: &str,
    expires_at: Millis,
    created_by: &str,
    at: Millis,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO reset_codes (user_id, code_hash, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash,
             expires_at = excluded.expires_at, created_by = excluded.created_by,
             created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(expires_at)
    .bind(created_by)
    .bind(at)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Uses up the reset code of `user_id` if it is `code_hash` and still valid at `now`:
/// whether it was, once.
pub async fn take_reset_code(
    tx: &mut Conn,
    user_id: &str,
    code_hash: &str,
    now: Millis,
) -> sqlx::Result<bool> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "DELETE FROM reset_codes WHERE user_id = $1 AND code_hash = $2 AND expires_at > $3"
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected() == 1)
}

/// Counts a log-in attempt for `phone` as a failure before its password is checked
/// (a success clears it), unless the phone is locked: then nothing is counted and the
/// answer is until when. Failures last counted before `forget_before` are forgotten.
/// Call inside a write transaction, which makes the check and the count one step.
pub async fn count_login_attempt(
    tx: &mut Conn,
    phone: &str,
    now: Millis,
    forget_before: Millis,
    lock_for: impl Fn(i64) -> i64,
) -> sqlx::Result<Option<Millis>> {
    let stored: Option<(i64, Millis, Millis)> = crate::db::run!(&mut *tx, |ex| sqlx::query_as(
        "SELECT failures, locked_until, updated_at FROM login_failures WHERE phone = $1",
    )
    .bind(phone)
    .fetch_optional(ex)
    .await)?;
    let failures = match stored {
        Some((_, locked_until, _)) if locked_until > now => return Ok(Some(locked_until)),
        Some((failures, _, updated_at)) if updated_at >= forget_before => failures + 1,
        _ => 1,
    };
    crate::db::exec!(tx, |ex| {
        sqlx::query(
        "INSERT INTO login_failures (phone, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (phone) DO UPDATE SET failures = excluded.failures,
             locked_until = excluded.locked_until, updated_at = excluded.updated_at",
    )
    .bind(phone)
    .bind(failures)
    .bind(now + lock_for(failures))
    .bind(now)
    .execute(ex).await
    })?;
    Ok(None)
}

pub async fn clear_login_failures(db: &mut Conn, phone: &str) -> sqlx::Result<()> {
    crate::db::exec!(db, |ex| sqlx::query(
        "DELETE FROM login_failures WHERE phone = $1"
    )
    .bind(phone)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Forgets failures counted before `before` whose lock is over by `now`.
pub async fn purge_login_failures(db: &mut Conn, before: Millis, now: Millis) -> sqlx::Result<u64> {
    crate::db::exec!(db, |ex| sqlx::query(
        "DELETE FROM login_failures WHERE updated_at < $1 AND locked_until <= $2"
    )
    .bind(before)
    .bind(now)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected())
}

/// Removes sessions that expired or were revoked before `ended_before`, and reset codes
/// expired by then.
pub async fn purge_sessions(db: &mut Conn, ended_before: Millis) -> sqlx::Result<u64> {
    crate::db::exec!(&mut *db, |ex| sqlx::query(
        "DELETE FROM reset_codes WHERE expires_at < $1"
    )
    .bind(ended_before)
    .execute(ex)
    .await)?;
    crate::db::exec!(db, |ex| sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1"
    )
    .bind(ended_before)
    .execute(ex)
    .await)
    .map(|r| r.rows_affected())
}
