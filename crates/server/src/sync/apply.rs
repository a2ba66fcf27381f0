//! The kit a feature applies its mutations with: the context a mutation runs in,
//! what a handler returns, and the ways it refuses. It knows no feature.

use linli_core::Millis;
use linli_core::access::{Action, Target};
use linli_core::error::{ErrorCode, FieldError};
use linli_core::sync::Mutation;
use linli_core::validate::Invalid;
use serde_json::Value;

use crate::auth::{CurrentUser, Refused, require_in};
use crate::db::{self, people::Person};

/// What a mutation is applied with: who sent it, and the time it takes effect at.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub user: &'a CurrentUser,
    pub now: Millis,
}

/// Where a mutation takes its time from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The server's clock, read once the mutation holds the write lock, so that the
    /// times it stamps follow the order in which mutations are applied. Devices'
    /// mutations run by it.
    Server,
    /// A fixed time: a replay of actions done earlier runs each at the time it was done.
    At(Millis),
}

impl Clock {
    /// The time a mutation applied now takes effect at.
    pub fn now(self) -> Millis {
        match self {
            Clock::Server => db::now_ms(),
            Clock::At(at) => at,
        }
    }
}

/// Why a mutation can never be applied. Final: the device shows the reason and
/// moves on to its next mutation.
#[derive(Debug)]
pub struct Rejection {
    pub code: ErrorCode,
    pub reason: String,
    pub fields: Vec<FieldError>,
    /// What the handler wrote before it refused is kept (a count of wrong tries);
    /// otherwise a rejected mutation leaves nothing behind.
    pub keeps_writes: bool,
}

impl Rejection {
    /// A refusal for `reason`, about no field in particular.
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            fields: Vec::new(),
            keeps_writes: false,
        }
    }
}

impl ApplyError {
    /// The same refusal, keeping what the handler wrote before it (a database error
    /// keeps nothing).
    pub fn keeping_writes(self) -> Self {
        match self {
            ApplyError::Rejected(r) => ApplyError::Rejected(Rejection {
                keeps_writes: true,
                ..r
            }),
            db => db,
        }
    }
}

impl From<Invalid> for Rejection {
    fn from(invalid: Invalid) -> Self {
        Self {
            code: ErrorCode::Validation,
            reason: invalid
                .fields
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            fields: invalid.fields,
            keeps_writes: false,
        }
    }
}

/// Applying a mutation either fails for good (a rejection) or for now (the database).
#[derive(Debug)]
pub enum ApplyError {
    Rejected(Rejection),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ApplyError {
    fn from(err: sqlx::Error) -> Self {
        ApplyError::Db(err)
    }
}

impl From<Rejection> for ApplyError {
    fn from(r: Rejection) -> Self {
        ApplyError::Rejected(r)
    }
}

impl From<Invalid> for ApplyError {
    fn from(invalid: Invalid) -> Self {
        ApplyError::Rejected(invalid.into())
    }
}

impl From<Refused> for ApplyError {
    fn from(refused: Refused) -> Self {
        reject(Refused::CODE, refused.reason())
    }
}

/// What a mutation handler returns: a decision for the device, if any.
pub type Applied = Result<Option<Value>, ApplyError>;

/// A mutation refused for good, with `code`.
pub fn reject(code: ErrorCode, reason: impl Into<String>) -> ApplyError {
    Rejection::new(code, reason).into()
}

/// A mutation that clashes with what the server already holds.
pub fn conflict(reason: impl Into<String>) -> ApplyError {
    reject(ErrorCode::Conflict, reason)
}

/// One invalid field, found only on the server.
pub fn invalid(field: &str, reason: impl Into<String>) -> ApplyError {
    Invalid::one(field, reason).into()
}

/// Parses a mutation's arguments; arguments that do not parse can never succeed.
pub fn args<T: serde::de::DeserializeOwned>(m: &Mutation) -> Result<T, Rejection> {
    m.args().map_err(|err| {
        Rejection::new(
            ErrorCode::BadRequest,
            format!("内容无法识别，请刷新页面后重新操作（{err}）"),
        )
    })
}

/// A person of the caller's community.
pub async fn neighbour(
    tx: &mut db::Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<Person, ApplyError> {
    db::people::person(tx, id)
        .await?
        .filter(|p| p.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这位居民"))
}

/// The person a mutation acts for: the caller, or for staff anyone of their community
/// their reach covers (代办; a 网格员 the residents of their grid).
pub async fn acting_for(
    tx: &mut db::Conn,
    user: &CurrentUser,
    id: &str,
    only_own: &str,
) -> Result<Person, ApplyError> {
    if id == user.id {
        return neighbour(tx, user, id).await;
    }
    if !user.role.may(Action::ActForResidents) {
        return Err(reject(ErrorCode::Forbidden, only_own));
    }
    let person = neighbour(tx, user, id).await?;
    require_in(
        user,
        Action::ActForResidents,
        Target::Building(person.building_id.as_deref()),
    )?;
    Ok(person)
}
