//! The directory through sync: staff save items.

use linli_core::access::Action;
use linli_core::directory::SaveArgs;
use linli_core::error::ErrorCode;
use linli_core::sync::Mutation;

use super::{db, search_keys};
use crate::auth::require;
use crate::db::Conn;
use crate::sync::apply::{Applied, Ctx, args, invalid, reject};

pub async fn save(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::EditDirectory)?;
    let args = args::<SaveArgs>(m)?;
    let content = args.content.validated()?;
    if let Some(community) = db::community_of(tx, &args.id).await?
        && community != user.community_id
    {
        return Err(reject(ErrorCode::Forbidden, "不能修改其他社区的办事指南"));
    }
    if let Some(other) = db::id_by_name(tx, &user.community_id, &content.name).await?
        && other != args.id
    {
        return Err(invalid(
            "name",
            "已经有同名的办事事项，请换个名称或修改原有事项",
        ));
    }
    db::upsert(
        tx,
        &args.id,
        &user.community_id,
        &content,
        &search_keys(&content),
        Some(&user.id),
        ctx.now,
    )
    .await?;
    Ok(None)
}
