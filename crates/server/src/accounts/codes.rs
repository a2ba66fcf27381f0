//! One-time reset codes: handed out at the desk (shown once), they let someone set a new
//! password within a day. Only a hash is kept, salted with the account's id.

use linli_core::Millis;
use linli_core::account::{RESET_CODE_DIGITS, ResetCode};
use rand::Rng;
use sha2::{Digest, Sha256};

use super::db as accounts;
use crate::db::Conn;

/// How long a code lasts.
pub const RESET_CODE_MS: Millis = 24 * 60 * 60 * 1000;

/// What is stored of `code` for `user_id`.
pub fn code_hash(user_id: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{user_id}:{code}").as_bytes()))
}

/// A new code for `user_id`, replacing any earlier one, handed out by `by` at `now`.
pub async fn issue(tx: &mut Conn, user_id: &str, by: &str, now: Millis) -> sqlx::Result<ResetCode> {
    let mut rng = rand::rngs::OsRng;
    let code: String = (0..RESET_CODE_DIGITS)
        .map(|_| char::from(b'0' + rng.gen_range(0..10)))
        .collect();
    let expires_at = now + RESET_CODE_MS;
    accounts::put_reset_code(tx, user_id, &code_hash(user_id, &code), expires_at, by, now).await?;
    Ok(ResetCode { code, expires_at })
}
