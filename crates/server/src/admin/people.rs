//! People: list and search the accounts within reach, create accounts, and one route per
//! kind of change, each checked against its own right: role, 居民代表, home, phone,
//! disabled, the contact a staff member publishes, and one-time reset codes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_core::access::{Action, Target};
use linli_core::account::{CreateAccountRequest, PublishContactRequest, ResetCode, Role};
use linli_core::admin::{
    AddressChange, AuditAction, CreatedAccount, DisabledChange, PeopleQuery, PersonSummary,
    PhoneChange, RepresentativeChange, RoleChange,
};
use serde_json::{Value, json};

use super::db::{grids, people as store};
use crate::accounts::db as accounts;
use crate::accounts::routes::{accounts_create, check_building, check_one_head};
use crate::accounts::{codes, lifecycle};
use crate::auth::{CurrentUser, require, require_in};
use crate::db::{self, Conn, Tx, audit, communities};
use crate::error::{ApiJson, ApiQuery, AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(people_list, people_create))
        .routes(routes!(role_change))
        .routes(routes!(representative_change))
        .routes(routes!(address_change))
        .routes(routes!(phone_change))
        .routes(routes!(disabled_change))
        .routes(routes!(contact_change))
        .routes(routes!(reset_code_issue))
}

/// A person of the actor's community, or a 404.
pub(super) async fn person(
    db: &mut Conn,
    actor: &CurrentUser,
    id: &str,
) -> AppResult<PersonSummary> {
    store::person(db, &actor.community_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这个人"))
}

/// Whether `actor`'s right to `action` covers `person`: a resident by where they live;
/// staff, 物业 and 楼栋长 accounts only for an admin (else a 社区工作者 could take over an
/// admin's account with a reset code).
fn check_over(actor: &CurrentUser, action: Action, person: &PersonSummary) -> AppResult<()> {
    if person.role == Role::Resident {
        let building = Target::Building(person.address.building_id.as_deref());
        require_in(actor, action, building)?;
    } else {
        require(actor, action)?;
        require(actor, Action::ManageStaff)?;
    }
    Ok(())
}

/// A change of a person, as the audit log keeps it: what, and the changed parts before
/// and after.
type Changed = Option<(AuditAction, Value, Value)>;

/// Begins a change of the person `id`: the write transaction, and the person as they are.
async fn begin(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<(Tx, PersonSummary)> {
    let mut tx = db::begin_write(&state.pool).await?;
    let p = person(&mut tx, actor, id).await?;
    Ok((tx, p))
}

/// Ends a change of `p`: its audit entry when anything changed, and the commit.
async fn settle(
    mut tx: Tx,
    actor: &CurrentUser,
    p: &PersonSummary,
    changed: Changed,
) -> AppResult<()> {
    if let Some((action, before, after)) = changed {
        let target = audit::Target {
            id: &p.id,
            label: &p.display_name,
        };
        actor
            .audit(db::now_ms())
            .record(&mut tx, action, target, Some(before), Some(after))
            .await?;
    }
    Ok(tx.commit().await?)
}

/// Ends a change of `p` (see [`settle`]) with the person as they are now.
async fn finish(
    state: &AppState,
    tx: Tx,
    actor: &CurrentUser,
    p: &PersonSummary,
    changed: Changed,
) -> AppResult<Json<PersonSummary>> {
    settle(tx, actor, p, changed).await?;
    let mut conn = state.pool.acquire().await?;
    Ok(Json(person(&mut conn, actor, &p.id).await?))
}

/// `GET /api/admin/people?q=&building_id=&role=&status=waiting|active|disabled&representative=`
/// → the accounts within the caller's reach (a 楼栋长 their building, a 网格员 their
/// grid, staff the community), by building and name, at most 500.
#[utoipa::path(
    get, path = "/admin/people", tag = "admin",
    params(PeopleQuery),
    responses((status = 200, description = "The accounts within the caller's reach", body = Vec<PersonSummary>)),
    security(("bearer" = []))
)]
async fn people_list(
    State(state): State<AppState>,
    actor: CurrentUser,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> AppResult<Json<Vec<PersonSummary>>> {
    require(&actor, Action::ReadResidents)?;
    let mut conn = state.pool.acquire().await?;
    let list = store::list(&mut conn, &actor.community_id, &query).await?;
    Ok(Json(
        list.into_iter()
            .filter(|p| actor.reads(&p.id, p.role, p.address.building_id.as_deref()))
            .collect(),
    ))
}

/// `PUT /api/admin/people/{id}/role` `{role}` (admins) → the person. A 楼栋长 heads the
/// building they live in, one per building; a 网格员 given another role leaves their grids.
/// `POST /api/admin/people`: staff create an account, as `POST /api/accounts`.
#[utoipa::path(
    post, path = "/admin/people", tag = "admin",
    request_body = CreateAccountRequest,
    responses((status = 201, description = "The account, with a one-time code when it has no password", body = CreatedAccount)),
    security(("bearer" = []))
)]
async fn people_create(
    state: State<AppState>,
    actor: CurrentUser,
    req: ApiJson<CreateAccountRequest>,
) -> AppResult<(StatusCode, Json<CreatedAccount>)> {
    accounts_create(state, actor, req).await
}

