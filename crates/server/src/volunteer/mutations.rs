//! Volunteering through sync: staff run activities and shifts and record who did not
//! come; volunteers sign up and give places up, and those waiting move up. What happens
//! at the site and after, in the time bank, is `hours`.

use linli_core::Millis;
use linli_core::access::Action;
use linli_core::error::ErrorCode;
use linli_core::inbox::MessageKind;
use linli_core::roster::Seat;
use linli_core::sync::Mutation;
use linli_core::validate::{Invalid, optional_text};
use linli_core::volunteer::{
    ActivityArgs, CancelShiftArgs, MAX_NOTE_CHARS, Placement, ProfileArgs, Roster, ShiftArgs,
    SignUpArgs, SignupRef, SignupStatus, find_clash, shift_time_label,
};
use serde_json::json;

use super::db::{self, NewSignup, ShiftRecord, SignupRecord, Slot};
use crate::auth::{CurrentUser, require};
use crate::db::Conn;
use crate::inbox::{About, notify};
use crate::sync::apply::{Applied, ApplyError, Ctx, acting_for, args, conflict, invalid, reject};

pub(super) async fn shift_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<ShiftRecord, ApplyError> {
    db::shift(tx, id)
        .await?
        .filter(|r| r.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这个班次"))
}

/// A sign-up of the caller's community and its shift.
pub(super) async fn signup_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<(SignupRecord, ShiftRecord), ApplyError> {
    let signup = db::signup(tx, id)
        .await?
        .filter(|s| s.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这次报名"))?;
    let shift = shift_in_community(tx, user, &signup.shift_id).await?;
    Ok((signup, shift))
}

/// "「理发」11月23日 09:00–11:00": how messages name a shift.
pub(super) fn shift_name(r: &ShiftRecord) -> String {
    format!(
        "「{}」{}",
        r.title,
        shift_time_label(r.shift.starts_at, r.shift.ends_at)
    )
}

/// A shift's sign-ups in the order they arrived, and whether each waits.
fn queue_of(slots: &[Slot]) -> Vec<(String, bool)> {
    slots
        .iter()
        .map(|s| (s.user_id.clone(), s.is_waitlisted()))
        .collect()
}

/// A shift's roster as the core's rules see it: people holding places, and
/// people waiting in the order they arrived.
fn roster_of(r: &ShiftRecord, slots: &[Slot]) -> Roster<String> {
    Roster::from_queue(r.shift.capacity, &queue_of(slots))
}

/// Stores a roster after one change to it: whoever was promoted becomes confirmed
/// and is told; a sign-up no longer on it gets `removed_as`; a waiting sign-up
/// whose position moved gets a new version so the device shows its new place;
/// and the shift gets one for its new counts. Messages are sent at `now`.
async fn settle(
    tx: &mut Conn,
    now: Millis,
    r: &ShiftRecord,
    before: &[Slot],
    roster: &Roster<String>,
    removed_as: SignupStatus,
) -> sqlx::Result<()> {
    let moves = roster.moves(&queue_of(before));
    for mv in &moves {
        let Some(slot) = before.iter().find(|s| s.user_id == mv.id) else {
            continue;
        };
        let status = match mv.seat {
            Seat::Confirmed => SignupStatus::Confirmed,
            Seat::Waiting(_) => SignupStatus::Waitlisted,
            Seat::Off => removed_as,
        };
        db::set_signup_status(tx, &slot.id, status).await?;
        if mv.promoted {
            let text = format!(
                "有人去不了，您已从候补转为正式参加{}，地点：{}。请准时到场。",
                shift_name(r),
                r.place
            );
            notify(
                tx,
                now,
                &r.community_id,
                &slot.user_id,
                MessageKind::Promoted,
                text,
                About::Shift(&r.shift.id),
            )
            .await?;
        }
    }
    if !moves.is_empty() {
        db::touch_shift(tx, &r.shift.id).await?;
    }
    Ok(())
}

pub async fn save_profile(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let profile = args::<ProfileArgs>(m)?.validated()?;
    let person = acting_for(tx, user, &profile.user_id, "只能填写自己的志愿者资料").await?;
    db::upsert_profile(tx, &profile, &person.community_id, ctx.now).await?;
    Ok(None)
}

pub async fn save_activity(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::PublishActivities)?;
    let activity = args::<ActivityArgs>(m)?.validated()?;
    if let Some(community) = db::activity_community(tx, &activity.id).await?
        && community != user.community_id
    {
        return Err(reject(ErrorCode::Forbidden, "不能修改其他社区的活动"));
    }
    db::upsert_activity(tx, &activity, &user.community_id, Some(&user.id)).await?;
    Ok(None)
}

pub async fn save_shift(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::ScheduleShifts)?;
    let a = args::<ShiftArgs>(m)?.validated()?;
    if db::activity_community(tx, &a.activity_id).await? != Some(user.community_id.clone()) {
        return Err(invalid("activity_id", "找不到这个活动，请刷新后重新选择"));
    }
    let Some(old) = db::shift(tx, &a.id).await? else {
        db::upsert_shift(tx, &a, &user.community_id).await?;
        return Ok(None);
    };
    if old.community_id != user.community_id {
        return Err(reject(ErrorCode::Forbidden, "不能修改其他社区的班次"));
    }
    if old.shift.cancelled {
        return Err(conflict("这个班次已经取消了，不能再修改"));
    }
    if ctx.now >= old.shift.ends_at {
        return Err(conflict("这个班次已经结束了，不能再修改"));
    }
    let slots = db::slots(tx, &a.id).await?;
    let mut roster = roster_of(&old, &slots);
    // Validated: between 1 and MAX_CAPACITY.
    roster
        .set_capacity(a.capacity as u32)
        .map_err(|e| invalid("capacity", e.message("班次")))?;
    db::upsert_shift(tx, &a, &user.community_id).await?;
    let new = shift_in_community(tx, user, &a.id).await?;
    // A new capacity only promotes: nobody leaves, so `removed_as` is never used.
    settle(tx, ctx.now, &new, &slots, &roster, SignupStatus::Withdrawn).await?;
    if (old.shift.starts_at, old.shift.ends_at) != (new.shift.starts_at, new.shift.ends_at) {
        let text = format!(
            "「{}」的时间改为 {}，地点：{}。如果去不了，请在“我的志愿”里点“去不了”。",
            new.title,
            shift_time_label(new.shift.starts_at, new.shift.ends_at),
            new.place
        );
        for slot in &slots {
            notify(
                tx,
                ctx.now,
                &new.community_id,
                &slot.user_id,
                MessageKind::ShiftChanged,
                text.clone(),
                About::Shift(&a.id),
            )
            .await?;
        }
    }
    Ok(None)
}

