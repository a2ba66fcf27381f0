//! Notices through sync: staff publish, edit and withdraw; residents acknowledge.

use linli_core::access::{Action, Target};
use linli_core::error::ErrorCode;
use linli_core::notice::{AcknowledgeArgs, PublishArgs, WithdrawArgs, acknowledged_at};
use linli_core::sync::Mutation;

use super::db;
use crate::auth::{CurrentUser, require, require_in};
use crate::db::{Conn, communities};
use crate::sync::apply::{Applied, ApplyError, Ctx, args, invalid, reject};

/// The notice must exist in the caller's community and not be withdrawn.
async fn live_notice(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<db::Status, ApplyError> {
    match db::status(tx, id).await? {
        Some(s) if s.community_id == user.community_id && !s.withdrawn() => Ok(s),
        Some(s) if s.community_id == user.community_id => {
            Err(reject(ErrorCode::NotFound, "这条通知已经撤回了"))
        }
        _ => Err(reject(ErrorCode::NotFound, "找不到这条通知")),
    }
}

/// Whether the caller may publish to `audience` (`None`: the whole community): a 网格员
/// only to buildings of their grid.
fn check_audience(user: &CurrentUser, audience: Option<&[String]>) -> Result<(), ApplyError> {
    let Some(buildings) = audience else {
        return require_in(user, Action::PublishNotices, Target::Community).map_err(|_| {
            reject(
                ErrorCode::Forbidden,
                "网格员只能给自己网格内的楼栋发通知，全社区的通知请社区工作者发布",
            )
        });
    };
    for building in buildings {
        require_in(
            user,
            Action::PublishNotices,
            Target::Building(Some(building)),
        )
        .map_err(|_| reject(ErrorCode::Forbidden, "只能给您负责的网格内的楼栋发通知"))?;
    }
    Ok(())
}

pub async fn publish(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::PublishNotices)?;
    let args = args::<PublishArgs>(m)?.validated()?;
    match db::status(tx, &args.id).await? {
        Some(s) if s.community_id != user.community_id => {
            return Err(reject(ErrorCode::Forbidden, "不能修改其他社区的通知"));
        }
        Some(s) if s.withdrawn() => {
            return Err(reject(
                ErrorCode::NotFound,
                "这条通知已经撤回了，不能再修改",
            ));
        }
        Some(s) => check_audience(user, s.audience().as_deref())?,
        None => {}
    }
    check_audience(user, args.audience.as_deref())?;
    if let Some(audience) = &args.audience
        && !communities::buildings_exist(tx, &user.community_id, audience).await?
    {
        return Err(invalid("audience", "所选楼栋不在本社区，请重新选择"));
    }
    db::upsert(tx, &args, &user.community_id, &user.id, ctx.now).await?;
    Ok(None)
}

pub async fn withdraw(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    require(ctx.user, Action::PublishNotices)?;
    let args = args::<WithdrawArgs>(m)?;
    let notice = live_notice(tx, ctx.user, &args.notice_id).await?;
    check_audience(ctx.user, notice.audience().as_deref())?;
    db::withdraw(tx, &args.notice_id, ctx.now).await?;
    Ok(None)
}

pub async fn acknowledge(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let args = args::<AcknowledgeArgs>(m)?;
    if args.user_id != user.id {
        return Err(reject(ErrorCode::Forbidden, "只能为自己确认已知晓"));
    }
    let notice = live_notice(tx, user, &args.notice_id).await?;
    db::acknowledge(
        tx,
        &args.notice_id,
        &user.id,
        &user.community_id,
        acknowledged_at(m.created_at, notice.published_at, ctx.now),
    )
    .await?;
    Ok(None)
}
