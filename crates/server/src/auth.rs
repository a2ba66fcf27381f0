//! Bearer tokens, the `CurrentUser` extractor and the check of its rights. Passwords are
//! hashed in `hashing`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use linli_core::access::Action;
use linli_core::account::Role;
use linli_core::error::ErrorCode;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db;
use crate::error::{AppError, AppResult};
/// Outside requests (the first administrator, demo data) passwords are hashed directly.
pub use crate::hashing::hash_password;
use crate::state::AppState;

/// How long a log-in lasts.
pub const SESSION_DAYS: i64 = 90;

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
}
