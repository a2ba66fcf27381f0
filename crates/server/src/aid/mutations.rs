//! 互助 through sync: residents (or staff for them) ask, volunteers take, either side
//! cancels, the requester or staff confirm and the hours move. The rules (who may, one
//! taker, the floors, the movement) are the core's; this module loads what they need,
//! applies them under the write lock, and tells the other side.

use linli_core::Millis;
use linli_core::access::{Action, Target};
use linli_core::admin::AuditAction;
use linli_core::aid::{
    self, AskArgs, CancelArgs, CancelSide, ConfirmArgs, FloorArgs, HelpRequest, HelpStatus, Looker,
    Refusal, TakeArgs, when_label,
};
use linli_core::error::ErrorCode;
use linli_core::inbox::MessageKind;
use linli_core::report::Channel;
use linli_core::sync::Mutation;
use linli_core::volunteer::{Skill, format_hours};
use serde_json::json;

use super::db::{self, Stored};
use crate::auth::{CurrentUser, require};
use crate::db::Conn;
use crate::db::audit::Target as Audited;
use crate::inbox::{About, notify};
use crate::sync::apply::{Applied, ApplyError, Ctx, args, conflict, invalid, neighbour, reject};
use crate::volunteer::db::{self as hours, NewEntry};

fn refused(r: Refusal) -> ApplyError {
    reject(r.code, r.reason)
}

/// The caller as the core's rules see them, with the skills of their volunteer profile.
pub(super) fn looker<'a>(user: &'a CurrentUser, skills: Option<&'a [Skill]>) -> Looker<'a> {
    Looker {
        user_id: &user.id,
        role: user.role,
        verified: user.verified,
        standing: user.standing(),
        skills,
    }
}

