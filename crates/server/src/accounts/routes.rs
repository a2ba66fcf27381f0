//! Registration, log-in and log-out, the current account, and accounts created by staff (代办).

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use linli_core::access::Action;
use linli_core::account::{
    Address, CreateAccountRequest, LoginRequest, RegisterRequest, Role, Session, UserProfile,
};

use super::attempts;
use super::db::{self as accounts, NewUser};
use crate::auth::{self, CurrentUser, require};
use crate::client::ClientAddr;
use crate::db;
use crate::error::{ApiJson, AppError, AppResult};
use crate::hashing::HashTicket;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/register", post(accounts_register))
        .route("/accounts", post(accounts_create))
        .route("/me", get(me_show))
        .route("/sessions", post(sessions_create))
        .route("/sessions/current", delete(sessions_delete))
}

const PHONE_TAKEN: &str = "这个手机号已经注册过了，请直接登录";

/// Checks that a chosen building belongs to the community.
async fn check_building(state: &AppState, address: &Address, community_id: &str) -> AppResult<()> {
    match &address.building_id {
        Some(building)
            if !db::communities::building_in_community(&state.pool, building, community_id)
                .await? =>
        {
            Err(AppError::invalid_field(
                "building_id",
                "所选楼栋不在这个社区，请重新选择",
            ))
        }
        _ => Ok(()),
    }
}

/// Hashes the password and inserts the account; a phone number taken meanwhile is a 409, not a 500.
async fn insert_user(
    state: &AppState,
    ticket: HashTicket,
    user: NewUser<'_>,
    password: String,
) -> AppResult<String> {
    if accounts::phone_taken(&state.pool, user.phone).await? {
        return Err(AppError::conflict("phone", PHONE_TAKEN));
    }
    let hash = ticket.hash(password).await?;
    let user = NewUser {
        password_hash: &hash,
        ..user
    };
    accounts::insert(&state.pool, &user).await.map_err(|err| {
        if db::is_unique_violation(&err) {
            AppError::conflict("phone", PHONE_TAKEN)
        } else {
            err.into()
        }
    })
}

async fn start_session(state: &AppState, user_id: &str) -> AppResult<Session> {
    let token = auth::new_token();
    let expires_at = db::now_ms() + auth::SESSION_DAYS * 24 * 60 * 60 * 1000;
    accounts::insert_session(&state.pool, &auth::token_hash(&token), user_id, expires_at).await?;
    let user = profile(state, user_id).await?;
    Ok(Session {
        token,
        expires_at,
        user,
    })
}

async fn profile(state: &AppState, user_id: &str) -> AppResult<UserProfile> {
    accounts::profile(&state.pool, user_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("账号不存在，请重新登录"))
}

async fn accounts_register(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<Session>)> {
    let req = req.validated()?;
    let ticket = state.hashing.enter()?;
    attempts::before_registration(&state.pool, &addr).await?;
    if !db::communities::exists(&state.pool, &req.community_id).await? {
        return Err(AppError::invalid_field(
            "community_id",
            "所选社区不存在，请重新选择",
        ));
    }
    check_building(&state, &req.address, &req.community_id).await?;
    let user = NewUser {
        community_id: &req.community_id,
        phone: &req.phone,
        display_name: &req.display_name,
        password_hash: "",
        role: Role::Resident,
        address: &req.address,
        created_by: None,
    };
    let id = insert_user(&state, ticket, user, req.password.clone()).await?;
    Ok((StatusCode::CREATED, Json(start_session(&state, &id).await?)))
}

async fn accounts_create(
    State(state): State<AppState>,
    actor: CurrentUser,
    ApiJson(req): ApiJson<CreateAccountRequest>,
) -> AppResult<(StatusCode, Json<UserProfile>)> {
    require(&actor, Action::CreateAccounts)?;
    let req = req.validated()?;
    if !actor.role.may_create(req.role) {
        return Err(AppError::forbidden(format!(
            "您不能创建“{}”账号，请联系管理员",
            req.role.label()
        )));
    }
    check_building(&state, &req.address, &actor.community_id).await?;
    let ticket = state.hashing.enter()?;
    let user = NewUser {
        community_id: &actor.community_id,
        phone: &req.phone,
        display_name: &req.display_name,
        password_hash: "",
        role: req.role,
        address: &req.address,
        created_by: Some(&actor.id),
    };
    let id = insert_user(&state, ticket, user, req.password.clone()).await?;
    Ok((StatusCode::CREATED, Json(profile(&state, &id).await?)))
}

async fn me_show(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<UserProfile>> {
    Ok(Json(profile(&state, &user.id).await?))
}

/// The same answer for an unknown phone and a wrong password, so neither is revealed.
const WRONG_CREDENTIALS: &str = "手机号或密码不对，请再试一次";

/// Log-in: a place in the hashing queue first (a full one is a 503 at once), then the
/// attempt is counted before the password is checked (see `attempts`), so a burst is
/// checked no more often than the limits allow. An unknown phone is checked against a
/// dummy hash, so it takes as long as a known one.
async fn sessions_create(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Json<Session>> {
    let req = req.validated()?;
    let ticket = state.hashing.enter()?;
    attempts::before_login(&state.pool, &req.phone, &addr).await?;
    let credentials = accounts::credentials(&state.pool, &req.phone).await?;
    let (user_id, stored) =
        credentials.map_or((None, None), |c| (Some(c.id), Some(c.password_hash)));
    let ok = ticket.verify(req.password, stored).await?;
    match user_id.filter(|_| ok) {
        Some(user_id) => {
            attempts::login_succeeded(&state.pool, &req.phone, &addr).await?;
            Ok(Json(start_session(&state, &user_id).await?))
        }
        None => Err(AppError::unauthorized(WRONG_CREDENTIALS)),
    }
}

/// The raw bearer token of a request (log-out revokes exactly that one).
struct Token(String);

impl FromRequestParts<AppState> for Token {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> AppResult<Self> {
        auth::bearer(parts)
            .map(|t| Token(t.to_owned()))
            .ok_or_else(|| AppError::unauthorized("请先登录"))
    }
}

async fn sessions_delete(
    State(state): State<AppState>,
    Token(token): Token,
) -> AppResult<StatusCode> {
    accounts::revoke_session(&state.pool, &auth::token_hash(&token)).await?;
    Ok(StatusCode::NO_CONTENT)
}
