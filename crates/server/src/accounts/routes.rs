//! Registration, log-in and log-out, the current account, and accounts created by staff
//! (代办, or for staff, 物业 and 楼栋长).

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use linli_core::access::{Action, Target};
use linli_core::account::{
    Address, CreateAccountRequest, LoginRequest, RegisterRequest, Role, Session, UserProfile,
    device_label,
};
use linli_core::admin::{AuditAction, CreatedAccount};
use serde_json::json;

use super::attempts::{self, Attempt};
use super::codes;
use super::db::{self as accounts, NewSession, NewUser};
use crate::auth::{self, CurrentUser, SignedIn, require_in};
use crate::client::ClientAddr;
use crate::db::{self, Conn, audit};
use crate::error::{ApiJson, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accounts_register))
        .routes(routes!(accounts_create))
        .routes(routes!(me_show))
        .routes(routes!(sessions_create))
        .routes(routes!(sessions_delete))
        .merge(super::lifecycle::router())
}

const PHONE_TAKEN: &str = "这个手机号已经注册过了，请直接登录";

/// Checks that a chosen building is one of the community's, in use.
pub(crate) async fn check_building(
    db: &mut Conn,
    address: &Address,
    community_id: &str,
) -> AppResult<()> {
    match &address.building_id {
        Some(building) if !db::communities::building_in_use(db, building, community_id).await? => {
            Err(AppError::invalid_field(
                "building_id",
                "所选楼栋不在这个社区，请重新选择",
            ))
        }
        _ => Ok(()),
    }
}

/// Inserts the account in the caller's transaction; a phone number taken (also meanwhile)
/// is a 409 naming the field, not a 500.
pub(crate) async fn insert_user(tx: &mut Conn, user: &NewUser<'_>) -> AppResult<String> {
    if accounts::phone_taken(tx, user.phone).await? {
        return Err(AppError::conflict("phone", PHONE_TAKEN));
    }
    accounts::insert(tx, user).await.map_err(|err| {
        if db::is_unique_violation(&err) {
            AppError::conflict("phone", PHONE_TAKEN)
        } else {
            err.into()
        }
    })
}

/// Logs `user_id` in from the browser of `headers`.
pub(crate) async fn start_session(
    state: &AppState,
    user_id: &str,
    headers: &HeaderMap,
) -> AppResult<Session> {
    let token = auth::new_token();
    let expires_at = db::now_ms() + auth::SESSION_DAYS * 24 * 60 * 60 * 1000;
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let session = NewSession {
        token_hash: &auth::token_hash(&token),
        user_id,
        expires_at,
        device_label: &device_label(agent),
    };
    let mut conn = state.pool.acquire().await?;
    accounts::insert_session(&mut conn, &session).await?;
    let user = profile(&mut conn, user_id).await?;
    Ok(Session {
        token,
        expires_at,
        user,
    })
}

pub(crate) async fn profile(db: &mut Conn, user_id: &str) -> AppResult<UserProfile> {
    accounts::profile(db, user_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("账号不存在，请重新登录"))
}

/// Self-registration: the resident waits (待核实) until staff or their 楼栋长 confirm them.
#[utoipa::path(
    post, path = "/accounts/register", tag = "accounts",
    request_body = RegisterRequest,
    responses((status = 201, description = "Registered (waiting for staff to confirm) and logged in", body = Session))
)]
async fn accounts_register(
    State(state): State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
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
    let mut conn = state.pool.acquire().await?;
    check_building(&mut conn, &req.address, &req.community_id).await?;
    if accounts::phone_taken(&mut conn, &req.phone).await? {
        return Err(AppError::conflict("phone", PHONE_TAKEN));
    }
    drop(conn);
    let hash = ticket.hash(req.password.clone()).await?;
    let user = NewUser {
        community_id: Some(&req.community_id),
        street_office: None,
        phone: &req.phone,
        display_name: &req.display_name,
        password_hash: Some(&hash),
        role: Role::Resident,
        address: &req.address,
        created_by: None,
        verified: false,
        representative: false,
        at: db::now_ms(),
    };
    let mut tx = db::begin_write(&state.pool).await?;
    let id = insert_user(&mut tx, &user).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(start_session(&state, &id, &headers).await?),
    ))
}

/// A building has one 楼栋长: refuses a second one (other than `except`), naming the first.
pub(crate) async fn check_one_head(
    db: &mut Conn,
    building_id: Option<&str>,
    except: Option<&str>,
) -> AppResult<()> {
    let Some(building_id) = building_id else {
        return Err(AppError::invalid_field(
            "building_id",
            "请选择楼栋长所在的楼栋",
        ));
    };
    match db::communities::building_head(db, building_id).await? {
        Some(head) if Some(head.id.as_str()) != except => Err(AppError::conflict(
            "role",
            format!("这栋楼已有楼栋长{}，请先把他改回居民", head.name),
        )),
        _ => Ok(()),
    }
}

/// Whether `actor` may create an account of `role` living at `building`: residents
/// within their reach, anyone else only by an admin.
fn check_create(actor: &CurrentUser, role: Role, building: Option<&str>) -> AppResult<()> {
    if role == Role::Resident {
        require_in(actor, Action::CreateResidents, Target::Building(building))?;
    } else if !actor.role.may_create(role) {
        return Err(AppError::forbidden(format!(
            "您不能创建“{}”账号，请联系管理员",
            role.label()
        )));
    }
    Ok(())
}

