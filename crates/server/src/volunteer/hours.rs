//! The time bank through sync: volunteers check in and out at the site with the shift's
//! code, staff confirm the hours of those who did not check out or adjust a balance, and
//! a volunteer gives hours to their household.

use linli_core::Millis;
use linli_core::access::Action;
use linli_core::admin::AuditAction;
use linli_core::error::ErrorCode;
use linli_core::inbox::MessageKind;
use linli_core::sync::Mutation;
use linli_core::volunteer::{
    AdjustArgs, CheckArgs, LedgerReason, MAX_WRONG_CODES, POOL_ACCOUNT, SignupRef, SignupStatus,
    TransferArgs, credited_minutes, format_hours, shift_time_label,
};
use serde_json::json;

use super::db::{self, NewEntry, ShiftRecord, SignupRecord};
use super::mutations::{shift_name, signup_in_community};
use crate::auth::{CurrentUser, require};
use crate::db::audit::Target as Audited;
use crate::db::{Conn, new_id, people};
use crate::inbox::{About, notify};
use crate::sync::apply::{Applied, ApplyError, Ctx, args, conflict, invalid, neighbour, reject};

/// The caller's own sign-up, for what only the volunteer does at the site.
async fn own_signup(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<(SignupRecord, ShiftRecord), ApplyError> {
    let found = signup_in_community(tx, user, id).await?;
    if found.0.user_id != user.id {
        return Err(reject(
            ErrorCode::Forbidden,
            "只能为自己签到签退，请让志愿者用自己的手机操作",
        ));
    }
    Ok(found)
}

/// Checks the code of a check-in or check-out. A wrong one is counted, and kept though
/// the mutation is refused; at the limit check-in is locked until staff unlock it.
async fn check_code(
    tx: &mut Conn,
    s: &SignupRecord,
    r: &ShiftRecord,
    code: &str,
) -> Result<(), ApplyError> {
    match r.shift.check_code(code, s.wrong_codes) {
        Ok(()) => Ok(()),
        Err(reason) if s.wrong_codes >= MAX_WRONG_CODES => Err(conflict(reason)),
        Err(reason) => {
            db::set_wrong_codes(tx, &s.id, s.wrong_codes + 1).await?;
            Err(invalid("code", reason).keeping_writes())
        }
    }
}

/// Credits served minutes to a sign-up's volunteer, once, and tells them, at `now`.
async fn credit(
    tx: &mut Conn,
    now: Millis,
    r: &ShiftRecord,
    signup: &SignupRecord,
    checked_out_at: Option<i64>,
    minutes: i64,
    by_user_id: &str,
) -> sqlx::Result<()> {
    db::credit_signup(tx, &signup.id, checked_out_at, minutes).await?;
    let note = format!(
        "{} {}",
        r.title,
        shift_time_label(r.shift.starts_at, r.shift.ends_at)
    );
    db::insert_entry(
        tx,
        &NewEntry {
            id: &new_id(),
            community_id: &r.community_id,
            user_id: &signup.user_id,
            minutes,
            reason: LedgerReason::Served,
            note: &note,
            by_user_id,
            signup_id: Some(&signup.id),
            created_at: now,
        },
    )
    .await?;
    let text = format!(
        "感谢您参加{} 的志愿服务，{}已记入您的时间银行。",
        shift_name(r),
        format_hours(minutes)
    );
    notify(
        tx,
        now,
        &r.community_id,
        &signup.user_id,
        MessageKind::HoursCredited,
        text,
        About::Shift(&r.shift.id),
    )
    .await
}

pub async fn check_in(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<CheckArgs>(m)?;
    let (s, r) = own_signup(tx, user, &a.signup_id).await?;
    let at = m.created_at;
    match s.status {
        SignupStatus::Confirmed => {}
        SignupStatus::Waitlisted => {
            return Err(conflict("您还在候补名单上，递补上了才能签到"));
        }
        _ => return Err(conflict("这次报名已经不在名单上了，不能签到")),
    }
    if s.checked_in_at.is_some() {
        return Err(conflict("您已经签到过了"));
    }
    r.shift.accepts_check_in(at, ctx.now).map_err(conflict)?;
    check_code(tx, &s, &r, &a.code).await?;
    db::check_in(tx, &s.id, at).await?;
    Ok(None)
}

pub async fn check_out(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<CheckArgs>(m)?;
    let (s, r) = own_signup(tx, user, &a.signup_id).await?;
    let at = m.created_at;
    if s.status != SignupStatus::Confirmed {
        return Err(conflict("这次报名已经不在名单上了，不能签退"));
    }
    let Some(checked_in_at) = s.checked_in_at else {
        return Err(conflict("还没有签到，不能签退"));
    };
    if s.checked_out_at.is_some() || s.credited_minutes.is_some() {
        return Err(conflict("已经签退过了，时长已经记入时间银行"));
    }
    r.shift
        .accepts_check_out(checked_in_at, at, ctx.now)
        .map_err(conflict)?;
    check_code(tx, &s, &r, &a.code).await?;
    let minutes = credited_minutes(
        (r.shift.starts_at, r.shift.ends_at),
        checked_in_at,
        Some(at),
    );
    credit(tx, ctx.now, &r, &s, Some(at), minutes, &user.id).await?;
    Ok(None)
}

/// Staff let a volunteer locked out by wrong codes try again (from the roster).
pub async fn unlock_check_in(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    require(ctx.user, Action::ConfirmHours)?;
    let a = args::<SignupRef>(m)?;
    let (s, _) = signup_in_community(tx, ctx.user, &a.signup_id).await?;
    if s.wrong_codes < MAX_WRONG_CODES {
        return Err(conflict("这位志愿者的签到没有被锁定"));
    }
    db::set_wrong_codes(tx, &s.id, 0).await?;
    Ok(None)
}

pub async fn confirm_hours(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::ConfirmHours)?;
    let a = args::<SignupRef>(m)?;
    let (s, r) = signup_in_community(tx, user, &a.signup_id).await?;
    if s.checked_out_at.is_some() || s.credited_minutes.is_some() {
        return Err(conflict("这次服务的时长已经记过了"));
    }
    let Some(checked_in_at) = s
        .checked_in_at
        .filter(|_| s.status == SignupStatus::Confirmed)
    else {
        return Err(conflict("这位志愿者没有签到，不能确认时长"));
    };
    if ctx.now < r.shift.ends_at {
        return Err(conflict("班次结束后才能确认时长"));
    }
    let minutes = credited_minutes((r.shift.starts_at, r.shift.ends_at), checked_in_at, None);
    credit(tx, ctx.now, &r, &s, None, minutes, &user.id).await?;
    Ok(None)
}

