//! 议事协商 through sync: staff create and run topics; residents of a topic's audience
//! write and support opinions and vote; staff record paper and spoken votes (代投) and
//! close the vote, which tallies it and publishes the result as a 居务公开 notice.
//!
//! A vote's outcome never carries its choice (`sync_mutations.outcome` keeps outcomes),
//! and a refusal never repeats it.

use linli_core::access::{Action, Target};
use linli_core::deliberation::{
    AdvanceArgs, CloseArgs, FollowUpArgs, HideArgs, OpenBallot, OpineArgs, ProxyVoteArgs,
    ReplyArgs, SaveTopicArgs, Stage, SupportArgs, Topic, TopicResult, VoteArgs, VoteChannel,
    accepts_vote, checked_note, latest_per_voter, may_advance, may_organise, replaces, tally,
};
use linli_core::error::ErrorCode;
use linli_core::notice::{Category, Importance, PublishArgs};
use linli_core::sync::Mutation;
use linli_core::{Millis, deliberation::Audience};

use super::db::{self, Cast, Member, TopicRecord};
use crate::auth::{CurrentUser, require, require_in};
use crate::db::{Conn, communities};
use crate::notices::db as notices;
use crate::sync::apply::{Applied, ApplyError, Ctx, args, conflict, invalid, reject};

/// Topics are run by staff who may organise them (`may_organise`).
fn organiser(user: &CurrentUser) -> Result<(), ApplyError> {
    if may_organise(user.role) {
        Ok(())
    } else {
        Err(reject(ErrorCode::Forbidden, "只有社区工作者可以组织议事"))
    }
}

fn not_found() -> ApplyError {
    reject(ErrorCode::NotFound, "找不到这个议题")
}

async fn topic_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<TopicRecord, ApplyError> {
    db::topic(tx, id)
        .await?
        .filter(|t| t.community_id == user.community_id)
        .ok_or_else(not_found)
}

/// The caller as a member of the topic's audience; anyone else is told it does not
/// exist, as their pulls never show it.
async fn audience_member(
    tx: &mut Conn,
    user: &CurrentUser,
    t: &TopicRecord,
    person: &str,
) -> Result<Member, ApplyError> {
    db::member(tx, &user.community_id, person)
        .await?
        .filter(|m| m.in_audience(&t.audience))
        .ok_or_else(not_found)
}

/// The rules' view of a stored topic (nothing of any viewer in it).
pub fn as_topic(t: &TopicRecord) -> Topic {
    Topic {
        id: t.id.clone(),
        title: t.title.clone(),
        background: t.background.clone(),
        raised_by: t.raised_by.clone(),
        case_id: t.case_id.clone(),
        audience: t.audience.clone(),
        audience_label: String::new(),
        stages: t.stages.clone(),
        stage: t.stage,
        vote: t.vote.clone(),
        audience_size: 0,
        voted: 0,
        may_vote: false,
        my_vote: None,
        result: t.result.clone(),
        notice_id: t.notice_id.clone(),
        follow_ups: Vec::new(),
        created_at: t.created_at,
        closed_at: t.closed_at,
    }
}

pub async fn save_topic(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    organiser(user)?;
    let a = args::<SaveTopicArgs>(m)?.validated()?;
    if let Audience::Buildings { building_ids } = &a.audience
        && !communities::buildings_exist(tx, &user.community_id, building_ids).await?
    {
        return Err(invalid("audience", "所选楼栋不在本社区，请重新选择"));
    }
    if let Some(case) = &a.case_id
        && crate::reports::db::case(tx, case)
            .await?
            .is_none_or(|c| c.community_id != user.community_id)
    {
        return Err(invalid("case_id", "找不到这件说事"));
    }
    match db::topic(tx, &a.id).await? {
        None => db::insert_topic(tx, &user.community_id, &a, &user.id, ctx.now).await?,
        Some(t) if t.community_id != user.community_id => {
            return Err(conflict("这个议题的编号已经用过了，请刷新页面后重试"));
        }
        Some(t) if t.stage >= Stage::Vote || db::voted(tx, &t.id).await? > 0 => {
            return Err(conflict(
                "投票已经开始，议题不能再修改；有新情况请发布落实情况",
            ));
        }
        Some(_) => db::update_topic(tx, &a).await?,
    }
    Ok(None)
}

pub async fn advance(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    organiser(ctx.user)?;
    let a = args::<AdvanceArgs>(m)?;
    let t = topic_in_community(tx, ctx.user, &a.topic_id).await?;
    if t.stage == a.to {
        return Ok(None);
    }
    may_advance(&as_topic(&t), a.to).map_err(conflict)?;
    db::set_stage(tx, &t.id, a.to).await?;
    Ok(None)
}