#[utoipa::path(
    put, path = "/admin/people/{id}/role", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = RoleChange,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn role_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RoleChange>,
) -> AppResult<Json<PersonSummary>> {
    require(&actor, Action::ManageStaff)?;
    if id == actor.id {
        return Err(AppError::forbidden(
            "不能修改自己的角色，请另一位管理员办理",
        ));
    }
    if req.role == Role::StreetAdmin {
        return Err(AppError::invalid_field(
            "role",
            "街道管理员不属于社区，不能在这里设定",
        ));
    }
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    let changed = if p.role == req.role {
        None
    } else {
        if req.role == Role::BuildingHead {
            check_one_head(&mut tx, p.address.building_id.as_deref(), Some(&id)).await?;
        }
        store::set_role(&mut tx, &id, req.role, &actor.id, db::now_ms()).await?;
        if p.role == Role::GridWorker {
            grids::unassign(&mut tx, &id).await?;
        }
        db::people::rescope(&mut tx, &id).await?;
        communities::touch_contacts(&mut tx, &actor.community_id).await?;
        let (before, after) = (json!({"role": p.role}), json!({"role": req.role}));
        Some((AuditAction::AccountRole, before, after))
    };
    finish(&state, tx, &actor, &p, changed).await
}

/// `PUT /api/admin/people/{id}/representative` `{representative}` → the person.
#[utoipa::path(
    put, path = "/admin/people/{id}/representative", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = RepresentativeChange,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn representative_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RepresentativeChange>,
) -> AppResult<Json<PersonSummary>> {
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    check_over(&actor, Action::MarkRepresentatives, &p)?;
    let changed = (p.representative != req.representative).then(|| {
        let before = json!({"representative": p.representative});
        let after = json!({"representative": req.representative});
        (AuditAction::AccountRepresentative, before, after)
    });
    if changed.is_some() {
        store::set_representative(&mut tx, &id, req.representative).await?;
        db::people::touch(&mut tx, &id).await?;
    }
    finish(&state, tx, &actor, &p, changed).await
}

/// `PUT /api/admin/people/{id}/address` `{address: {building_id, unit, room}}` → the
/// person: a resident moved (within the caller's reach, from and to).
#[utoipa::path(
    put, path = "/admin/people/{id}/address", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = AddressChange,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn address_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<AddressChange>,
) -> AppResult<Json<PersonSummary>> {
    let req = req.validated()?;
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    check_over(&actor, Action::EditResidents, &p)?;
    let to = req.address.building_id.as_deref();
    if p.role.is_resident() {
        require_in(&actor, Action::EditResidents, Target::Building(to))?;
    }
    check_building(&mut tx, &req.address, &actor.community_id).await?;
    if p.role == Role::BuildingHead && p.address.building_id.as_deref() != to {
        return Err(AppError::conflict(
            "building_id",
            "楼栋长换楼前，请先把他的角色改回居民",
        ));
    }
    let changed = (p.address != req.address).then(|| {
        let (before, after) = (
            json!({"address": p.address}),
            json!({"address": req.address}),
        );
        (AuditAction::AccountAddress, before, after)
    });
    if changed.is_some() {
        store::set_address(&mut tx, &id, &req.address).await?;
        db::people::rescope(&mut tx, &id).await?;
    }
    finish(&state, tx, &actor, &p, changed).await
}

