//! Who sees a request and how much of it, who may take, cancel and confirm it, and the
//! one ledger movement a confirmation makes.

use serde::{Deserialize, Serialize};

use super::{HelpRequest, HelpStatus};
use crate::access::{Action, Standing, Target};
use crate::account::Role;
use crate::error::ErrorCode;
use crate::volunteer::{LedgerReason, POOL_ACCOUNT, Skill, format_hours};

/// How much of a request a viewer receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// Everything, phones included: the requester, the volunteer who took it, and staff
    /// who act for the requester.
    Full,
    /// What a volunteer needs to decide whether to take it: no phone.
    Listed,
}

/// Someone looking at or acting on a request, as the rules need them.
#[derive(Debug, Clone, Copy)]
pub struct Looker<'a> {
    pub user_id: &'a str,
    pub role: Role,
    pub verified: bool,
    pub standing: Standing<'a>,
    /// The skills of their volunteer profile; `None`: not a volunteer.
    pub skills: Option<&'a [Skill]>,
}

impl Looker<'_> {
    /// Whether their right to `action` reaches a resident of `building`.
    fn reaches(&self, action: Action, building: Option<&str>) -> bool {
        self.role
            .reach(action)
            .covers(&self.standing, Target::Building(building))
    }

    fn is_taker(&self, r: &HelpRequest) -> bool {
        r.taker_id.as_deref() == Some(self.user_id)
    }
}

/// What `looker` sees of `r`, whose requester lives in `building`; `None`: nothing (it
/// reaches their device as a deletion). Volunteers see open requests that fit their
/// skills; once taken, only the one who took it still does.
pub fn sight_of(looker: &Looker<'_>, r: &HelpRequest, building: Option<&str>) -> Option<Sight> {
    if r.requester_id == looker.user_id
        || looker.is_taker(r)
        || looker.reaches(Action::ActForResidents, building)
    {
        Some(Sight::Full)
    } else if looker.verified
        && r.status == HelpStatus::Open
        && looker.skills.is_some_and(|s| r.kind.fits(s))
    {
        Some(Sight::Listed)
    } else {
        None
    }
}

/// Why a step on a request is refused, with the code the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub reason: String,
}

fn forbidden(reason: impl Into<String>) -> Refusal {
    Refusal {
        code: ErrorCode::Forbidden,
        reason: reason.into(),
    }
}

fn conflict(reason: impl Into<String>) -> Refusal {
    Refusal {
        code: ErrorCode::Conflict,
        reason: reason.into(),
    }
}

/// Why a request in `status` cannot be acted on any more, if it cannot.
fn closed(status: HelpStatus) -> Option<Refusal> {
    match status {
        HelpStatus::Done => Some(conflict("这次互助已经完成了")),
        HelpStatus::Cancelled => Some(conflict("这个求助已经取消了")),
        HelpStatus::Open | HelpStatus::Pending | HelpStatus::Taken => None,
    }
}

/// Whether `looker` may take `r`. The server decides among volunteers by the order their
/// takes arrive: the first finds it open, the others find it taken.
pub fn check_take(looker: &Looker<'_>, r: &HelpRequest) -> Result<(), Refusal> {
    if r.requester_id == looker.user_id {
        return Err(forbidden("不能接自己的求助"));
    }
    let Some(skills) = looker.skills.filter(|_| looker.verified) else {
        return Err(forbidden(
            "先在“我的志愿”里登记为志愿者（并经社区核实），才能接互助",
        ));
    };
    if let Some(refusal) = closed(r.status) {
        return Err(refusal);
    }
    if looker.is_taker(r) {
        return Err(conflict("您已经接了这个求助"));
    }
    if r.status != HelpStatus::Open {
        return Err(conflict("这个求助已经有别的志愿者接了，谢谢您"));
    }
    if !r.kind.fits(skills) {
        let needed: Vec<&str> = r.kind.skills().iter().map(|s| s.label()).collect();
        return Err(forbidden(format!(
            "这项互助需要会{}的志愿者",
            needed.join("或")
        )));
    }
    Ok(())
}

