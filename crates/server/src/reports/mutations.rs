//! 居民说事 through sync: residents file cases and say "我也遇到"; staff move
//! cases on, always with a note the resident reads; the reporter rates the
//! result or says it is not fixed. The rules (states, stamps, the reopen window)
//! are the core's; this module checks who may act, stores what they did and tells
//! the people who follow the case.

use linli_core::Millis;
use linli_core::access;
use linli_core::access::Target;
use linli_core::account::Role;
use linli_core::admin::AuditAction;
use linli_core::error::ErrorCode;
use linli_core::inbox::MessageKind;
use linli_core::report::{
    ActArgs, Action, Actor, Assignee, CaseState, Category, Channel, Event, EventKind, Raiser,
    RateArgs, Rating, ReopenArgs, Report, SubmitArgs, SupportArgs, WorkflowError, property_may,
};
use linli_core::sync::Mutation;
use serde_json::json;

use super::case::{
    apply_rating, apply_reopen, case_title, handles, news, rating_note, submitted_note,
};
use super::db::{self, Case};
use crate::auth::{CurrentUser, require, require_in};
use crate::db::audit::Target as Audited;
use crate::db::people::Person;
use crate::db::{Conn, blobs, communities};
use crate::inbox::{About, notify};
use crate::sync::apply::{Applied, ApplyError, Ctx, args, conflict, invalid, neighbour, reject};

fn workflow_error(err: WorkflowError) -> ApplyError {
    let code = match err {
        WorkflowError::StaffOnly | WorkflowError::ReporterOnly => ErrorCode::Forbidden,
        _ => ErrorCode::Conflict,
    };
    reject(code, err.message())
}

/// How the rules see someone who is not handling the case.
fn actor(r: &Report, user_id: &str) -> Actor {
    if r.reporter_id.as_deref() == Some(user_id) {
        Actor::Reporter
    } else {
        Actor::Neighbour
    }
}

