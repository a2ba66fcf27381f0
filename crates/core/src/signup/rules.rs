//! Whether a sign-up is taken: the opening's closing time, the session's start, who may
//! come, the building batch and the household limit. Places and the waitlist are the
//! shared roster's ([`crate::roster::Roster`]); the server applies these checks first.

use super::{Opening, Session, Who, year_of};
use crate::Millis;
use crate::error::ErrorCode;
use crate::roster::Closed;
use crate::time::china_clock;

/// Why a sign-up is refused: the code the server answers, the field it is about (the
/// app puts the words beside it), and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub field: Option<&'static str>,
    pub reason: String,
}

fn refusal(code: ErrorCode, field: &'static str, reason: impl Into<String>) -> Refusal {
    Refusal {
        code,
        field: Some(field),
        reason: reason.into(),
    }
}

/// The one signing up as the rules need them.
#[derive(Debug, Clone, Copy)]
pub struct Applicant<'a> {
    /// The building of the account's household.
    pub building_id: Option<&'a str>,
    /// The birth year of who comes, if given.
    pub born: Option<i64>,
    /// Active sign-ups of the household for this opening already.
    pub household_active: u32,
}

/// Whether `applicant` may sign up for `session` of `opening` at `at`. Whether a place
/// is free is not checked here: a full session takes them onto its waitlist.
pub fn check_sign_up(
    opening: &Opening,
    session: &Session,
    applicant: &Applicant<'_>,
    at: Millis,
) -> Result<(), Refusal> {
    if let Some(closes_at) = opening.closes_at.filter(|_| !opening.is_open(at)) {
        let (_, month, day, _, _) = china_clock(closes_at);
        return Err(refusal(
            ErrorCode::Conflict,
            "session_id",
            format!("报名已经截止了（{month}月{day}日截止）"),
        ));
    }
    if let Err(closed) = session.sitting().open_for_sign_up(at) {
        let reason = match closed {
            Closed::Cancelled => "这一场已经取消了",
            Closed::Started | Closed::Ended => "这一场已经开始或结束了，不能再报名",
        };
        return Err(refusal(ErrorCode::Conflict, "session_id", reason));
    }
    match &opening.who {
        Who::Everyone => {}
        Who::Aged { from_age } => {
            let latest = year_of(at) - from_age;
            match applicant.born {
                None => {
                    return Err(refusal(
                        ErrorCode::Validation,
                        "born",
                        format!("只限{from_age}岁以上的老人，请填写参加人的出生年份"),
                    ));
                }
                Some(born) if born > latest => {
                    return Err(refusal(
                        ErrorCode::Forbidden,
                        "born",
                        format!("只限{from_age}岁以上（{latest}年或以前出生）的老人报名"),
                    ));
                }
                Some(_) => {}
            }
        }
        Who::Building { building_id } => {
            if applicant.building_id != Some(building_id.as_str()) {
                return Err(refusal(
                    ErrorCode::Forbidden,
                    "user_id",
                    "只限本楼栋的居民报名",
                ));
            }
        }
    }
    if !session.admits_building(applicant.building_id) {
        return Err(refusal(
            ErrorCode::Forbidden,
            "session_id",
            "这一场是其他楼栋的批次，请选您家所在楼栋的那一场",
        ));
    }
    if let Some(limit) = opening
        .per_household
        .filter(|n| applicant.household_active >= *n)
    {
        return Err(refusal(
            ErrorCode::Conflict,
            "user_id",
            format!(
                "每户最多报 {limit} 人，您家已经报了 {} 人",
                applicant.household_active
            ),
        ));
    }
    Ok(())
}
