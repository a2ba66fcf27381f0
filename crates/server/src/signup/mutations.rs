//! Sign-ups through sync: staff open them and add sessions; residents sign themselves or
//! a family member up (staff one who phoned or came to the desk, 代办) and cancel, and
//! the first waiting moves up; staff mark who came. Who may come, the batch and the
//! household limit are the core's rules (`linli_core::signup`), the places and the
//! waitlist the roster rules volunteer shifts use (`linli_core::roster`); this module
//! loads what they need and applies them under the write lock.

use linli_core::Millis;
use linli_core::access::Action;
use linli_core::error::{ErrorCode, FieldError};
use linli_core::inbox::MessageKind;
use linli_core::report::Channel;
use linli_core::roster::{Placement, Roster, Seat};
use linli_core::signup::{
    self, Applicant, AttendanceArgs, EntryRef, EntryStatus, OpeningArgs, Refusal, SessionArgs,
    SignUpArgs, year_of,
};
use linli_core::sync::Mutation;
use serde_json::json;

use super::db::{self, EntryRecord, NewEntry, OpeningRecord, SessionRecord};
use crate::auth::{CurrentUser, require, require_in};
use crate::db::Conn;
use crate::inbox::{About, notify};
use crate::sync::apply::{
    Applied, ApplyError, Ctx, Rejection, acting_for, args, conflict, invalid, reject,
};

/// The words for a roster of sessions ("您已经报过这个场次了").
const NOUN: &str = "场次";

fn refused(r: Refusal) -> ApplyError {
    let mut rejection = Rejection::new(r.code, r.reason.clone());
    if let Some(field) = r.field {
        rejection.fields.push(FieldError {
            field: field.to_owned(),
            message: r.reason,
        });
    }
    rejection.into()
}