/// The tally of a topic's vote as it stands.
async fn count(tx: &mut Conn, t: &TopicRecord) -> sqlx::Result<Option<TopicResult>> {
    let Some(spec) = &t.vote else {
        return Ok(None);
    };
    let audience = db::audience_size(tx, &t.community_id, &t.audience, spec.per).await?;
    let (buildings, choices) = if spec.secret {
        (
            db::voter_buildings(tx, &t.id).await?,
            db::secret_choices(tx, &t.id).await?,
        )
    } else {
        let mut ballots = Vec::new();
        for b in db::open_ballots(tx, &t.id).await? {
            ballots.push(OpenBallot {
                voter: b.voter_key,
                building: b.building,
                cast_at: b.cast_at,
                choice: serde_json::from_str(&b.choice)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            });
        }
        let standing = latest_per_voter(&ballots, as_topic(t).vote_ends_at());
        (
            standing.iter().map(|b| b.building.clone()).collect(),
            standing.iter().map(|b| b.choice.clone()).collect(),
        )
    };
    Ok(Some(tally(spec, &audience, &buildings, &choices)))
}

/// The 居务公开 notice of a closed vote.
fn result_notice(t: &TopicRecord, notice_id: &str, result: Option<&TopicResult>) -> PublishArgs {
    let mut body = format!("议题：{}\n\n{}", t.title, t.background);
    if let Some(r) = result {
        body.push_str("\n\n");
        body.push_str(&r.summary);
        let turnout: Vec<String> = r
            .by_building
            .iter()
            .map(|b| format!("{} {}/{}", b.building, b.voted, b.audience))
            .collect();
        if !turnout.is_empty() {
            body.push_str(&format!("\n\n各楼栋参与：{}。", turnout.join("，")));
        }
    }
    body.push_str("\n\n详情和后续落实情况请看“议事”里的这个议题。");
    PublishArgs {
        id: notice_id.to_owned(),
        category: Category::ResidentAffairs,
        importance: Importance::Important,
        title: format!("议事结果公示：{}", t.title),
        body,
        pinned: false,
        audience: match &t.audience {
            Audience::Buildings { building_ids } => Some(building_ids.clone()),
            _ => None,
        },
        expires_at: None,
        call_after_hours: None,
    }
}

pub async fn close(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    organiser(user)?;
    let a = args::<CloseArgs>(m)?;
    let t = topic_in_community(tx, user, &a.topic_id).await?;
    if t.closed_at.is_some() {
        return if t.notice_id.as_deref() == Some(a.notice_id.as_str()) {
            Ok(None)
        } else {
            Err(conflict("投票已经结束，结果已经公布了"))
        };
    }
    if t.vote.is_none() || t.stage != Stage::Vote {
        return Err(conflict("议题要在投票阶段才能结束投票并公布结果"));
    }
    if notices::status(tx, &a.notice_id).await?.is_some() {
        return Err(conflict("公示编号已经用过了，请刷新页面后重试"));
    }
    let result = count(tx, &t).await?;
    let notice = result_notice(&t, &a.notice_id, result.as_ref()).validated()?;
    notices::upsert(tx, &notice, &user.community_id, &user.id, ctx.now).await?;
    let next = [Stage::Result, Stage::FollowUp]
        .into_iter()
        .find(|s| t.stages.iter().any(|p| p.stage == *s))
        .unwrap_or(Stage::Vote);
    db::close_topic(tx, &t.id, result.as_ref(), &a.notice_id, next, ctx.now).await?;
    Ok(None)
}

pub async fn follow_up(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    organiser(ctx.user)?;
    let a = args::<FollowUpArgs>(m)?.validated()?;
    let t = topic_in_community(tx, ctx.user, &a.topic_id).await?;
    if db::insert_follow_up(tx, &t.id, &a.id, &a.text, &ctx.user.id, ctx.now).await? {
        db::touch_topic(tx, &t.id).await?;
    }
    Ok(None)
}

pub async fn opine(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<OpineArgs>(m)?.validated()?;
    if let Some(existing) = db::opinion(tx, &a.id).await? {
        return if existing.author_id == user.id {
            Ok(None)
        } else {
            Err(conflict("这条意见的编号已经用过了，请刷新页面后重试"))
        };
    }
    let t = topic_in_community(tx, user, &a.topic_id).await?;
    audience_member(tx, user, &t, &user.id).await?;
    if t.stage != Stage::Consult {
        return Err(conflict("征集意见已经结束了"));
    }
    db::insert_opinion(
        tx,
        &user.community_id,
        &a.id,
        &t.id,
        &user.id,
        &a.text,
        ctx.now,
    )
    .await?;
    Ok(None)
}