/// An account created by staff, verified by them, in one transaction with its audit
/// entry (and its one-time code when it has no password).
async fn create_account(
    state: &AppState,
    actor: &CurrentUser,
    req: CreateAccountRequest,
) -> AppResult<CreatedAccount> {
    let req = req.validated()?;
    check_create(actor, req.role, req.address.building_id.as_deref())?;
    let mut conn = state.pool.acquire().await?;
    check_building(&mut conn, &req.address, &actor.community_id).await?;
    drop(conn);
    let hash = match &req.password {
        Some(password) => Some(state.hashing.enter()?.hash(password.clone()).await?),
        None => None,
    };
    let now = db::now_ms();
    let (phone, name) = (&req.phone, &req.display_name);
    let user = NewUser {
        password_hash: hash.as_deref(),
        ..NewUser::by_staff(
            &actor.community_id,
            phone,
            name,
            req.role,
            &req.address,
            &actor.id,
            now,
        )
    };
    let mut tx = db::begin_write(&state.pool).await?;
    if req.role == Role::BuildingHead {
        check_one_head(&mut tx, req.address.building_id.as_deref(), None).await?;
    }
    let id = insert_user(&mut tx, &user).await?;
    let reset_code = match hash {
        Some(_) => None,
        None => Some(codes::issue(&mut tx, &id, &actor.id, now).await?),
    };
    let after = json!({"phone": req.phone, "role": req.role, "address": req.address});
    let target = audit::Target {
        id: &id,
        label: &req.display_name,
    };
    actor
        .audit(now)
        .record(
            &mut tx,
            AuditAction::AccountCreate,
            target,
            None,
            Some(after),
        )
        .await?;
    if !req.role.is_resident() {
        db::communities::touch_contacts(&mut tx, &actor.community_id).await?;
    }
    tx.commit().await?;
    let mut conn = state.pool.acquire().await?;
    Ok(CreatedAccount {
        user: profile(&mut conn, &id).await?,
        reset_code,
    })
}

/// `POST /api/accounts` (and `POST /api/admin/people`): staff create an account for
/// someone else (see `create_account`).
#[utoipa::path(
    post, path = "/accounts", tag = "accounts",
    request_body = CreateAccountRequest,
    responses((status = 201, description = "The account, with a one-time code when it has no password", body = CreatedAccount)),
    security(("bearer" = []))
)]
pub(crate) async fn accounts_create(
    State(state): State<AppState>,
    actor: CurrentUser,
    ApiJson(req): ApiJson<CreateAccountRequest>,
) -> AppResult<(StatusCode, Json<CreatedAccount>)> {
    let created = create_account(&state, &actor, req).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET /api/me`: the account, with what the app needs to know which screens to show.
#[utoipa::path(
    get, path = "/me", tag = "accounts",
    responses((status = 200, description = "The account", body = UserProfile)),
    security(("bearer" = []))
)]
async fn me_show(State(state): State<AppState>, user: SignedIn) -> AppResult<Json<UserProfile>> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(profile(&mut conn, user.id()).await?))
}

/// The same answer for an unknown phone and a wrong password, so neither is revealed.
const WRONG_CREDENTIALS: &str = "手机号或密码不对，请再试一次";

/// Log-in: a place in the hashing queue first (a full one is a 503 at once), then the
/// attempt is counted before the password is checked (see `attempts`), so a burst is
/// checked no more often than the limits allow. An unknown phone, and an account without
/// a password, are checked against a dummy hash, so they take as long as a known one. A
/// disabled account is told so only after its right password.
#[utoipa::path(
    post, path = "/sessions", tag = "accounts",
    request_body = LoginRequest,
    responses((status = 200, description = "Logged in: the token to send as a bearer", body = Session))
)]
async fn sessions_create(
    State(state): State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Json<Session>> {
    let req = req.validated()?;
    let ticket = state.hashing.enter()?;
    attempts::before(&state.pool, Attempt::Login, &req.phone, &addr).await?;
    let credentials = accounts::credentials(&state.pool, &req.phone)
        .await?
        .filter(|c| !c.password_hash.is_empty());
    let (user, stored) = credentials.map_or((None, None), |c| {
        (Some((c.id, c.disabled)), Some(c.password_hash))
    });
    let ok = ticket.verify(req.password, stored).await?;
    match user.filter(|_| ok) {
        Some((_, true)) => Err(AppError::unauthorized(auth::DISABLED)),
        Some((user_id, false)) => {
            attempts::succeeded(&state.pool, Attempt::Login, &req.phone, &addr).await?;
            Ok(Json(start_session(&state, &user_id, &headers).await?))
        }
        None => Err(AppError::unauthorized(WRONG_CREDENTIALS)),
    }
}

/// The raw bearer token of a request (log-out revokes exactly that one).
pub(crate) struct Token(pub String);

impl FromRequestParts<AppState> for Token {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> AppResult<Self> {
        auth::bearer(parts)
            .map(|t| Token(t.to_owned()))
            .ok_or_else(|| AppError::unauthorized("请先登录"))
    }
}

/// Logs this device out: the token sent ends.
#[utoipa::path(
    delete, path = "/sessions/current", tag = "accounts",
    responses((status = 204, description = "Logged out")),
    security(("bearer" = []))
)]
async fn sessions_delete(
    State(state): State<AppState>,
    Token(token): Token,
) -> AppResult<StatusCode> {
    accounts::revoke_session(&state.pool, &auth::token_hash(&token)).await?;
    Ok(StatusCode::NO_CONTENT)
}
