//! How the server treats a case: who handles it, how a rating or a reopening changes
//! it, and how it is named and told in timelines and messages.

use linli_core::Millis;
use linli_core::access::{Action, Target};
use linli_core::account::Role;
use linli_core::report::{
    Actor, Assignee, Category, Channel, EventKind, Rating, Report, Step, WorkflowError, advance,
};

use crate::auth::CurrentUser;

/// How many characters of the description name a case in messages.
const TITLE_CHARS: usize = 16;

/// Whether a person handles a case: community workers and admins every case of their
/// community; a 网格员 the cases in the buildings of their grid and those given to them;
/// 物业 the cases given to the property company.
pub(super) fn handles(user: &CurrentUser, r: &Report) -> bool {
    let given = match &r.assignee {
        Some(Assignee::GridWorker { user_id, .. }) => *user_id == user.id,
        Some(Assignee::Property) => user.role == Role::Property,
        None => false,
    };
    user.reaches(
        Action::HandleCases,
        Target::Building(r.building_id.as_deref()),
    ) || (given && user.reaches(Action::HandleCases, Target::Assigned))
}

/// "设施维修 · 3栋楼道灯不亮": how messages name a case.
pub(super) fn case_title(r: &Report) -> String {
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
pub(super) fn apply_rating(
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
pub(super) fn apply_reopen(
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
pub(super) fn rating_note(rating: &Rating) -> String {
    if rating.comment.is_empty() {
        format!("{} 颗星", rating.stars)
    } else {
        format!("{} 颗星：{}", rating.stars, rating.comment)
    }
}

/// The timeline note of a new case: how it reached the community.
pub(super) fn submitted_note(channel: Channel) -> String {
    match channel {
        Channel::App => "居民通过手机提交".to_owned(),
        other => format!("工作人员代为登记（{}）", other.label()),
    }
}

/// What a person following a case is told when staff act on it.
pub(super) fn news(kind: EventKind, r: &Report, note: &str, reporter: bool) -> String {
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
