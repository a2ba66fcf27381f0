//! What every person does with their own account: change the password, see where they
//! are logged in and log the other devices out, set a new password with a code from the
//! desk, and (staff, 楼栋长) publish their duty and phone on the 联系社区 page.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use linli_core::access::Action;
use linli_core::account::{
    ChangePasswordRequest, PublishContactRequest, ResetPasswordRequest, Session, SessionInfo,
    UserProfile,
};
use linli_core::admin::AuditAction;
use serde_json::json;

use super::attempts::{self, Attempt};
use super::codes::code_hash;
use super::db as accounts;
use super::routes::{Token, profile, start_session};
use crate::auth::{self, CurrentUser, SignedIn, require};
use crate::client::ClientAddr;
use crate::db::{self, audit, people};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(password_change))
        .routes(routes!(sessions_list))
        .routes(routes!(sessions_end_others))
        .routes(routes!(contact_publish))
        .routes(routes!(password_reset))
}

/// `POST /api/me/password` `{old_password, new_password}` → 204. The other sessions of
/// the account end; this one goes on.
#[utoipa::path(
    post, path = "/me/password", tag = "accounts",
    request_body = ChangePasswordRequest,
    responses((status = 204, description = "Changed; the other devices are logged out")),
    security(("bearer" = []))
)]
async fn password_change(
    State(state): State<AppState>,
    user: SignedIn,
    Token(token): Token,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> AppResult<StatusCode> {
    let mut conn = state.pool.acquire().await?;
    let me = profile(&mut conn, user.id()).await?;
    let req = req.validated(&me.phone)?;
    let stored = accounts::password_hash(&mut conn, user.id()).await?;
    drop(conn);
    let ticket = state.hashing.enter()?;
    let stored = Some(stored).filter(|s| !s.is_empty());
    if !ticket.verify(req.old_password, stored).await? {
        return Err(AppError::invalid_field("old_password", "现在的密码不对"));
    }
    let hash = state.hashing.enter()?.hash(req.new_password).await?;
    let now = db::now_ms();
    let mut tx = db::begin_write(&state.pool).await?;
    accounts::set_password(&mut tx, user.id(), &hash, now).await?;
    let keep = auth::token_hash(&token);
    accounts::revoke_sessions(&mut tx, user.id(), Some(&keep), now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/me/sessions` → where the account is logged in, most recently used first.
#[utoipa::path(
    get, path = "/me/sessions", tag = "accounts",
    responses((status = 200, description = "Where the account is logged in", body = Vec<SessionInfo>)),
    security(("bearer" = []))
)]
async fn sessions_list(
    State(state): State<AppState>,
    user: SignedIn,
    Token(token): Token,
) -> AppResult<Json<Vec<SessionInfo>>> {
    let current = auth::token_hash(&token);
    let list = accounts::sessions(&state.pool, user.id(), &current, db::now_ms()).await?;
    Ok(Json(list))
}

/// `DELETE /api/me/sessions/others` → 204: every other device is logged out.
#[utoipa::path(
    delete, path = "/me/sessions/others", tag = "accounts",
    responses((status = 204, description = "Every other device is logged out")),
    security(("bearer" = []))
)]
async fn sessions_end_others(
    State(state): State<AppState>,
    user: SignedIn,
    Token(token): Token,
) -> AppResult<StatusCode> {
    let mut tx = db::begin_write(&state.pool).await?;
    let keep = auth::token_hash(&token);
    accounts::revoke_sessions(&mut tx, user.id(), Some(&keep), db::now_ms()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a wrong, used or expired code (or an unknown phone) is told, alike.
const WRONG_CODE: &str = "验证码不对或已过期，请到社区服务站重新领取";

/// `POST /api/accounts/reset` `{phone, code, password}` → a new session. The code from
/// the desk is used up; every earlier session of the account ends. Attempts are counted
/// like log-ins, apart from them.
#[utoipa::path(
    post, path = "/accounts/reset", tag = "accounts",
    request_body = ResetPasswordRequest,
    responses((status = 200, description = "The new password is set and the person logged in", body = Session))
)]
async fn password_reset(
    State(state): State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> AppResult<Json<Session>> {
    let req = req.validated()?;
    let ticket = state.hashing.enter()?;
    attempts::before(&state.pool, Attempt::Reset, &req.phone, &addr).await?;
    let account = people::account_by_phone(&state.pool, &req.phone)
        .await?
        .filter(|a| !a.disabled)
        .ok_or_else(|| AppError::invalid_field("code", WRONG_CODE))?;
    // Hashed before the code is taken, so a busy server never uses a code up for nothing.
    let hash = ticket.hash(req.password).await?;
    let now = db::now_ms();
    let mut tx = db::begin_write(&state.pool).await?;
    let code = code_hash(&account.id, &req.code);
    if !accounts::take_reset_code(&mut tx, &account.id, &code, now).await? {
        return Err(AppError::invalid_field("code", WRONG_CODE));
    }
    accounts::set_password(&mut tx, &account.id, &hash, now).await?;
    accounts::revoke_sessions(&mut tx, &account.id, None, now).await?;
    tx.commit().await?;
    attempts::succeeded(&state.pool, Attempt::Reset, &req.phone, &addr).await?;
    Ok(Json(start_session(&state, &account.id, &headers).await?))
}

/// `PUT /api/me/contact` `{duty, phone?}` → the profile: what the 联系社区 page shows of
/// the caller (staff and 楼栋长).
#[utoipa::path(
    put, path = "/me/contact", tag = "accounts",
    request_body = PublishContactRequest,
    responses((status = 200, description = "The profile as it now is", body = UserProfile)),
    security(("bearer" = []))
)]
async fn contact_publish(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PublishContactRequest>,
) -> AppResult<Json<UserProfile>> {
    require(&user, Action::PublishContact)?;
    let req = req.validated()?;
    let now = db::now_ms();
    let mut tx = db::begin_write(&state.pool).await?;
    publish_contact(&mut tx, &user, &user.id, &req, now).await?;
    tx.commit().await?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(profile(&mut conn, &user.id).await?))
}

/// Sets what 联系社区 shows of `person_id`, by `actor` (themselves, or an admin), with its
/// audit entry, in the caller's transaction.
pub(crate) async fn publish_contact(
    tx: &mut db::Conn,
    actor: &CurrentUser,
    person_id: &str,
    req: &PublishContactRequest,
    now: linli_core::Millis,
) -> AppResult<()> {
    let before = accounts::contact(tx, person_id).await?;
    accounts::set_contact(tx, person_id, &req.duty, req.phone.as_deref()).await?;
    db::communities::touch_contacts(tx, &actor.community_id).await?;
    let target = audit::Target {
        id: person_id,
        label: &before.name,
    };
    let after = json!({"duty": req.duty, "phone": req.phone});
    let before = json!({"duty": before.duty, "phone": before.phone});
    actor
        .audit(now)
        .record(
            tx,
            AuditAction::AccountContact,
            target,
            Some(before),
            Some(after),
        )
        .await?;
    Ok(())
}
