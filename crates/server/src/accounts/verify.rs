//! `account.verify`: staff or a 楼栋长 confirm, at the door and offline if need be, that a
//! self-registered resident lives where they say (实名核验). The resident's devices then
//! pull afresh and see their building's notices and the 说事墙.

use linli_core::access::{Action, Target};
use linli_core::account::VerifyArgs;
use linli_core::admin::AuditAction;
use linli_core::error::ErrorCode;
use linli_core::sync::Mutation;
use serde_json::json;

use super::db as accounts;
use crate::auth::{require, require_in};
use crate::db::{Conn, audit, people};
use crate::sync::apply::{Applied, Ctx, args, neighbour, reject};

pub async fn verify(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::VerifyResidents)?;
    let a = args::<VerifyArgs>(m)?;
    let person = neighbour(tx, user, &a.user_id).await?;
    require_in(
        user,
        Action::VerifyResidents,
        Target::Building(person.building_id.as_deref()),
    )?;
    let state = accounts::verification(tx, &person.id).await?;
    if state.disabled {
        return Err(reject(ErrorCode::Conflict, "这个账号已停用，不能核实"));
    }
    if state.verified {
        // Someone else confirmed them first: what the device shows is already so.
        return Ok(None);
    }
    accounts::set_verified(tx, &person.id, &user.id, ctx.now).await?;
    people::rescope(tx, &person.id).await?;
    let target = audit::Target {
        id: &person.id,
        label: &person.display_name,
    };
    user.audit(ctx.now)
        .record(
            tx,
            AuditAction::AccountVerify,
            target,
            Some(json!({"verified": false})),
            Some(json!({"verified": true, "channel": "sync"})),
        )
        .await?;
    Ok(None)
}
