//! Notices through sync: staff publish, edit and withdraw; residents acknowledge.

use linli_core::error::ErrorCode;
use linli_core::notice::{AcknowledgeArgs, NOTICE_ACKS, NOTICES, PublishArgs, WithdrawArgs};
use linli_core::sync::{Change, Mutation};
use sqlx::SqliteConnection;

use crate::auth::CurrentUser;
use crate::db;
use crate::sync::{Applied, Rejection, Viewer, Window, args, invalid};

fn require_staff(user: &CurrentUser) -> Result<(), Rejection> {
    if user.role.is_staff() {
        Ok(())
    } else {
        Err(Rejection::new(
            ErrorCode::Forbidden,
            "只有社区工作人员可以发布通知",
        ))
    }
}

/// The notice must exist in the caller's community and not be withdrawn.
async fn live_notice(
    tx: &mut SqliteConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<(), super::sync::ApplyError> {
    match db::notices::status(tx, id).await? {
        Some((community, false)) if community == user.community_id => Ok(()),
        Some((community, true)) if community == user.community_id => {
            Err(Rejection::new(ErrorCode::NotFound, "这条通知已经撤回了").into())
        }
        _ => Err(Rejection::new(ErrorCode::NotFound, "找不到这条通知").into()),
    }
}

pub async fn publish(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    require_staff(user)?;
    let args = args::<PublishArgs>(m)?.validated()?;
    match db::notices::status(tx, &args.id).await? {
        Some((community, _)) if community != user.community_id => {
            return Err(Rejection::new(ErrorCode::Forbidden, "不能修改其他社区的通知").into());
        }
        Some((_, true)) => {
            return Err(
                Rejection::new(ErrorCode::NotFound, "这条通知已经撤回了，不能再修改").into(),
            );
        }
        _ => {}
    }
    if let Some(audience) = &args.audience
        && !db::notices::buildings_exist(tx, &user.community_id, audience).await?
    {
        return Err(invalid("audience", "所选楼栋不在本社区，请重新选择"));
    }
    db::notices::upsert(tx, &args, &user.community_id, &user.id, db::now_ms()).await?;
    Ok(None)
}

pub async fn withdraw(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    require_staff(user)?;
    let args = args::<WithdrawArgs>(m)?;
    live_notice(tx, user, &args.notice_id).await?;
    db::notices::withdraw(tx, &args.notice_id).await?;
    Ok(None)
}

pub async fn acknowledge(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    let args = args::<AcknowledgeArgs>(m)?;
    if args.user_id != user.id {
        return Err(Rejection::new(ErrorCode::Forbidden, "只能为自己确认已知晓").into());
    }
    live_notice(tx, user, &args.notice_id).await?;
    db::notices::acknowledge(
        tx,
        &args.notice_id,
        &user.id,
        &user.community_id,
        m.created_at,
    )
    .await?;
    Ok(None)
}

/// Notices changed in the window, as the viewer may see them: withdrawn ones,
/// and ones for other buildings (unless the viewer is staff), arrive as deletions.
pub async fn changed_notices(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let building = viewer.user.and_then(|u| u.building_id.as_deref());
    let rows = db::notices::changed(tx, viewer.community_id, w.since, w.until, w.limit).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let for_viewer = viewer.is_staff()
                || row
                    .notice
                    .audience
                    .as_ref()
                    .is_none_or(|a| building.is_some_and(|b| a.iter().any(|x| x == b)));
            Change {
                collection: NOTICES.to_owned(),
                id: row.notice.id.clone(),
                version: row.version as u64,
                data: (for_viewer && !row.withdrawn)
                    .then(|| serde_json::to_value(&row.notice).unwrap_or_default()),
            }
        })
        .collect())
}

/// A resident's own acknowledgements; staff get their whole community's.
pub async fn changed_acks(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let Some(only_user) = viewer.personal_scope() else {
        return Ok(Vec::new());
    };
    let rows = db::notices::acks_changed(
        tx,
        viewer.community_id,
        only_user,
        w.since,
        w.until,
        w.limit,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|(version, ack)| Change {
            collection: NOTICE_ACKS.to_owned(),
            id: format!("{}:{}", ack.notice_id, ack.user_id),
            version: version as u64,
            data: Some(serde_json::to_value(&ack).unwrap_or_default()),
        })
        .collect())
}