/// Who cancels: the requester's side (the requester, or staff for them), or the
/// volunteer who took it and cannot come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelSide {
    Requester,
    Taker,
}

/// What cancelling `r` from `side` leaves it as: the requester's side calls it off; a
/// volunteer hands it back to the others, open again.
pub fn cancel_outcome(
    looker: &Looker<'_>,
    r: &HelpRequest,
    building: Option<&str>,
    side: CancelSide,
) -> Result<HelpStatus, Refusal> {
    match side {
        CancelSide::Requester => {
            if r.requester_id != looker.user_id
                && !looker.reaches(Action::ActForResidents, building)
            {
                return Err(forbidden("只有求助的居民本人或社区工作人员可以取消"));
            }
        }
        CancelSide::Taker => {
            if !looker.is_taker(r) {
                return Err(forbidden("只有接了这个求助的志愿者可以退回"));
            }
        }
    }
    if let Some(refusal) = closed(r.status) {
        return Err(refusal);
    }
    Ok(match side {
        CancelSide::Requester => HelpStatus::Cancelled,
        CancelSide::Taker => HelpStatus::Open,
    })
}

/// Whether `looker` may confirm `r` as given, paid by the requester or, when
/// `from_pool`, by the community's 互助池 (staff who may correct balances only).
pub fn check_confirm(
    looker: &Looker<'_>,
    r: &HelpRequest,
    building: Option<&str>,
    from_pool: bool,
) -> Result<(), Refusal> {
    let staff = looker.reaches(Action::ConfirmHours, building);
    if r.requester_id != looker.user_id && !staff {
        return Err(forbidden("只有求助的居民本人或社区工作者可以确认"));
    }
    if from_pool && !looker.reaches(Action::AdjustHours, building) {
        return Err(forbidden("只有社区工作者可以从社区互助池支付"));
    }
    if looker.is_taker(r) {
        return Err(forbidden("不能确认自己提供的互助"));
    }
    if let Some(refusal) = closed(r.status) {
        return Err(refusal);
    }
    if r.status != HelpStatus::Taken || r.taker_id.is_none() {
        return Err(conflict("还没有志愿者接单，不能确认"));
    }
    Ok(())
}

/// Whether a balance of `balance` minutes may pay `minutes` without going below `floor`.
pub fn check_within(balance: i64, minutes: i64, floor: i64) -> Result<(), String> {
    if balance - minutes < floor {
        Err(format!(
            "时间银行余额不够：现在是 {}，最低可到 {}。可以少记一些时长，或请社区工作者从社区互助池支付",
            format_hours(balance),
            format_hours(floor)
        ))
    } else {
        Ok(())
    }
}

/// A time-bank account: a person's, or the community's 互助池.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    Person(String),
    Pool,
}

impl Account {
    /// The account as [`crate::volunteer::LedgerEntry::user_id`] names it.
    pub fn ledger_id(&self) -> &str {
        match self {
            Account::Person(id) => id,
            Account::Pool => POOL_ACCOUNT,
        }
    }
}

/// One side of a movement: an entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The entry's id, from the request's: a request moves hours once.
    pub entry_id: String,
    pub account: Account,
    pub minutes: i64,
    pub reason: LedgerReason,
}

/// The movement confirming `r` at `minutes` makes: from the requester (or the pool) to
/// the volunteer. Double entry: the two postings sum to zero. `None` when nobody took it.
pub fn movement(r: &HelpRequest, minutes: i64, from_pool: bool) -> Option<[Posting; 2]> {
    let taker = r.taker_id.clone()?;
    let payer = if from_pool {
        Account::Pool
    } else {
        Account::Person(r.requester_id.clone())
    };
    Some([
        Posting {
            entry_id: format!("{}:received", r.id),
            account: payer,
            minutes: -minutes,
            reason: LedgerReason::HelpReceived,
        },
        Posting {
            entry_id: format!("{}:given", r.id),
            account: Account::Person(taker),
            minutes,
            reason: LedgerReason::HelpGiven,
        },
    ])
}