/// The request, of the caller's community.
async fn request_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<Stored, ApplyError> {
    db::request(tx, id)
        .await?
        .filter(|s| s.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这个求助，可能已经被删除"))
}

/// "陪诊（11月23日 09:00）".
fn what(r: &HelpRequest) -> String {
    format!("{}（{}）", r.kind.label(), when_label(r.at))
}

async fn tell(tx: &mut Conn, ctx: &Ctx<'_>, user_id: &str, text: String) -> Result<(), ApplyError> {
    notify(
        tx,
        ctx.now,
        &ctx.user.community_id,
        user_id,
        MessageKind::HelpUpdated,
        text,
        About::Nothing,
    )
    .await?;
    Ok(())
}

pub async fn ask(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<AskArgs>(m)?.validated(m.created_at)?;
    let filed_by = if a.requester_id == user.id {
        if !user.verified {
            return Err(reject(
                ErrorCode::Forbidden,
                "社区核实您的住址后才能求助，请联系楼栋长或社区",
            ));
        }
        if a.channel != Channel::App {
            return Err(invalid("channel", "自己求助请选“手机提交”"));
        }
        None
    } else {
        let reach = require(user, Action::ActForResidents)?;
        let requester = neighbour(tx, user, &a.requester_id).await?;
        if !reach.covers(
            &user.standing(),
            Target::Building(requester.building_id.as_deref()),
        ) {
            return Err(reject(ErrorCode::Forbidden, reach.beyond()));
        }
        if a.channel == Channel::App {
            return Err(invalid("channel", "请选居民是打电话还是上门来求助的"));
        }
        Some(user.id.as_str())
    };
    if db::request(tx, &a.id).await?.is_some() {
        return Err(conflict("这个求助的编号已经用过了，请刷新页面后重新填写"));
    }
    db::insert_request(tx, &user.community_id, &a, filed_by, ctx.now).await?;
    Ok(None)
}

pub async fn take(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<TakeArgs>(m)?;
    if a.taker_id != user.id {
        return Err(reject(ErrorCode::Forbidden, "只能用自己的账号接求助"));
    }
    let stored = request_in_community(tx, user, &a.request_id).await?;
    let skills = hours::skills(tx, &user.id).await?;
    aid::check_take(&looker(user, skills.as_deref()), &stored.request).map_err(refused)?;
    let mut r = stored.request;
    r.status = HelpStatus::Taken;
    r.taker_id = Some(user.id.clone());
    db::save_state(tx, &r).await?;
    let taken = db::request(tx, &r.id)
        .await?
        .map(|s| s.request)
        .unwrap_or(r);
    let text = format!(
        "{}（电话 {}）接了您的{}求助，会按时到{}。",
        taken.taker_name.as_deref().unwrap_or("志愿者"),
        taken.taker_phone.as_deref().unwrap_or("见求助页面"),
        what(&taken),
        taken.place
    );
    tell(tx, ctx, &taken.requester_id, text).await?;
    Ok(None)
}

pub async fn cancel(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<CancelArgs>(m)?.validated()?;
    let stored = request_in_community(tx, user, &a.request_id).await?;
    let skills = hours::skills(tx, &user.id).await?;
    let status = aid::cancel_outcome(
        &looker(user, skills.as_deref()),
        &stored.request,
        stored.building_id.as_deref(),
        a.side,
    )
    .map_err(refused)?;
    let mut r = stored.request;
    let taker = r.taker_id.clone();
    r.status = status;
    r.cancel_reason = Some(a.reason.clone());
    match a.side {
        CancelSide::Requester => {
            db::save_state(tx, &r).await?;
            if let Some(taker) = taker {
                let text = format!(
                    "{}的{}求助取消了：{}。不用去了，谢谢您。",
                    r.requester_name,
                    what(&r),
                    a.reason
                );
                tell(tx, ctx, &taker, text).await?;
            }
        }
        CancelSide::Taker => {
            r.taker_id = None;
            db::save_state(tx, &r).await?;
            let text = format!(
                "{}来不了您的{}求助：{}。求助已经重新发给其他志愿者。",
                r.taker_name.as_deref().unwrap_or("志愿者"),
                what(&r),
                a.reason
            );
            tell(tx, ctx, &r.requester_id, text).await?;
        }
    }
    Ok(None)
}

pub async fn confirm(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<ConfirmArgs>(m)?.validated()?;
    let stored = request_in_community(tx, user, &a.request_id).await?;
    let skills = hours::skills(tx, &user.id).await?;
    aid::check_confirm(
        &looker(user, skills.as_deref()),
        &stored.request,
        stored.building_id.as_deref(),
        a.from_pool,
    )
    .map_err(refused)?;
    let mut r = stored.request;
    let floors = db::floors(tx, &user.community_id).await?;
    let (balance, floor) = if a.from_pool {
        (
            hours::pool_balance(tx, &user.community_id).await?,
            floors.pool_minutes,
        )
    } else {
        (
            hours::balance(tx, &r.requester_id).await?,
            floors.person_minutes,
        )
    };
    aid::check_within(balance, a.minutes, floor).map_err(|reason| {
        let reason = if a.from_pool {
            format!("社区互助池{reason}")
        } else {
            reason
        };
        invalid("minutes", reason)
    })?;
    let Some(postings) = aid::movement(&r, a.minutes, a.from_pool) else {
        return Err(conflict("还没有志愿者接单，不能确认"));
    };
    let taker_name = r.taker_name.clone().unwrap_or_default();
    for p in &postings {
        let note = if p.minutes < 0 {
            format!("{}：{}帮忙", r.kind.label(), taker_name)
        } else {
            format!("{}：帮{}", r.kind.label(), r.requester_name)
        };
        hours::insert_entry(
            tx,
            &NewEntry {
                id: &p.entry_id,
                community_id: &user.community_id,
                user_id: p.account.ledger_id(),
                minutes: p.minutes,
                reason: p.reason,
                note: &note,
                by_user_id: &user.id,
                signup_id: None,
                created_at: ctx.now,
            },
        )
        .await?;
    }
    if a.from_pool {
        record_pool_payment(tx, ctx, &r, a.minutes, balance).await?;
    }
    r.status = HelpStatus::Done;
    r.minutes = Some(a.minutes);
    r.from_pool = a.from_pool;
    db::save_state(tx, &r).await?;
    if let Some(taker) = &r.taker_id {
        let text = format!(
            "{}确认了您的{}帮助，{}已记入您的时间银行。谢谢您！",
            r.requester_name,
            what(&r),
            format_hours(a.minutes)
        );
        tell(tx, ctx, taker, text).await?;
    }
    Ok(None)
}

/// A payment from the 互助池 is in the audit log, as every correction of hours is.
async fn record_pool_payment(
    tx: &mut Conn,
    ctx: &Ctx<'_>,
    r: &HelpRequest,
    minutes: i64,
    before: Millis,
) -> Result<(), ApplyError> {
    let target = Audited {
        id: &r.id,
        label: &format!("{} {}", r.requester_name, what(r)),
    };
    ctx.user
        .audit(ctx.now)
        .record(
            tx,
            AuditAction::AidPoolPay,
            target,
            Some(json!({"pool_minutes": before})),
            Some(json!({"pool_minutes": before - minutes, "minutes": minutes})),
        )
        .await?;
    Ok(())
}

pub async fn set_floors(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::EditCommunityInfo)?;
    let a = args::<FloorArgs>(m)?;
    if a.id != user.community_id {
        return Err(reject(ErrorCode::Forbidden, "只能设定本社区的最低余额"));
    }
    let floors = a.floors.validated()?;
    let before = db::floors(tx, &user.community_id).await?;
    let target = Audited {
        id: &user.community_id,
        label: "互助最低余额",
    };
    user.audit(ctx.now)
        .record(
            tx,
            AuditAction::AidFloors,
            target,
            Some(json!(before)),
            Some(json!(floors)),
        )
        .await?;
    db::save_floors(tx, &user.community_id, &floors).await?;
    Ok(None)
}