pub async fn cancel_shift(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::CancelShifts)?;
    let a = args::<CancelShiftArgs>(m)?;
    let reason = a.reason.trim();
    let mut invalid = Invalid::default();
    optional_text(
        &mut invalid,
        "reason",
        "取消原因",
        Some(reason),
        MAX_NOTE_CHARS,
    );
    invalid.finish()?;
    let r = shift_in_community(tx, user, &a.shift_id).await?;
    if r.shift.cancelled {
        return Err(conflict("这个班次已经取消了"));
    }
    if r.shift.has_started(ctx.now) {
        return Err(conflict("班次已经开始，不能再取消"));
    }
    let slots = db::slots(tx, &r.shift.id).await?;
    db::cancel_shift(tx, &r.shift.id, reason, ctx.now).await?;
    let text = if reason.is_empty() {
        format!("很抱歉，{} 取消了，不用去了。", shift_name(&r))
    } else {
        format!(
            "很抱歉，{} 取消了，不用去了。原因：{reason}",
            shift_name(&r)
        )
    };
    for slot in &slots {
        db::set_signup_status(tx, &slot.id, SignupStatus::ShiftCancelled).await?;
        notify(
            tx,
            ctx.now,
            &r.community_id,
            &slot.user_id,
            MessageKind::ShiftCancelled,
            text.clone(),
            About::Shift(&r.shift.id),
        )
        .await?;
    }
    Ok(None)
}