/// `PUT /api/admin/people/{id}/phone` `{phone}` → the person. The phone is also the
/// log-in; a number another account has is a 409.
#[utoipa::path(
    put, path = "/admin/people/{id}/phone", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = PhoneChange,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn phone_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PhoneChange>,
) -> AppResult<Json<PersonSummary>> {
    let req = req.validated()?;
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    check_over(&actor, Action::EditResidents, &p)?;
    let changed = (p.phone != req.phone).then(|| {
        let (before, after) = (json!({"phone": p.phone}), json!({"phone": req.phone}));
        (AuditAction::AccountPhone, before, after)
    });
    if changed.is_some() {
        if accounts::phone_taken(&mut tx, &req.phone).await? {
            return Err(AppError::conflict("phone", "这个手机号已经有账号了"));
        }
        store::set_phone(&mut tx, &id, &req.phone).await?;
        db::people::touch(&mut tx, &id).await?;
    }
    finish(&state, tx, &actor, &p, changed).await
}

/// `PUT /api/admin/people/{id}/disabled` `{disabled}` (admins) → the person. Disabling
/// ends every session of the account at once: its devices' next request is a 401 saying
/// "账号已停用，请联系社区".
#[utoipa::path(
    put, path = "/admin/people/{id}/disabled", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = DisabledChange,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn disabled_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DisabledChange>,
) -> AppResult<Json<PersonSummary>> {
    require(&actor, Action::DisableAccounts)?;
    if id == actor.id {
        return Err(AppError::forbidden("不能停用自己的账号"));
    }
    let now = db::now_ms();
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    let changed = (p.disabled != req.disabled).then(|| {
        let action = match req.disabled {
            true => AuditAction::AccountDisable,
            false => AuditAction::AccountEnable,
        };
        let (before, after) = (
            json!({"disabled": p.disabled}),
            json!({"disabled": req.disabled}),
        );
        (action, before, after)
    });
    if changed.is_some() {
        store::set_disabled(&mut tx, &id, req.disabled.then_some(now)).await?;
        if req.disabled {
            accounts::revoke_sessions(&mut tx, &id, None, now).await?;
        }
        db::people::touch(&mut tx, &id).await?;
        if !p.role.is_resident() {
            communities::touch_contacts(&mut tx, &actor.community_id).await?;
        }
    }
    finish(&state, tx, &actor, &p, changed).await
}

/// `PUT /api/admin/people/{id}/contact` `{duty, phone?}` (admins) → the person: what
/// 联系社区 shows of a staff member or 楼栋长.
#[utoipa::path(
    put, path = "/admin/people/{id}/contact", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    request_body = PublishContactRequest,
    responses((status = 200, description = "The person", body = PersonSummary)),
    security(("bearer" = []))
)]
async fn contact_change(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PublishContactRequest>,
) -> AppResult<Json<PersonSummary>> {
    require(&actor, Action::ManageStaff)?;
    let req = req.validated()?;
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    if !p.role.may(Action::PublishContact) {
        return Err(AppError::conflict(
            "duty",
            "只有工作人员和楼栋长的联系方式会公布在联系社区页面",
        ));
    }
    lifecycle::publish_contact(&mut tx, &actor, &id, &req, db::now_ms()).await?;
    finish(&state, tx, &actor, &p, None).await
}

/// `POST /api/admin/people/{id}/reset-code` → 201 `{code, expires_at}`: a one-time code
/// for the desk, shown this once, valid for a day; a new one replaces the last.
#[utoipa::path(
    post, path = "/admin/people/{id}/reset-code", tag = "admin",
    params(("id" = String, Path, description = "The person's account")),
    responses((status = 201, description = "A one-time code, shown this once", body = ResetCode)),
    security(("bearer" = []))
)]
async fn reset_code_issue(
    State(state): State<AppState>,
    actor: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<(StatusCode, Json<ResetCode>)> {
    let (mut tx, p) = begin(&state, &actor, &id).await?;
    check_over(&actor, Action::IssueResetCodes, &p)?;
    if p.disabled {
        return Err(AppError::conflict(
            "id",
            "这个账号已停用，请先恢复再发验证码",
        ));
    }
    let code = codes::issue(&mut tx, &id, &actor.id, db::now_ms()).await?;
    let before = json!({"has_password": p.has_password});
    let after = json!({"code_expires_at": code.expires_at});
    let changed = Some((AuditAction::AccountResetCode, before, after));
    settle(tx, &actor, &p, changed).await?;
    Ok((StatusCode::CREATED, Json(code)))
}
