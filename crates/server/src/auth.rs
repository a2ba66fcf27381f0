//! Bearer tokens, the extractors of who is calling ([`SignedIn`], [`CurrentUser`],
//! [`StreetAdmin`]) and the checks of their rights against the core's table of reaches
//! (`linli_core::access`). Passwords are hashed in `hashing`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use linli_core::Millis;
use linli_core::access::{Action, Reach, Standing, Target};
use linli_core::account::Role;
use linli_core::error::ErrorCode;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::{self, people::Account};
use crate::error::{AppError, AppResult};
/// Outside requests (the first administrator, demo data) passwords are hashed directly.
pub use crate::hashing::hash_password;
use crate::state::AppState;

/// How long a log-in lasts.
pub const SESSION_DAYS: i64 = 90;

/// A session's last use is noted at most this often.
const LAST_SEEN_EVERY_MS: Millis = 5 * 60 * 1000;

/// What a disabled account's every request is answered with (its devices show it).
pub const DISABLED: &str = "账号已停用，请联系社区";

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

/// A logged-in account of a community, with where it stands for its reach.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: String,
    pub role: Role,
    pub community_id: String,
    pub street_office: String,
    pub building_id: Option<String>,
    /// Whether staff or a 楼栋长 confirmed the account: only a self-registered resident
    /// waits (待核实), and sees what a visitor sees plus their own rows until then.
    pub verified: bool,
    /// The buildings of the grids a 网格员 works.
    pub grid: Vec<String>,
}

impl CurrentUser {
    /// The account as a member of its community, with its grid; `None` for a street
    /// admin, who belongs to none.
    pub async fn load(pool: &db::Pool, account: Account) -> sqlx::Result<Option<Self>> {
        let Some(community_id) = account.community_id else {
            return Ok(None);
        };
        // Only a 网格员 needs the database again (most requests are residents' pulls).
        let grid = match account.role {
            Role::GridWorker => {
                let mut conn = pool.acquire().await?;
                db::people::grid_buildings(&mut conn, &account.id).await?
            }
            _ => Vec::new(),
        };
        Ok(Some(CurrentUser {
            id: account.id,
            role: account.role,
            community_id,
            street_office: account.street_office,
            building_id: account.building_id,
            verified: account.verified,
            grid,
        }))
    }

    /// Where the account stands, to measure its reach from.
    pub fn standing(&self) -> Standing<'_> {
        Standing {
            building_id: self.building_id.as_deref(),
            grid: &self.grid,
            street_office: &self.street_office,
        }
    }

    /// How far its right to `action` reaches.
    pub fn reach(&self, action: Action) -> Reach {
        self.role.reach(action)
    }

    /// What records its changes in the audit log, as of `at`.
    pub fn audit(&self, at: Millis) -> db::audit::Audit<'_> {
        db::audit::Audit {
            actor_id: &self.id,
            street_office: &self.street_office,
            community_id: Some(&self.community_id),
            at,
        }
    }

    /// Whether it may read the account `id` of `role` living in `building`: those living
    /// within its reach ([`Action::ReadResidents`]), and for staff their colleagues.
    pub fn reads(&self, id: &str, role: Role, building: Option<&str>) -> bool {
        id == self.id
            || self.reaches(Action::ReadResidents, Target::Building(building))
            || (self.role.is_staff() && !role.is_resident())
    }

    /// Whether its right to `action` covers `target`.
    pub fn reaches(&self, action: Action, target: Target<'_>) -> bool {
        self.reach(action).covers(&self.standing(), target)
    }
}

/// A logged-in 街道管理员: no community of their own, the communities of a street office.
#[derive(Debug, Clone)]
pub struct StreetAdmin {
    pub id: String,
    pub street_office: String,
}

/// Any logged-in, active account: a member of a community, or a street admin.
#[derive(Debug, Clone)]
pub enum SignedIn {
    Member(CurrentUser),
    Street(StreetAdmin),
}

impl SignedIn {
    pub fn id(&self) -> &str {
        match self {
            SignedIn::Member(u) => &u.id,
            SignedIn::Street(s) => &s.id,
        }
    }
}

/// An action refused: for want of rights, or because its target lies beyond the role's
/// reach. A route answers it as a 403, a mutation as a `Forbidden` rejection; both say
/// why in plain words.
#[derive(Debug, Clone, Copy)]
pub struct Refused(&'static str);

impl Refused {
    /// The code a refusal is answered with, by a route and a mutation alike.
    pub const CODE: ErrorCode = ErrorCode::Forbidden;

    /// Why, in the person's words.
    pub fn reason(self) -> &'static str {
        self.0
    }
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        AppError::new(Refused::CODE, refused.reason())
    }
}

/// The check of a right at all, for routes and mutations alike: its reach, when any.
pub fn require(user: &CurrentUser, action: Action) -> Result<Reach, Refused> {
    match user.reach(action) {
        Reach::Nowhere => Err(Refused(action.refusal())),
        reach => Ok(reach),
    }
}

/// The check of a right over `target`: refused as [`require`] is, or as lying beyond the
/// role's reach.
pub fn require_in(user: &CurrentUser, action: Action, target: Target<'_>) -> Result<(), Refused> {
    let reach = require(user, action)?;
    if reach.covers(&user.standing(), target) {
        Ok(())
    } else {
        Err(Refused(reach.beyond()))
    }
}

/// A street admin's right to `action` over the communities of their street office.
pub fn require_street(user: &SignedIn, action: Action) -> Result<&StreetAdmin, Refused> {
    match user {
        SignedIn::Street(admin) if Role::StreetAdmin.may(action) => Ok(admin),
        _ => Err(Refused(action.refusal())),
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let token = bearer(parts).ok_or_else(|| AppError::unauthorized("请先登录"))?;
        let hash = token_hash(token);
        let now = db::now_ms();
        let found = db::people::session_account(&state.pool, &hash, now).await?;
        let session = match found {
            Some(s) if s.account.disabled => return Err(AppError::unauthorized(DISABLED)),
            Some(s) if s.live => s,
            _ => return Err(AppError::unauthorized("登录已过期，请重新登录")),
        };
        if session.last_seen_at < now - LAST_SEEN_EVERY_MS {
            db::people::touch_session(&state.pool, &hash, now, now - LAST_SEEN_EVERY_MS).await?;
        }
        let account = session.account;
        let (id, street_office) = (account.id.clone(), account.street_office.clone());
        Ok(match CurrentUser::load(&state.pool, account).await? {
            Some(user) => SignedIn::Member(user),
            None => SignedIn::Street(StreetAdmin { id, street_office }),
        })
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        match SignedIn::from_request_parts(parts, state).await? {
            SignedIn::Member(user) => Ok(user),
            SignedIn::Street(_) => Err(AppError::forbidden(
                "街道管理员账号不属于哪个社区，请在街道管理中办理",
            )),
        }
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