async fn case_in_community(
    tx: &mut Conn,
    user: &CurrentUser,
    id: &str,
) -> Result<Case, ApplyError> {
    db::case(tx, id)
        .await?
        .filter(|c| c.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这件事"))
}

/// The case a duplicate is linked to: of the community, and still being followed
/// (a closed one would leave the duplicate's reporter with nobody working on it).
async fn original_case(tx: &mut Conn, user: &CurrentUser, id: &str) -> Result<Case, ApplyError> {
    let original = db::case(tx, id)
        .await?
        .filter(|c| c.community_id == user.community_id)
        .ok_or_else(|| invalid("of", "找不到要合并到的那件事"))?;
    match original.report.state {
        CaseState::Duplicate => Err(invalid(
            "of",
            "那件事本身也合并到了别处，请选最早反映的那一件",
        )),
        state if !state.is_open() => Err(invalid(
            "of",
            "那件事已经办结或关闭了，不能合并过去，请直接处理这一件",
        )),
        _ => Ok(original),
    }
}

/// Stores a changed case with a new entry on its timeline.
async fn record(
    tx: &mut Conn,
    r: &Report,
    by: &Person,
    kind: EventKind,
    note: String,
    at: Millis,
) -> sqlx::Result<()> {
    db::save_case(tx, r).await?;
    let event = Event {
        at,
        kind,
        note,
        by_name: by.display_name.clone(),
    };
    db::insert_event(tx, &r.id, Some(&by.id), &event).await
}

/// The accounts following a case: its reporter (`true`) and its supporters.
async fn followers(tx: &mut Conn, r: &Report) -> sqlx::Result<Vec<(String, bool)>> {
    let mut people: Vec<(String, bool)> =
        r.reporter_id.iter().map(|id| (id.clone(), true)).collect();
    for id in db::supporters(tx, &r.id).await? {
        if !people.iter().any(|(p, _)| *p == id) {
            people.push((id, false));
        }
    }
    Ok(people)
}

/// Whoever follows a duplicate follows its original from now on (as a
/// supporter), so the original's updates reach them.
async fn follow_original(
    tx: &mut Conn,
    duplicate: &Report,
    original: &Report,
    at: Millis,
) -> sqlx::Result<()> {
    let mut added = false;
    for (id, _) in followers(tx, duplicate).await? {
        if original.reporter_id.as_deref() != Some(id.as_str()) {
            added |= db::add_supporter(tx, &original.id, &id, at).await?;
        }
    }
    if added {
        // A new count for devices.
        db::save_case(tx, original).await?;
    }
    Ok(())
}

pub async fn submit(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SubmitArgs>(m)?.validated()?;
    if let Some(existing) = db::case(tx, &a.id).await? {
        // The same draft sent again files nothing more.
        return if existing.community_id == user.community_id
            && existing.submitter() == Some(user.id.as_str())
        {
            Ok(None)
        } else {
            Err(conflict("这件事的编号已经用过了，请刷新页面后重新提交"))
        };
    }
    let me = neighbour(tx, user, &user.id).await?;
    let (reporter_id, reporter_name, channel, filed_by) = match &a.on_behalf {
        None => (
            Some(user.id.clone()),
            me.display_name.clone(),
            Channel::App,
            None,
        ),
        Some(behalf) => {
            // A 楼栋长 files for neighbours of their building, a 网格员 within their grid.
            let action = access::Action::FileCasesForResidents;
            require_in(user, action, Target::Building(a.building_id.as_deref()))?;
            let resident = match &behalf.resident_id {
                Some(id) => {
                    let resident = neighbour(tx, user, id).await?;
                    require_in(
                        user,
                        action,
                        Target::Building(resident.building_id.as_deref()),
                    )?;
                    Some(resident.id)
                }
                None => None,
            };
            (
                resident,
                behalf.name.clone(),
                behalf.channel,
                Some(user.id.as_str()),
            )
        }
    };
    let category = db::category(tx, &user.community_id, &a.category_id)
        .await?
        .ok_or_else(|| invalid("category_id", "没有这一类，请重新选择"))?;
    if let Some(building) = &a.building_id
        && !communities::buildings_exist(tx, &user.community_id, std::slice::from_ref(building))
            .await?
    {
        return Err(invalid("building_id", "找不到这栋楼"));
    }
    // Validated as UUIDs; stored as blob ids are, once each.
    let mut photos: Vec<String> = Vec::new();
    for id in a
        .photos
        .iter()
        .filter_map(|p| uuid::Uuid::parse_str(p).ok())
    {
        let id = id.to_string();
        if !photos.contains(&id) {
            photos.push(id);
        }
    }
    // The device uploads every photo before it sends the case, so one missing
    // here was refused (too large, not a photo) or is someone else's.
    if !blobs::claim(tx, &user.community_id, &user.id, &photos, ctx.now).await? {
        return Err(invalid(
            "photos",
            "有照片没有传上来（可能太大或不是照片），请删掉那张照片后重新提交",
        ));
    }
    let now = ctx.now;
    let raiser = Raiser {
        reporter_id,
        reporter_name,
        channel,
        filed_by_name: None,
    };
    let report = Report::filed(SubmitArgs { photos, ..a }, &category, raiser, now);
    db::insert_case(tx, &user.community_id, filed_by, &report).await?;
    let event = Event {
        at: now,
        kind: EventKind::Submitted,
        note: submitted_note(channel),
        by_name: me.display_name,
    };
    db::insert_event(tx, &report.id, Some(&user.id), &event).await?;
    Ok(None)
}

pub async fn support(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<SupportArgs>(m)?;
    if !user.verified {
        return Err(reject(
            ErrorCode::Forbidden,
            "您的账号还在等待社区核实，核实后才能附议邻居反映的事",
        ));
    }
    let case = case_in_community(tx, user, &a.report_id).await?;
    let r = &case.report;
    if r.reporter_id.as_deref() == Some(user.id.as_str()) {
        return Err(conflict("这是您自己反映的事，社区会直接告诉您进展"));
    }
    match r.state {
        CaseState::Duplicate => {
            return Err(conflict(
                "这件事已经和另一件同样的事合并跟进了，请到那一件上点“我也遇到”",
            ));
        }
        state if !state.is_open() => {
            return Err(conflict("这件事已经办结了，如果问题还在，请重新说一说"));
        }
        _ => {}
    }
    if db::add_supporter(tx, &r.id, &user.id, ctx.now).await? {
        // A new count for devices.
        db::save_case(tx, r).await?;
    }
    Ok(None)
}

pub async fn act(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, access::Action::HandleCases)?;
    let a = args::<ActArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    if !handles(user, &case.report) {
        let reason = match user.role {
            Role::Property => "这件事没有交给物业",
            _ => "这件事不在您负责的网格",
        };
        return Err(reject(ErrorCode::Forbidden, reason));
    }
    if user.role == Role::Property && !property_may(a.action.step()) {
        return Err(reject(
            ErrorCode::Forbidden,
            "物业可以受理、处理、回复和办结交给物业的事；转交、合并和关闭请社区办理",
        ));
    }
    let action = match a.action {
        // The worker's name is the database's, not the device's.
        Action::Assign {
            to: Assignee::GridWorker { user_id, .. },
        } => {
            let name = db::grid_worker_name(tx, &user.community_id, &user_id)
                .await?
                .ok_or_else(|| invalid("to", "找不到这位网格员，请重新选择"))?;
            Action::Assign {
                to: Assignee::GridWorker { user_id, name },
            }
        }
        other => other,
    };
    let original = match &action {
        Action::MarkDuplicate { of } => Some(original_case(tx, user, of).await?),
        _ => None,
    };
    let me = neighbour(tx, user, &user.id).await?;
    let now = ctx.now;
    let r = &mut case.report;
    let kind = r.act(&action, now).map_err(workflow_error)?;
    record(tx, r, &me, kind, a.note.clone(), now).await?;
    if let Some(original) = original {
        follow_original(tx, r, &original.report, now).await?;
    }
    for (id, reporter) in &followers(tx, r).await? {
        if *id != user.id {
            let text = news(kind, r, &a.note, *reporter);
            tell(tx, now, &case.community_id, id, &r.id, text).await?;
        }
    }
    let given_to = match &action {
        Action::Assign { to } => assignees(tx, &case.community_id, to).await?,
        _ => Vec::new(),
    };
    for id in given_to.iter().filter(|id| **id != user.id) {
        let text = format!("社区把「{}」交给您处理：{}", case_title(r), a.note);
        tell(tx, now, &case.community_id, id, &r.id, text).await?;
    }
    Ok(None)
}

