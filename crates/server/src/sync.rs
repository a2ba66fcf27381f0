//! Push (apply each mutation exactly once) and pull (every change since a cursor
//! that the caller may see), over all synced collections.

use linli_core::error::{ErrorCode, FieldError};
use linli_core::sync::{
    Change, MAX_PULL_PAGE, MAX_PUSH_BATCH, Mutation, MutationResult, Outcome, PROTOCOL_VERSION,
    PullQuery, PullResponse, PushRequest, PushResponse,
};
use linli_core::validate::Invalid;
use linli_core::{directory, notice, report, volunteer};
use serde::Serialize;
use serde_json::Value;
use sqlx::{Acquire, SqliteConnection, SqlitePool};

use crate::auth::CurrentUser;
use crate::db::{self, volunteer::Person};
use crate::error::{AppError, AppResult};
use crate::notices;

/// Why a mutation can never be applied. Final: the device shows the reason and
/// moves on to its next mutation.
#[derive(Debug)]
pub struct Rejection {
    pub code: ErrorCode,
    pub reason: String,
    pub fields: Vec<FieldError>,
}

impl Rejection {
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            fields: Vec::new(),
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

/// What a mutation handler returns: a decision for the device, if any.
pub type Applied = Result<Option<Value>, ApplyError>;

pub fn reject(code: ErrorCode, reason: impl Into<String>) -> ApplyError {
    Rejection::new(code, reason).into()
}

pub fn conflict(reason: impl Into<String>) -> ApplyError {
    reject(ErrorCode::Conflict, reason)
}

/// One invalid field, found only on the server.
pub fn invalid(field: &str, reason: impl Into<String>) -> ApplyError {
    Invalid::one(field, reason).into()
}

pub fn require_staff(user: &CurrentUser, what: &str) -> Result<(), ApplyError> {
    if user.role.is_staff() {
        Ok(())
    } else {
        Err(reject(
            ErrorCode::Forbidden,
            format!("只有社区工作人员可以{what}"),
        ))
    }
}

/// A person of the caller's community.
pub async fn neighbour(
    tx: &mut SqliteConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<Person, ApplyError> {
    db::volunteer::person(tx, id)
        .await?
        .filter(|p| p.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这位居民"))
}

/// Parses a mutation's arguments; arguments that do not parse can never succeed.
pub fn args<T: serde::de::DeserializeOwned>(m: &Mutation) -> Result<T, Rejection> {
    serde_json::from_value(m.args.clone()).map_err(|err| {
        Rejection::new(
            ErrorCode::BadRequest,
            format!("内容无法识别，请刷新页面后重新操作（{err}）"),
        )
    })
}

/// Applies one mutation by its name, inside the caller's transaction.
pub(crate) async fn apply(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    match m.name.as_str() {
        notice::PUBLISH => notices::publish(tx, user, m).await,
        notice::WITHDRAW => notices::withdraw(tx, user, m).await,
        notice::ACKNOWLEDGE => notices::acknowledge(tx, user, m).await,
        directory::SAVE => crate::directory::save(tx, user, m).await,
        volunteer::SAVE_PROFILE => crate::volunteer::save_profile(tx, user, m).await,
        volunteer::SAVE_ACTIVITY => crate::volunteer::save_activity(tx, user, m).await,
        volunteer::SAVE_SHIFT => crate::volunteer::save_shift(tx, user, m).await,
        volunteer::CANCEL_SHIFT => crate::volunteer::cancel_shift(tx, user, m).await,
        volunteer::SIGN_UP => crate::volunteer::sign_up(tx, user, m).await,
        volunteer::WITHDRAW => crate::volunteer::withdraw(tx, user, m).await,
        volunteer::CHECK_IN => crate::volunteer::check_in(tx, user, m).await,
        volunteer::CHECK_OUT => crate::volunteer::check_out(tx, user, m).await,
        volunteer::MARK_NO_SHOW => crate::volunteer::mark_no_show(tx, user, m).await,
        volunteer::CONFIRM_HOURS => crate::volunteer::confirm_hours(tx, user, m).await,
        volunteer::ADJUST_HOURS => crate::volunteer::adjust_hours(tx, user, m).await,
        volunteer::TRANSFER_HOURS => crate::volunteer::transfer_hours(tx, user, m).await,
        report::SUBMIT => crate::reports::submit(tx, user, m).await,
        report::SUPPORT => crate::reports::support(tx, user, m).await,
        report::ACT => crate::reports::act(tx, user, m).await,
        report::RATE => crate::reports::rate(tx, user, m).await,
        report::REOPEN => crate::reports::reopen(tx, user, m).await,
        report::SAVE_CATEGORY => crate::reports::save_category(tx, user, m).await,
        _ => {
            Err(Rejection::new(ErrorCode::BadRequest, "这个操作无法识别，请刷新页面后再试").into())
        }
    }
}

fn check_protocol(protocol: u32) -> AppResult<()> {
    if protocol == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(AppError::protocol_mismatch())
    }
}

pub async fn push(
    pool: &SqlitePool,
    user: &CurrentUser,
    req: PushRequest,
) -> AppResult<PushResponse> {
    check_protocol(req.protocol)?;
    if req.mutations.len() > MAX_PUSH_BATCH {
        return Err(AppError::bad_request(format!(
            "一次最多发送 {MAX_PUSH_BATCH} 条"
        )));
    }
    if req.mutations.iter().any(|m| m.client_id != req.client_id) {
        return Err(AppError::bad_request("设备编号不一致"));
    }
    let mut results = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        match process(pool, user, m).await {
            Ok(outcome) => results.push(MutationResult {
                mutation_id: m.mutation_id,
                seq: m.seq,
                outcome,
            }),
            // A passing failure (busy database, shutdown): stop here; the device
            // sends the rest again, and what was processed is answered from the record.
            Err(err) if results.is_empty() => return Err(err.into()),
            Err(err) => {
                tracing::warn!(error = %err, "push stopped early");
                break;
            }
        }
    }
    Ok(PushResponse {
        protocol: PROTOCOL_VERSION,
        results,
    })
}

/// Applies one mutation in its own transaction, together with the record that
/// it was processed, so it takes effect exactly once however often it is sent.
async fn process(pool: &SqlitePool, user: &CurrentUser, m: &Mutation) -> sqlx::Result<Outcome> {
    let mutation_id = m.mutation_id.to_string();
    let mut tx = db::begin_write(pool).await?;
    if let Some(stored) = db::sync::outcome(&mut tx, &mutation_id).await? {
        return serde_json::from_str(&stored).map_err(|e| sqlx::Error::Decode(Box::new(e)));
    }
    // A savepoint, so a rejected mutation leaves nothing behind but its record.
    let mut savepoint = tx.begin().await?;
    let outcome = match apply(&mut savepoint, user, m).await {
        Ok(decision) => {
            savepoint.commit().await?;
            Outcome::Applied { decision }
        }
        Err(ApplyError::Rejected(r)) => {
            savepoint.rollback().await?;
            Outcome::Rejected {
                code: r.code,
                reason: r.reason,
                fields: r.fields,
            }
        }
        Err(ApplyError::Db(err)) => return Err(err),
    };
    let stored = serde_json::to_string(&outcome).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    db::sync::record(
        &mut tx,
        &db::sync::Processed {
            mutation_id: &mutation_id,
            client_id: &m.client_id,
            seq: m.seq as i64,
            user_id: &user.id,
            name: &m.name,
            outcome: &stored,
            created_at: m.created_at,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Who is pulling: a logged-in account, or a visitor reading a community's public content.
pub struct Viewer<'a> {
    pub user: Option<&'a CurrentUser>,
    pub community_id: &'a str,
}

impl<'a> Viewer<'a> {
    pub fn is_staff(&self) -> bool {
        self.user.is_some_and(|u| u.role.is_staff())
    }

    /// Whose personal rows (acknowledgements, sign-ups, hours…) this viewer gets: `None`
    /// for visitors (nobody's), `Some(None)` for staff (their community's), `Some(Some(id))`
    /// for a resident (their own).
    pub fn personal_scope(&self) -> Option<Option<&'a str>> {
        self.user
            .map(|u| (!u.role.is_staff()).then_some(u.id.as_str()))
    }
}

/// One collection's changes in `(since, until]`, at most `limit`, oldest first.
pub struct Window {
    pub since: i64,
    pub until: i64,
    pub limit: i64,
}

/// The window as the database layer takes it.
pub fn window(w: &Window) -> db::sync::Window {
    (w.since, w.until, w.limit)
}

/// Rows of one collection as changes.
pub fn changes<T: Serialize>(
    collection: &str,
    rows: Vec<(i64, T)>,
    id: impl Fn(&T) -> String,
) -> Vec<Change> {
    rows.into_iter()
        .map(|(version, row)| Change {
            collection: collection.to_owned(),
            id: id(&row),
            version: version as u64,
            data: serde_json::to_value(&row).ok(),
        })
        .collect()
}

/// Staff devices keep their community's accounts; no one else gets them.
async fn changed_residents(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    if !viewer.is_staff() {
        return Ok(Vec::new());
    }
    let rows = db::accounts::changed(tx, viewer.community_id, w.since, w.until, w.limit).await?;
    Ok(rows
        .into_iter()
        .map(|(version, card)| Change {
            collection: linli_core::account::RESIDENTS.to_owned(),
            id: card.id.clone(),
            version: version as u64,
            data: serde_json::to_value(&card).ok(),
        })
        .collect())
}

pub async fn pull(
    pool: &SqlitePool,
    user: Option<&CurrentUser>,
    q: PullQuery,
) -> AppResult<PullResponse> {
    check_protocol(q.protocol)?;
    let community_id = match (user, &q.community_id) {
        (Some(user), _) => user.community_id.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => return Err(AppError::invalid_field("community_id", "请先选择社区")),
    };
    let viewer = Viewer {
        user,
        community_id: &community_id,
    };
    // One read transaction: the changes and `last_applied_seq` come from one snapshot.
    let mut tx = db::sync::begin_read(pool).await?;
    let window = Window {
        since: q.since.min(i64::MAX as u64) as i64,
        until: db::sync::current_version(&mut tx).await?,
        limit: MAX_PULL_PAGE as i64 + 1,
    };
    let mut changes: Vec<Change> = Vec::new();
    changes.extend(notices::changed_notices(&mut tx, &viewer, &window).await?);
    changes.extend(notices::changed_acks(&mut tx, &viewer, &window).await?);
    changes.extend(crate::directory::changed(&mut tx, &viewer, &window).await?);
    changes.extend(changed_residents(&mut tx, &viewer, &window).await?);
    changes.extend(crate::volunteer::changed_activities(&mut tx, &viewer, &window).await?);
    changes.extend(crate::volunteer::changed_shifts(&mut tx, &viewer, &window).await?);
    changes.extend(crate::volunteer::changed_signups(&mut tx, &viewer, &window).await?);
    changes.extend(crate::volunteer::changed_profiles(&mut tx, &viewer, &window).await?);
    changes.extend(crate::volunteer::changed_ledger(&mut tx, &viewer, &window).await?);
    changes.extend(crate::inbox::changed(&mut tx, &viewer, &window).await?);
    changes.extend(crate::reports::changed_categories(&mut tx, &viewer, &window).await?);
    changes.extend(crate::reports::changed_reports(&mut tx, &viewer, &window).await?);
    changes.sort_by_key(|c| c.version);
    // Each collection returned a prefix of its changes; a global prefix no longer
    // than any of them skips nothing.
    let has_more = changes.len() > MAX_PULL_PAGE;
    changes.truncate(MAX_PULL_PAGE);
    let cursor = match changes.last() {
        Some(last) if has_more => last.version,
        _ => window.until.max(window.since) as u64,
    };
    let last_applied_seq = db::sync::last_seq(&mut tx, &q.client_id).await? as u64;
    tx.rollback().await?;
    Ok(PullResponse {
        protocol: PROTOCOL_VERSION,
        cursor,
        has_more,
        last_applied_seq,
        changes,
    })
}