async fn opening_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<OpeningRecord, ApplyError> {
    db::opening(tx, id)
        .await?
        .filter(|o| o.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这个报名，可能已经被删除"))
}

async fn session_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<SessionRecord, ApplyError> {
    db::session(tx, id)
        .await?
        .filter(|s| s.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这一场，请刷新后重新选择"))
}

/// A sign-up of the caller's community with its session.
async fn entry_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<(EntryRecord, SessionRecord), ApplyError> {
    let entry = db::entry(tx, id)
        .await?
        .filter(|e| e.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这次报名"))?;
    let session = session_in_community(tx, user, &entry.session_id).await?;
    Ok((entry, session))
}

/// "「冬至暖心饺子宴」12月19日 09:00–11:30": how messages name a session.
fn session_name(s: &SessionRecord) -> String {
    format!("「{}」{}", s.title, s.session.time_label())
}

/// Stores a session's roster after one change: whoever was promoted becomes confirmed and
/// is told, one no longer on it is cancelled, a waiting one whose position moved gets a
/// new version, and the session one for its new counts.
async fn settle(
    tx: &mut Conn,
    now: Millis,
    s: &SessionRecord,
    before: &[(String, bool)],
    roster: &Roster<String>,
) -> sqlx::Result<()> {
    let moves = roster.moves(before);
    for mv in &moves {
        let status = match mv.seat {
            Seat::Confirmed => EntryStatus::Confirmed,
            Seat::Waiting(_) => EntryStatus::Waitlisted,
            Seat::Off => EntryStatus::Cancelled,
        };
        db::set_status(tx, &mv.id, status).await?;
        if mv.promoted
            && let Some(e) = db::entry(tx, &mv.id).await?
        {
            let text = format!(
                "有人取消了报名，您已从候补转为正式参加{}，地点：{}。请准时到场。",
                session_name(s),
                s.session.place
            );
            notify(
                tx,
                now,
                &s.community_id,
                &e.user_id,
                MessageKind::Promoted,
                text,
                About::Nothing,
            )
            .await?;
        }
    }
    if !moves.is_empty() {
        db::touch_session(tx, &s.session.id).await?;
    }
    Ok(())
}

pub async fn save_opening(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::PublishActivities)?;
    let o = args::<OpeningArgs>(m)?.validated()?;
    if db::subject_community(tx, &o.subject).await? != Some(user.community_id.clone()) {
        return Err(invalid(
            "subject",
            "找不到这条通知或办事项目，请刷新后重新选择",
        ));
    }
    if let Some(old) = db::opening(tx, &o.id).await?
        && old.community_id != user.community_id
    {
        return Err(reject(ErrorCode::Forbidden, "不能修改其他社区的报名"));
    }
    db::upsert_opening(tx, &o, &user.community_id, &user.id).await?;
    Ok(None)
}

pub async fn save_session(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::PublishActivities)?;
    let a = args::<SessionArgs>(m)?.validated()?;
    opening_in_community(tx, user, &a.opening_id)
        .await
        .map_err(|_| invalid("opening_id", "找不到这个报名，请刷新后重新选择"))?;
    let Some(old) = db::session(tx, &a.id).await? else {
        db::upsert_session(tx, &a, &user.community_id).await?;
        return Ok(None);
    };
    if old.community_id != user.community_id || old.session.opening_id != a.opening_id {
        return Err(reject(ErrorCode::Forbidden, "不能修改其他报名的场次"));
    }
    if ctx.now >= old.session.ends_at {
        return Err(conflict("这一场已经结束了，不能再修改"));
    }
    let before = db::queue(tx, &a.id).await?;
    let mut roster = Roster::from_queue(old.session.capacity, &before);
    // Validated: between 1 and MAX_CAPACITY.
    roster
        .set_capacity(a.capacity as u32)
        .map_err(|e| invalid("capacity", e.message(NOUN)))?;
    db::upsert_session(tx, &a, &user.community_id).await?;
    let new = session_in_community(tx, user, &a.id).await?;
    settle(tx, ctx.now, &new, &before, &roster).await?;
    Ok(None)
}

pub async fn sign_up(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SignUpArgs>(m)?.validated(year_of(ctx.now))?;
    let person = acting_for(tx, user, &a.user_id, "只能为自己或家人报名").await?;
    let filed_by = if a.user_id == user.id {
        if !user.verified {
            return Err(reject(
                ErrorCode::Forbidden,
                "社区核实您的住址后才能报名，请联系楼栋长或社区",
            ));
        }
        if a.channel != Channel::App {
            return Err(invalid("channel", "自己报名请选“手机提交”"));
        }
        None
    } else {
        if a.channel == Channel::App {
            return Err(invalid("channel", "请选居民是打电话还是上门来报名的"));
        }
        Some(user.id.as_str())
    };
    let s = session_in_community(tx, user, &a.session_id).await?;
    let o = opening_in_community(tx, user, &s.session.opening_id).await?;
    if db::entry(tx, &a.entry_id).await?.is_some() {
        return Err(conflict("这次报名已经提交过了"));
    }
    let family_name = a.family.as_ref().map(|f| f.name.as_str());
    if db::same_attendee(tx, &o.opening.id, &a.user_id, family_name).await? {
        let who = family_name.unwrap_or(if a.user_id == user.id {
            "您"
        } else {
            person.display_name.as_str()
        });
        return Err(conflict(format!("{who}已经报过「{}」了", o.opening.title)));
    }
    let household_active = db::household_active(tx, &o.opening.id, &a.user_id).await?;
    let applicant = Applicant {
        building_id: person.building_id.as_deref(),
        born: a.born,
        household_active: household_active.max(0) as u32,
    };
    signup::check_sign_up(&o.opening, &s.session, &applicant, ctx.now).map_err(refused)?;
    let queue = db::queue(tx, &s.session.id).await?;
    let placement = Roster::from_queue(s.session.capacity, &queue)
        .sign_up(a.entry_id.clone())
        .map_err(|e| conflict(e.message(NOUN)))?;
    let status = match placement {
        Placement::Confirmed => EntryStatus::Confirmed,
        Placement::Waitlisted(_) => EntryStatus::Waitlisted,
    };
    db::insert_entry(
        tx,
        &NewEntry {
            id: &a.entry_id,
            session: &s.session,
            community_id: &s.community_id,
            user_id: &a.user_id,
            family: a.family.as_ref(),
            born: a.born,
            status,
            channel: a.channel,
            filed_by_id: filed_by,
            signed_up_at: m.created_at,
            decided_at: ctx.now,
        },
    )
    .await?;
    db::touch_session(tx, &s.session.id).await?;
    let who = a
        .family
        .as_ref()
        .map(|f| format!("{}（{}）", f.name, f.relation))
        .unwrap_or_else(|| "您".to_owned());
    let (kind, text, decision) = match placement {
        Placement::Confirmed => (
            MessageKind::Confirmed,
            format!(
                "报名成功：{who}参加{}，地点：{}。请准时到场。",
                session_name(&s),
                s.session.place
            ),
            json!({"status": "confirmed"}),
        ),
        Placement::Waitlisted(position) => (
            MessageKind::Waitlisted,
            format!(
                "{} 的名额已满，{who}排在候补第 {position} 位。有人取消时按顺序递补，递补上了会再通知。",
                session_name(&s)
            ),
            json!({"status": "waitlisted", "position": position}),
        ),
    };
    notify(
        tx,
        ctx.now,
        &s.community_id,
        &a.user_id,
        kind,
        text,
        About::Nothing,
    )
    .await?;
    Ok(Some(decision))
}

pub async fn cancel(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<EntryRef>(m)?;
    let (e, s) = entry_in_community(tx, user, &a.entry_id).await?;
    acting_for(tx, user, &e.user_id, "只能取消自己的报名").await?;
    if !e.status.is_active() {
        return Err(conflict("这次报名已经取消了"));
    }
    // Tapped offline before the start and synced during the session still counts.
    s.session
        .sitting()
        .accepts_withdrawal(m.created_at, ctx.now)
        .map_err(|_| conflict("这一场已经开始了，不能再取消；去不了请打电话告诉社区"))?;
    let before = db::queue(tx, &s.session.id).await?;
    let mut roster = Roster::from_queue(s.session.capacity, &before);
    roster
        .remove(&e.id)
        .map_err(|err| conflict(err.message(NOUN)))?;
    settle(tx, ctx.now, &s, &before, &roster).await?;
    Ok(None)
}

pub async fn mark_attendance(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<AttendanceArgs>(m)?;
    require(user, Action::MarkNoShows)?;
    let (e, _) = entry_in_community(tx, user, &a.entry_id).await?;
    require_in(
        user,
        Action::MarkNoShows,
        linli_core::access::Target::Building(e.building_id.as_deref()),
    )?;
    if e.status != EntryStatus::Confirmed {
        return Err(conflict("只有已确认的报名才能登记到场"));
    }
    if e.attended != Some(a.attended) {
        db::set_attended(tx, &e.id, a.attended).await?;
    }
    Ok(None)
}
