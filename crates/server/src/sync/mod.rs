//! The sync engine: push (apply each mutation exactly once) and pull (every change
//! since a cursor that the caller may see), over the features it is given. It names no
//! feature; features plug in through [`Feature`] and use its kits, [`apply`] and [`pull`].

pub mod apply;
mod feature;
pub mod pull;
mod routes;

use linli_core::error::ErrorCode;
use linli_core::sync::{
    Change, MAX_PULL_PAGE, MAX_PUSH_BATCH, Mutation, MutationResult, Outcome, PROTOCOL_VERSION,
    PullQuery, PullResponse, PushRequest, PushResponse,
};

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult};
use apply::{Applied, ApplyError, Clock, Ctx, Rejection};
pub use feature::{ApplyFn, BoxFuture, ChangesFn, Feature, Handler, SetupFn, Setups, Source};
pub(crate) use feature::{handler, source};
use pull::{Viewer, Window};
pub use routes::router;

/// Applies one mutation by the handler for its name, inside the caller's transaction.
pub async fn apply(
    tx: &mut db::Conn,
    features: &[Feature],
    ctx: &Ctx<'_>,
    m: &Mutation,
) -> Applied {
    m.check_ids()?;
    let handler = features
        .iter()
        .flat_map(|f| f.handlers)
        .find(|h| h.mutation == m.name);
    match handler {
        Some(handler) => (handler.apply)(tx, ctx, m).await,
        None => {
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

/// `POST /api/sync/push`: applies a device's mutations in order, each exactly once,
/// and answers each one's outcome.
pub async fn push(
    pool: &db::Pool,
    features: &[Feature],
    user: &CurrentUser,
    req: PushRequest,
) -> AppResult<PushResponse> {
    check_protocol(req.protocol)?;
    req.check_sizes()?;
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
        match apply_one(pool, features, user, Clock::Server, m).await {
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

/// Applies one mutation of `user` as a device's push does: in its own transaction,
/// together with the record that it was processed, so it takes effect exactly once
/// however often it is sent. A mutation already processed is answered from the record.
///
/// Exactly once across instances: the record's key is the mutation id, and the look-up
/// runs under the write lock (`db::begin_write`), so a copy delivered to another
/// instance at the same moment waits for the first to commit and then finds its
/// record: both answer the same stored outcome.
pub async fn apply_one(
    pool: &db::Pool,
    features: &[Feature],
    user: &CurrentUser,
    clock: Clock,
    m: &Mutation,
) -> sqlx::Result<Outcome> {
    let mutation_id = m.mutation_id.to_string();
    let mut tx = db::begin_write(pool).await?;
    if let Some(stored) = db::sync::outcome(&mut tx, &mutation_id).await? {
        return serde_json::from_str(&stored).map_err(|e| sqlx::Error::Decode(Box::new(e)));
    }
    let ctx = Ctx {
        user,
        now: clock.now(),
    };
    // A savepoint, so a rejected mutation leaves nothing behind but its record.
    db::savepoint(&mut tx).await?;
    let outcome = match apply(&mut tx, features, &ctx, m).await {
        Ok(decision) => {
            db::release(&mut tx).await?;
            Outcome::Applied { decision }
        }
        Err(ApplyError::Rejected(r)) => {
            if r.keeps_writes {
                db::release(&mut tx).await?;
            } else {
                db::rollback_to(&mut tx).await?;
            }
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
            user_id: &ctx.user.id,
            name: &m.name,
            outcome: &stored,
            created_at: m.created_at,
            processed_at: ctx.now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The answer to a pull from at or above the high-water mark (`db::sync::high_water`),
/// when the device's progress is known without the database: no row can have changed, so
/// it is what the database would answer, without asking it. What every open app asks
/// for when nothing has changed.
///
/// Only on SQLite, whose database one process owns: several instances on one PostgreSQL
/// would each miss the others' writes, so there every pull asks the database (its
/// change counter, and no collection when nothing is past the cursor).
fn up_to_date(
    pool: &db::Pool,
    since: u64,
    client_id: &str,
    user: Option<&CurrentUser>,
) -> Option<PullResponse> {
    if !matches!(pool, db::Pool::Sqlite(_)) {
        return None;
    }
    let mark = db::sync::high_water();
    if i64::try_from(since).ok()? < mark {
        return None;
    }
    let scope = match user {
        Some(user) => db::people::cached_scope_version(&user.id)? as u64,
        None => 0,
    };
    Some(PullResponse {
        protocol: PROTOCOL_VERSION,
        cursor: since,
        has_more: false,
        last_applied_seq: db::sync::cached_last_seq(client_id)? as u64,
        changes: Vec::new(),
        scope,
    })
}

/// `GET /api/sync/pull`: the next page of changes since the caller's cursor, over every
/// source of every feature, as the caller may see them.
pub async fn pull(
    pool: &db::Pool,
    features: &[Feature],
    user: Option<&CurrentUser>,
    q: PullQuery,
) -> AppResult<PullResponse> {
    check_protocol(q.protocol)?;
    q.check_sizes()?;
    let community_id = match (user, &q.community_id) {
        (Some(user), _) => user.community_id.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => return Err(AppError::invalid_field("community_id", "请先选择社区")),
    };
    if let Some(answer) = up_to_date(pool, q.since, &q.client_id, user) {
        return Ok(answer);
    }
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
    // Nothing committed past the cursor: no collection has a change to send, and the
    // counter alone answers (what every open app asks for on PostgreSQL, where the
    // in-memory mark of `up_to_date` is not used).
    if window.since < window.until {
        for source in features.iter().flat_map(|f| f.sources) {
            changes.extend((source.changes)(&mut tx, &viewer, &window).await?);
        }
    }
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
    let scope = match user {
        Some(user) => db::people::scope_version(&mut tx, &user.id).await? as u64,
        None => 0,
    };
    tx.rollback().await?;
    Ok(PullResponse {
        protocol: PROTOCOL_VERSION,
        cursor,
        has_more,
        last_applied_seq,
        changes,
        scope,
    })
}
