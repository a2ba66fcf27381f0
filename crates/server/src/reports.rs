//! 居民说事 through sync: residents file cases and say "我也遇到"; staff move
//! cases on, always with a note the resident reads; the reporter rates the
//! result or says it is not fixed. The rules (states, stamps, the reopen window)
//! are the core's; this module checks who may act, stores what they did, tells
//! the people who follow the case, and shows each viewer what they may see.

use std::collections::{HashMap, HashSet};

use linli_core::Millis;
use linli_core::account::Role;
use linli_core::error::ErrorCode;
use linli_core::inbox::MessageKind;
use linli_core::report::{
    ActArgs, Action, Actor, Assignee, CATEGORIES, CaseState, Category, Channel, Event, EventKind,
    REPORTS, Raiser, RateArgs, Rating, ReopenArgs, Report, Step, SubmitArgs, SupportArgs,
    WorkflowError, advance,
};
use linli_core::sync::{Change, Mutation};
use sqlx::SqliteConnection;

use crate::auth::CurrentUser;
use crate::db::reports::{Case, EventRecord};
use crate::db::volunteer::Person;
use crate::db::{self, now_ms};
use crate::inbox::{About, notify};
use crate::sync::{
    Applied, ApplyError, Viewer, Window, args, changes, conflict, invalid, neighbour, reject,
    require_staff, window,
};

/// How the reporter of an anonymous case is shown to everyone else.
const ANONYMOUS: &str = "匿名居民";

/// How many characters of the description name a case in messages.
const TITLE_CHARS: usize = 16;

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

/// Whether a person handles a case: community workers and admins every case of
/// their community; a grid worker the cases in the buildings they cover and
/// those given to them.
fn handles(user: &CurrentUser, areas: &[String], r: &Report) -> bool {
    match user.role {
        Role::CommunityWorker | Role::Admin => true,
        Role::GridWorker => {
            r.building_id.as_ref().is_some_and(|b| areas.contains(b))
                || matches!(&r.assignee, Some(Assignee::GridWorker { user_id, .. }) if *user_id == user.id)
        }
        Role::Resident => false,
    }
}

/// "设施维修 · 3栋楼道灯不亮": how messages name a case.
fn case_title(r: &Report) -> String {
    let words: String = r
        .description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut title: String = words.chars().take(TITLE_CHARS).collect();
    if words.chars().count() > TITLE_CHARS {
        title.push('…');
    }
    format!("{} · {title}", r.category_name)
}

/// The reporter's 满意度 for the result.
pub(crate) fn apply_rating(
    r: &mut Report,
    actor: Actor,
    rating: Rating,
    at: Millis,
) -> Result<(), WorkflowError> {
    advance(
        r.state,
        r.resolved_at,
        r.rating.is_some(),
        Step::Rate,
        actor,
        at,
    )?;
    r.rating = Some(rating);
    Ok(())
}

/// "还没解决": the case is worked on again, with a new promise from its category.
fn apply_reopen(
    r: &mut Report,
    actor: Actor,
    category: &Category,
    at: Millis,
) -> Result<(), WorkflowError> {
    r.state = advance(
        r.state,
        r.resolved_at,
        r.rating.is_some(),
        Step::Reopen,
        actor,
        at,
    )?;
    r.closed_at = None;
    // The rating was of the result the resident now disputes (the timeline keeps
    // it); the next result is rated afresh.
    r.rating = None;
    r.resolve_by = category.resolve_by(at);
    Ok(())
}

/// The timeline note of a rating: "4 颗星：好多了".
pub(crate) fn rating_note(rating: &Rating) -> String {
    if rating.comment.is_empty() {
        format!("{} 颗星", rating.stars)
    } else {
        format!("{} 颗星：{}", rating.stars, rating.comment)
    }
}

/// The timeline note of a new case: how it reached the community.
pub(crate) fn submitted_note(channel: Channel) -> String {
    match channel {
        Channel::App => "居民通过手机提交".to_owned(),
        other => format!("工作人员代为登记（{}）", other.label()),
    }
}

/// What a person following a case is told when staff act on it.
fn news(kind: EventKind, r: &Report, note: &str, reporter: bool) -> String {
    let whose = if reporter {
        "您反映的"
    } else {
        "您也遇到的"
    };
    let title = case_title(r);
    match kind {
        EventKind::Accepted => format!("{whose}「{title}」已受理：{note}"),
        EventKind::Started => format!("{whose}「{title}」正在处理：{note}"),
        EventKind::Resolved if reporter => format!(
            "{whose}「{title}」已办结：{note}（如果还没解决，7 天内可以在这件事里点“还没解决”）"
        ),
        EventKind::Resolved => format!("{whose}「{title}」已办结：{note}"),
        EventKind::ClosedUnresolved => {
            format!("{whose}「{title}」没能解决，已关闭。原因：{note}")
        }
        EventKind::MarkedDuplicate => {
            format!("{whose}「{title}」和另一件同样的事合并跟进，之后的进展会一并告诉您：{note}")
        }
        EventKind::Assigned => {
            let to = r.assignee.as_ref().map(Assignee::label).unwrap_or_default();
            format!("{whose}「{title}」已交给{to}处理：{note}")
        }
        _ => format!("{whose}「{title}」有新回复：{note}"),
    }
}