pub async fn sign_up(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SignUpArgs>(m)?;
    let person = acting_for(tx, user, &a.user_id, "只能为自己报名").await?;
    let r = shift_in_community(tx, user, &a.shift_id).await?;
    if !db::has_profile(tx, &a.user_id).await? {
        return Err(conflict("请先填写志愿者资料"));
    }
    r.shift.open_for_sign_up(ctx.now).map_err(conflict)?;
    if db::signup(tx, &a.signup_id).await?.is_some() {
        return Err(conflict("这次报名已经提交过了"));
    }
    let theirs = db::active_shifts_of(tx, &a.user_id).await?;
    if let Some(clash) = find_clash(&r.shift, theirs.iter().map(|t| &t.shift))
        && let Some(other) = theirs.iter().find(|t| t.shift.id == clash.id)
    {
        let who = if a.user_id == user.id {
            "您"
        } else {
            person.display_name.as_str()
        };
        return Err(conflict(format!(
            "与{who}已报名的「{} {}」时间冲突",
            other.title,
            shift_time_label(other.shift.starts_at, other.shift.ends_at)
        )));
    }
    let slots = db::slots(tx, &r.shift.id).await?;
    let placement = roster_of(&r, &slots)
        .sign_up(a.user_id.clone())
        .map_err(|e| conflict(e.message("班次")))?;
    let status = match placement {
        Placement::Confirmed => SignupStatus::Confirmed,
        Placement::Waitlisted(_) => SignupStatus::Waitlisted,
    };
    db::insert_signup(
        tx,
        &NewSignup {
            id: &a.signup_id,
            shift_id: &r.shift.id,
            community_id: &r.community_id,
            user_id: &a.user_id,
            status,
            signed_up_at: m.created_at,
            decided_at: ctx.now,
        },
    )
    .await?;
    db::touch_shift(tx, &r.shift.id).await?;
    let (kind, text, decision) = match placement {
        Placement::Confirmed => (
            MessageKind::Confirmed,
            format!(
                "报名成功：{}，地点：{}。请准时到场，到了用现场的签到码签到。",
                shift_name(&r),
                r.place
            ),
            json!({"status": "confirmed"}),
        ),
        Placement::Waitlisted(position) => (
            MessageKind::Waitlisted,
            format!(
                "{} 的名额已满，您排在候补第 {position} 位。有人去不了时按顺序递补，递补上了会再通知您。",
                shift_name(&r)
            ),
            json!({"status": "waitlisted", "position": position}),
        ),
    };
    notify(
        tx,
        ctx.now,
        &r.community_id,
        &a.user_id,
        kind,
        text,
        About::Shift(&r.shift.id),
    )
    .await?;
    Ok(Some(decision))
}

pub async fn withdraw(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SignupRef>(m)?;
    let (s, r) = signup_in_community(tx, user, &a.signup_id).await?;
    acting_for(tx, user, &s.user_id, "只能取消自己的报名").await?;
    if !s.status.is_active() {
        return Err(conflict("这次报名已经不在名单上了"));
    }
    // Tapped offline before the start and synced during the shift still counts.
    r.shift
        .accepts_withdrawal(m.created_at, ctx.now)
        .map_err(conflict)?;
    let slots = db::slots(tx, &r.shift.id).await?;
    let mut roster = roster_of(&r, &slots);
    roster
        .remove(&s.user_id)
        .map_err(|e| conflict(e.message("班次")))?;
    settle(tx, ctx.now, &r, &slots, &roster, SignupStatus::Withdrawn).await?;
    Ok(None)
}

pub async fn mark_no_show(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::MarkNoShows)?;
    let a = args::<SignupRef>(m)?;
    let (s, r) = signup_in_community(tx, user, &a.signup_id).await?;
    if s.status != SignupStatus::Confirmed {
        return Err(conflict("只有已确认参加的人才能登记为未到"));
    }
    if s.checked_in_at.is_some() {
        return Err(conflict("这位志愿者已经签到了，不能登记为未到"));
    }
    if r.shift.has_started(ctx.now) {
        // Too late for anyone waiting to come instead: nobody is promoted.
        db::set_signup_status(tx, &s.id, SignupStatus::NoShow).await?;
        db::touch_shift(tx, &r.shift.id).await?;
    } else {
        let slots = db::slots(tx, &r.shift.id).await?;
        let mut roster = roster_of(&r, &slots);
        roster
            .remove(&s.user_id)
            .map_err(|e| conflict(e.message("班次")))?;
        settle(tx, ctx.now, &r, &slots, &roster, SignupStatus::NoShow).await?;
    }
    Ok(None)
}