async fn opinion_of_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<(db::OpinionRow, TopicRecord), ApplyError> {
    let o = db::opinion(tx, id)
        .await?
        .filter(|o| o.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这条意见"))?;
    let t = topic_in_community(tx, user, &o.topic_id).await?;
    Ok((o, t))
}

pub async fn support(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SupportArgs>(m)?;
    let (o, t) = opinion_of_community(tx, user, &a.opinion_id).await?;
    audience_member(tx, user, &t, &user.id).await?;
    if o.author_id == user.id {
        return Err(conflict("不能支持自己的意见"));
    }
    if o.hidden_reason.is_some() {
        return Err(conflict("这条意见已被隐藏，不能再支持"));
    }
    if t.stage != Stage::Consult {
        return Err(conflict("征集意见已经结束了"));
    }
    db::add_support(tx, &o.id, &user.id, ctx.now).await?;
    Ok(None)
}

pub async fn reply(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    organiser(ctx.user)?;
    let a = args::<ReplyArgs>(m)?;
    let text = checked_note("text", "回复", &a.text)?;
    let (o, _) = opinion_of_community(tx, ctx.user, &a.opinion_id).await?;
    db::reply(tx, &o.id, &text, &ctx.user.id).await?;
    Ok(None)
}

pub async fn hide(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    organiser(ctx.user)?;
    let a = args::<HideArgs>(m)?;
    let reason = checked_note("reason", "隐藏的原因", &a.reason)?;
    let (o, _) = opinion_of_community(tx, ctx.user, &a.opinion_id).await?;
    db::hide(tx, &o.id, &reason, &ctx.user.id).await?;
    Ok(None)
}

/// One ballot for `voter`, cast at `at` by the device's clock.
struct Ballot<'a> {
    voter: &'a Member,
    choice: &'a [String],
    channel: VoteChannel,
    recorded_by: Option<&'a str>,
    at: Millis,
}

/// Casts a ballot. The voters' primary key keeps one per person or household, whatever
/// arrives twice or at once; an open ballot cast later replaces an earlier one.
async fn cast(tx: &mut Conn, ctx: &Ctx<'_>, t: &TopicRecord, b: Ballot<'_>) -> Applied {
    let Some(spec) = &t.vote else {
        return Err(conflict("这个议题不投票"));
    };
    accepts_vote(&as_topic(t), b.at, ctx.now).map_err(conflict)?;
    let choice = spec.checked_choice(b.choice)?;
    let key = b.voter.voter_key(spec.per).ok_or_else(|| {
        invalid(
            "address",
            "这次投票按户计，需要先登记您家的楼栋、单元和门牌号，请联系社区",
        )
    })?;
    let row = Cast {
        topic_id: &t.id,
        voter_key: &key,
        user_id: &b.voter.id,
        building_id: b.voter.building_id.as_deref(),
        channel: b.channel,
        recorded_by: b.recorded_by,
        cast_at: b.at,
    };
    if db::insert_voter(tx, &row).await? {
        let linked = (!spec.secret).then_some(key.as_str());
        db::put_choice(tx, &t.id, linked, &choice).await?;
        db::touch_topic(tx, &t.id).await?;
        return Ok(None);
    }
    let Some(before) = db::voter(tx, &t.id, &key).await? else {
        return Err(conflict("投票没有记下，请再试一次"));
    };
    if spec.secret {
        return Err(conflict(if before.user_id == b.voter.id {
            "已经投过票了。无记名投票投出后不能修改"
        } else {
            "您家已经投过票了（每户一票）。无记名投票投出后不能修改"
        }));
    }
    if replaces(before.cast_at, b.at) {
        db::update_voter(tx, &row).await?;
        db::put_choice(tx, &t.id, Some(&key), &choice).await?;
        db::touch_topic(tx, &t.id).await?;
    }
    Ok(None)
}

pub async fn vote(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<VoteArgs>(m)?;
    let t = topic_in_community(tx, user, &a.topic_id).await?;
    let me = audience_member(tx, user, &t, &user.id).await?;
    let ballot = Ballot {
        voter: &me,
        choice: &a.choice,
        channel: VoteChannel::App,
        recorded_by: None,
        at: m.created_at,
    };
    cast(tx, ctx, &t, ballot).await
}

pub async fn proxy_vote(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, Action::ActForResidents)?;
    let a = args::<ProxyVoteArgs>(m)?.validated()?;
    let t = topic_in_community(tx, user, &a.topic_id).await?;
    let resident = db::member(tx, &user.community_id, &a.resident_id)
        .await?
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这位居民"))?;
    require_in(
        user,
        Action::ActForResidents,
        Target::Building(resident.building_id.as_deref()),
    )?;
    if !resident.in_audience(&t.audience) {
        return Err(invalid("resident_id", "这位居民不在这次投票的范围内"));
    }
    let ballot = Ballot {
        voter: &resident,
        choice: &a.choice,
        channel: a.channel,
        recorded_by: Some(&user.id),
        at: m.created_at,
    };
    cast(tx, ctx, &t, ballot).await
}