/// A correction of someone's balance or of the community's 互助池, by a 社区工作者 or admin,
/// never of their own, always with a note, and recorded in the audit log.
pub async fn adjust_hours(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::AdjustHours)?;
    let a = args::<AdjustArgs>(m)?.validated()?;
    if a.user_id == user.id {
        return Err(reject(
            ErrorCode::Forbidden,
            "不能调整自己的时间银行，请另一位工作人员办理",
        ));
    }
    // The community's 互助池 is corrected as a person's balance is (hours a 共建单位 gives).
    let (label, before) = if a.user_id == POOL_ACCOUNT {
        (
            "社区互助池".to_owned(),
            db::pool_balance(tx, &user.community_id).await?,
        )
    } else {
        let person = neighbour(tx, user, &a.user_id).await?;
        (person.display_name, db::balance(tx, &person.id).await?)
    };
    if db::ledger_entry_exists(tx, &a.entry_id).await? {
        return Err(conflict("这条调整已经记过了"));
    }
    let target = Audited {
        id: &a.user_id,
        label: &label,
    };
    user.audit(ctx.now)
        .record(
            tx,
            AuditAction::HoursAdjust,
            target,
            Some(json!({"balance_minutes": before})),
            Some(json!({"balance_minutes": before + a.minutes, "minutes": a.minutes, "note": a.note})),
        )
        .await?;
    db::insert_entry(
        tx,
        &NewEntry {
            id: &a.entry_id,
            community_id: &user.community_id,
            user_id: &a.user_id,
            minutes: a.minutes,
            reason: LedgerReason::Adjustment,
            note: &a.note,
            by_user_id: &user.id,
            signup_id: None,
            created_at: ctx.now,
        },
    )
    .await?;
    Ok(None)
}

pub async fn transfer_hours(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<TransferArgs>(m)?.validated()?;
    if a.user_id != user.id {
        return Err(reject(ErrorCode::Forbidden, "只能转出自己的时长"));
    }
    let giver = neighbour(tx, user, &user.id).await?;
    let recipient = people::person_by_phone(tx, &a.to_phone)
        .await?
        .filter(|p| {
            p.community_id == giver.community_id
                && p.household().is_some()
                && p.household() == giver.household()
        })
        .ok_or_else(|| invalid("to_phone", "只能转给同一户的家人"))?;
    if recipient.id == giver.id {
        return Err(invalid("to_phone", "不能转给自己"));
    }
    let in_id = format!("{}:in", a.entry_id);
    if db::ledger_entry_exists(tx, &a.entry_id).await?
        || db::ledger_entry_exists(tx, &in_id).await?
    {
        return Err(conflict("这笔转赠已经提交过了"));
    }
    let balance = db::balance(tx, &user.id).await?;
    if balance < a.minutes {
        return Err(invalid(
            "minutes",
            format!("时间银行余额不够，现在有 {}", format_hours(balance)),
        ));
    }
    let out_note = format!("转给{}", recipient.display_name);
    let in_note = format!("{}转入", giver.display_name);
    for (id, who, minutes, reason, note) in [
        (
            a.entry_id.as_str(),
            giver.id.as_str(),
            -a.minutes,
            LedgerReason::TransferOut,
            &out_note,
        ),
        (
            in_id.as_str(),
            recipient.id.as_str(),
            a.minutes,
            LedgerReason::TransferIn,
            &in_note,
        ),
    ] {
        db::insert_entry(
            tx,
            &NewEntry {
                id,
                community_id: &user.community_id,
                user_id: who,
                minutes,
                reason,
                note,
                by_user_id: &user.id,
                signup_id: None,
                created_at: ctx.now,
            },
        )
        .await?;
    }
    let text = format!(
        "{}转给您 {}，已存入您的时间银行。",
        giver.display_name,
        format_hours(a.minutes)
    );
    notify(
        tx,
        ctx.now,
        &user.community_id,
        &recipient.id,
        MessageKind::HoursReceived,
        text,
        About::Nothing,
    )
    .await?;
    Ok(None)
}