async fn case_in_community(
    tx: &mut SqliteConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<Case, ApplyError> {
    db::reports::case(tx, id)
        .await?
        .filter(|c| c.community_id == user.community_id)
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这件事"))
}

/// The case a duplicate is linked to: of the community, and still being followed
/// (a closed one would leave the duplicate's reporter with nobody working on it).
async fn original_case(
    tx: &mut SqliteConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<Case, ApplyError> {
    let original = db::reports::case(tx, id)
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
    tx: &mut SqliteConnection,
    r: &Report,
    by: &Person,
    kind: EventKind,
    note: String,
    at: Millis,
) -> sqlx::Result<()> {
    db::reports::save_case(tx, r).await?;
    let event = Event {
        at,
        kind,
        note,
        by_name: by.display_name.clone(),
    };
    db::reports::insert_event(tx, &r.id, Some(&by.id), &event).await
}

/// The accounts following a case: its reporter (`true`) and its supporters.
async fn followers(tx: &mut SqliteConnection, r: &Report) -> sqlx::Result<Vec<(String, bool)>> {
    let mut people: Vec<(String, bool)> =
        r.reporter_id.iter().map(|id| (id.clone(), true)).collect();
    for id in db::reports::supporters(tx, &r.id).await? {
        if !people.iter().any(|(p, _)| *p == id) {
            people.push((id, false));
        }
    }
    Ok(people)
}

/// Whoever follows a duplicate follows its original from now on (as a
/// supporter), so the original's updates reach them.
pub(crate) async fn follow_original(
    tx: &mut SqliteConnection,
    duplicate: &Report,
    original: &Report,
    at: Millis,
) -> sqlx::Result<()> {
    let mut added = false;
    for (id, _) in followers(tx, duplicate).await? {
        if original.reporter_id.as_deref() != Some(id.as_str()) {
            added |= db::reports::add_supporter(tx, &original.id, &id, at).await?;
        }
    }
    if added {
        // A new count for devices.
        db::reports::save_case(tx, original).await?;
    }
    Ok(())
}

pub async fn submit(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    let a = args::<SubmitArgs>(m)?.validated()?;
    if let Some(existing) = db::reports::case(tx, &a.id).await? {
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
            require_staff(user, "代居民登记说事")?;
            let resident = match &behalf.resident_id {
                Some(id) => Some(neighbour(tx, user, id).await?.id),
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
    let category = db::reports::category(tx, &user.community_id, &a.category_id)
        .await?
        .ok_or_else(|| invalid("category_id", "没有这一类，请重新选择"))?;
    if let Some(building) = &a.building_id
        && !db::notices::buildings_exist(tx, &user.community_id, std::slice::from_ref(building))
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
    if !db::blobs::all_owned(tx, &user.community_id, &user.id, &photos).await? {
        return Err(invalid(
            "photos",
            "有照片没有传上来（可能太大或不是照片），请删掉那张照片后重新提交",
        ));
    }
    let now = now_ms();
    let raiser = Raiser {
        reporter_id,
        reporter_name,
        channel,
        filed_by_name: None,
    };
    let report = Report::filed(SubmitArgs { photos, ..a }, &category, raiser, now);
    db::reports::insert_case(tx, &user.community_id, filed_by, &report).await?;
    let event = Event {
        at: now,
        kind: EventKind::Submitted,
        note: submitted_note(channel),
        by_name: me.display_name,
    };
    db::reports::insert_event(tx, &report.id, Some(&user.id), &event).await?;
    Ok(None)
}

pub async fn support(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    let a = args::<SupportArgs>(m)?;
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
    if db::reports::add_supporter(tx, &r.id, &user.id, now_ms()).await? {
        // A new count for devices.
        db::reports::save_case(tx, r).await?;
    }
    Ok(None)
}

pub async fn act(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    require_staff(user, "处理居民说的事")?;
    let a = args::<ActArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    let areas = db::reports::grid_areas(tx, &user.id).await?;
    if !handles(user, &areas, &case.report) {
        return Err(reject(ErrorCode::Forbidden, "这件事不在您负责的网格"));
    }
    let action = match a.action {
        // The worker's name is the database's, not the device's.
        Action::Assign {
            to: Assignee::GridWorker { user_id, .. },
        } => {
            let name = db::reports::grid_worker_name(tx, &user.community_id, &user_id)
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
    let now = now_ms();
    let r = &mut case.report;
    let kind = r.act(&action, now).map_err(workflow_error)?;
    record(tx, r, &me, kind, a.note.clone(), now).await?;
    if let Some(original) = original {
        follow_original(tx, r, &original.report, now).await?;
    }
    for (id, reporter) in &followers(tx, r).await? {
        if *id != user.id {
            let text = news(kind, r, &a.note, *reporter);
            tell(tx, &case.community_id, id, &r.id, text).await?;
        }
    }
    if let Action::Assign {
        to: Assignee::GridWorker { user_id, .. },
    } = &action
        && *user_id != user.id
    {
        let text = format!("社区把「{}」交给您处理：{}", case_title(r), a.note);
        tell(tx, &case.community_id, user_id, &r.id, text).await?;
    }
    Ok(None)
}

/// Tells someone, through their inbox, what happened to a case.
async fn tell(
    tx: &mut SqliteConnection,
    community_id: &str,
    user_id: &str,
    report_id: &str,
    text: String,
) -> sqlx::Result<()> {
    notify(
        tx,
        community_id,
        user_id,
        MessageKind::CaseUpdated,
        text,
        About::Report(report_id),
    )
    .await
}

pub async fn rate(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    let a = args::<RateArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    let me = neighbour(tx, user, &user.id).await?;
    let now = now_ms();
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

pub async fn reopen(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    let a = args::<ReopenArgs>(m)?.validated()?;
    let mut case = case_in_community(tx, user, &a.report_id).await?;
    let category = db::reports::category(tx, &case.community_id, &case.report.category_id)
        .await?
        .ok_or_else(|| reject(ErrorCode::NotFound, "找不到这件事的类别"))?;
    let me = neighbour(tx, user, &user.id).await?;
    let now = now_ms();
    let r = &mut case.report;
    apply_reopen(r, actor(r, &user.id), &category, now).map_err(workflow_error)?;
    record(tx, r, &me, EventKind::Reopened, a.reason.clone(), now).await?;
    if let Some(Assignee::GridWorker { user_id, .. }) = &r.assignee {
        let text = format!("居民反映「{}」还没解决：{}", case_title(r), a.reason);
        tell(tx, &case.community_id, user_id, &r.id, text).await?;
    }
    Ok(None)
}

pub async fn save_category(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    if user.role < Role::CommunityWorker {
        return Err(reject(
            ErrorCode::Forbidden,
            "只有社区工作者可以修改说事的类别和时限",
        ));
    }
    let category = args::<Category>(m)?.validated()?;
    db::reports::upsert_category(tx, &user.community_id, &category).await?;
    Ok(None)
}

/// A case as `user` may see it: who reported an anonymous case, contacts, the
/// room and the location only for the reporter and the staff handling it.
fn for_viewer(
    mut r: Report,
    user: &CurrentUser,
    areas: &[String],
    timeline: Vec<EventRecord>,
    me_too: bool,
) -> Report {
    r.handles = handles(user, areas, &r);
    r.mine = r.reporter_id.as_deref() == Some(user.id.as_str());
    r.me_too = me_too;
    let sees_reporter = r.handles || r.mine;
    let hide_name = r.anonymous && !sees_reporter;
    if hide_name {
        r.reporter_name = ANONYMOUS.to_owned();
    }
    r.timeline = timeline
        .into_iter()
        .map(|e| {
            let mut event = e.event;
            if hide_name && e.by_user_id.is_some() && e.by_user_id == r.reporter_id {
                event.by_name = ANONYMOUS.to_owned();
            }
            event
        })
        .collect();
    if !sees_reporter {
        r.reporter_id = None;
        r.contact_phone = None;
        r.room = None;
        r.geo = None;
    }
    r
}

/// Categories are public within their community, visitors included.
pub async fn changed_categories(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let rows = db::reports::changed_categories(tx, viewer.community_id, window(w)).await?;
    Ok(changes(CATEGORIES, rows, |c| c.id.clone()))
}

/// Every case of the community reaches its logged-in people (the board, 说事墙),
/// each as the viewer may see it, with its timeline.
pub async fn changed_reports(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let cases = db::reports::changed(tx, viewer.community_id, window(w)).await?;
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = cases.iter().map(|c| c.report.id.as_str()).collect();
    let mut timelines: HashMap<String, Vec<EventRecord>> = HashMap::new();
    for e in db::reports::events(tx, &ids).await? {
        timelines.entry(e.report_id.clone()).or_default().push(e);
    }
    let supported: HashSet<String> = db::reports::supported_by(tx, &user.id)
        .await?
        .into_iter()
        .collect();
    let areas = db::reports::grid_areas(tx, &user.id).await?;
    let rows = cases
        .into_iter()
        .map(|c| {
            let timeline = timelines.remove(&c.report.id).unwrap_or_default();
            let me_too = supported.contains(&c.report.id);
            (
                c.version,
                for_viewer(c.report, user, &areas, timeline, me_too),
            )
        })
        .collect();
    Ok(changes(REPORTS, rows, |r| r.id.clone()))
}
