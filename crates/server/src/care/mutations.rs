//! 一户一表 through sync: staff keep the register, residents correct their own
//! household, 网格员, 楼栋长 and staff log calls and visits (需要帮助 files a 说事 case
//! for the household), 社区工作者 change the rhythms. Who may is the core's
//! (`care::register_reach`, `list_reach`); this module checks it against each household.

use linli_core::access::{Reach, Target};
use linli_core::care::{
    self, CorrectHouseholdArgs, Household, LogContactArgs, NOT_KEEPER, NOT_LISTED, NOT_OWN,
    NOT_RHYTHM_SETTER, Outcome, RhythmRule, SaveHouseholdArgs, SetTagsArgs, Visit, help_submission,
};
use linli_core::error::ErrorCode;
use linli_core::report;
use linli_core::sync::Mutation;

use super::db;
use crate::auth::CurrentUser;
use crate::db::{Conn, communities};
use crate::sync::apply::{Applied, ApplyError, Ctx, args, conflict, neighbour, reject};

/// How long after the fact a contact logged offline still counts at its own time.
const LATEST_OFFLINE_MS: linli_core::Millis = 30 * 24 * 60 * 60_000;

fn forbidden(reason: &str) -> ApplyError {
    reject(ErrorCode::Forbidden, reason)
}

/// Whether `reach` of `user` covers a household in `building_id`.
pub(super) fn covers(user: &CurrentUser, reach: Reach, building_id: &str) -> bool {
    reach.covers(&user.standing(), Target::Building(Some(building_id)))
}

/// The household, of the caller's community.
async fn household_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<Household, ApplyError> {
    db::household(tx, id)
        .await?
        .filter(|s| s.community_id == user.community_id)
        .map(|s| s.household)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这一户"))
}

/// The household, when the caller keeps the register of its building.
async fn kept_household(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<Household, ApplyError> {
    let reach = care::register_reach(user.role);
    if reach == Reach::Nowhere {
        return Err(forbidden(NOT_KEEPER));
    }
    let h = household_in_community(tx, user, id).await?;
    if !covers(user, reach, &h.building_id) {
        return Err(forbidden(reach.beyond()));
    }
    Ok(h)
}

pub async fn save_household(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let reach = care::register_reach(user.role);
    if reach == Reach::Nowhere {
        return Err(forbidden(NOT_KEEPER));
    }
    let a = args::<SaveHouseholdArgs>(m)?.validated(care::china_year(ctx.now))?;
    if !covers(user, reach, &a.building_id) {
        return Err(forbidden(reach.beyond()));
    }
    if !communities::buildings_exist(tx, &user.community_id, std::slice::from_ref(&a.building_id))
        .await?
    {
        return Err(crate::sync::apply::invalid("building_id", "找不到这栋楼"));
    }
    let old = match db::household(tx, &a.id).await? {
        Some(s) if s.community_id != user.community_id => {
            return Err(conflict("这一户的编号已经用过了，请刷新页面后重新登记"));
        }
        Some(s) if !covers(user, reach, &s.household.building_id) => {
            return Err(forbidden(reach.beyond()));
        }
        old => old.map(|s| s.household),
    };
    let flat = (a.building_id.as_str(), a.unit.as_str(), a.room.as_str());
    if let Some(other) = db::household_at(tx, &user.community_id, flat).await?
        && other != a.id
    {
        return Err(conflict("这一户已经登记过了，请在名单里找到它修改"));
    }
    let h = a.into_household(old.as_ref(), ctx.now);
    db::save_household(tx, &user.community_id, &h).await?;
    Ok(None)
}

pub async fn set_tags(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let a = args::<SetTagsArgs>(m)?.validated()?;
    let mut h = kept_household(tx, ctx.user, &a.household_id).await?;
    h.tags = a.tags;
    db::save_household(tx, &ctx.user.community_id, &h).await?;
    Ok(None)
}

pub async fn correct_household(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<CorrectHouseholdArgs>(m)?.validated(care::china_year(ctx.now))?;
    let mut h = household_in_community(tx, user, &a.household_id).await?;
    let me = neighbour(tx, user, &user.id).await?;
    let own = me.household().is_some_and(|(b, u, r)| h.is_at(b, u, r));
    if !own || !user.verified {
        return Err(forbidden(NOT_OWN));
    }
    h.members = a.members;
    h.emergency = a.emergency;
    db::save_household(tx, &user.community_id, &h).await?;
    Ok(None)
}

pub async fn log_contact(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let reach = care::list_reach(user.role);
    if reach == Reach::Nowhere {
        return Err(forbidden(NOT_LISTED));
    }
    let a = args::<LogContactArgs>(m)?.validated()?;
    if let Some(existing) = db::visit(tx, &a.id).await? {
        // The same contact sent again logs nothing more.
        return if existing.by_id == user.id && existing.visit.household_id == a.household_id {
            Ok(None)
        } else {
            Err(conflict("这次走访的编号已经用过了，请刷新页面后重新登记"))
        };
    }
    let mut h = household_in_community(tx, user, &a.household_id).await?;
    if !covers(user, reach, &h.building_id) {
        return Err(forbidden(reach.beyond()));
    }
    // A contact logged offline counts at the time it was made, not later than now.
    let at = m.created_at.clamp(ctx.now - LATEST_OFFLINE_MS, ctx.now);
    h.contacts = h.contacts.after(a.kind, a.outcome, at);
    db::save_household(tx, &user.community_id, &h).await?;
    let case_id = if a.outcome == Outcome::NeedsHelp {
        file_case(tx, ctx, m, &a, &h).await?;
        Some(a.id.clone())
    } else {
        None
    };
    let visit = Visit {
        id: a.id,
        household_id: a.household_id,
        kind: a.kind,
        outcome: a.outcome,
        note: a.note,
        at,
        by_name: String::new(),
        case_id,
    };
    db::insert_visit(tx, &user.community_id, &user.id, &visit).await?;
    Ok(None)
}

/// 需要帮助: a 说事 case for the household (代办), filed through 说事's own rules (who may
/// file for whom, the category's deadlines), with the visit's id.
async fn file_case(
    tx: &mut Conn,
    ctx: &Ctx<'_>,
    m: &Mutation,
    a: &LogContactArgs,
    h: &Household,
) -> Result<(), ApplyError> {
    let phone = db::phone_of(tx, &ctx.user.id).await?;
    let submission = help_submission(a, h, phone.as_deref());
    let filing = Mutation {
        name: report::SUBMIT.to_owned(),
        args: serde_json::to_value(submission)
            .map_err(|e| reject(ErrorCode::BadRequest, e.to_string()))?,
        ..m.clone()
    };
    crate::reports::mutations::submit(tx, ctx, &filing).await?;
    Ok(())
}

pub async fn save_rhythm(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    if !care::may_set_rhythms(user.role) {
        return Err(forbidden(NOT_RHYTHM_SETTER));
    }
    let rule = args::<RhythmRule>(m)?.validated()?;
    db::save_rhythm(tx, &user.community_id, &rule).await?;
    db::touch_households(tx, &user.community_id).await?;
    Ok(None)
}