/// Tells someone, through their inbox, what happened to a case, at `now`.
async fn tell(
    tx: &mut Conn,
    now: Millis,
    community_id: &str,
    user_id: &str,
    report_id: &str,
    text: String,
) -> sqlx::Result<()> {
    notify(
        tx,
        now,
        community_id,
        user_id,
        MessageKind::CaseUpdated,
        text,
        About::Report(report_id),
    )
    .await
}

pub async fn rate(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<RateArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    let me = neighbour(tx, user, &user.id).await?;
    let now = ctx.now;
    let rating = Rating {
        stars: a.stars,
        comment: a.comment,
    };
    let note = rating_note(&rating);
    let r = &mut case.report;
    apply_rating(r, actor(r, &user.id), rating, now).map_err(workflow_error)?;
    record(tx, r, &me, EventKind::Rated, note, now).await?;
    Ok(None)
}

pub async fn reopen(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    let a = args::<ReopenArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    let category = db::category(tx, &case.community_id, &case.report.category_id)
        .await?
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这件事的类别"))?;
    let me = neighbour(tx, user, &user.id).await?;
    let now = ctx.now;
    let r = &mut case.report;
    apply_reopen(r, actor(r, &user.id), &category, now).map_err(workflow_error)?;
    record(tx, r, &me, EventKind::Reopened, a.reason.clone(), now).await?;
    if let Some(to) = &r.assignee {
        for id in assignees(tx, &case.community_id, to).await? {
            let text = format!("居民反映「{}」还没解决：{}", case_title(r), a.reason);
            tell(tx, now, &case.community_id, &id, &r.id, text).await?;
        }
    }
    Ok(None)
}

/// The accounts a case given to `to` reaches: the 网格员, or every 物业 account.
async fn assignees(tx: &mut Conn, community_id: &str, to: &Assignee) -> sqlx::Result<Vec<String>> {
    match to {
        Assignee::GridWorker { user_id, .. } => Ok(vec![user_id.clone()]),
        Assignee::Property => db::property_accounts(tx, community_id).await,
    }
}

pub async fn save_category(tx: &mut Conn, ctx: &Ctx<'_>, m: &Mutation) -> Applied {
    let user = ctx.user;
    require(user, access::Action::ManageCategories)?;
    let category = args::<Category>(m)?.validated()?;
    let before = db::category(tx, &user.community_id, &category.id).await?;
    db::upsert_category(tx, &user.community_id, &category).await?;
    let target = Audited {
        id: &category.id,
        label: &category.name,
    };
    let shown = |c: &Category| {
        json!({"name": c.name, "respond_hours": c.respond_hours, "resolve_hours": c.resolve_hours,
               "position": c.position, "retired": c.retired})
    };
    user.audit(ctx.now)
        .record(
            tx,
            AuditAction::CategorySave,
            target,
            before.as_ref().map(shown),
            Some(shown(&category)),
        )
        .await?;
    Ok(None)
}
