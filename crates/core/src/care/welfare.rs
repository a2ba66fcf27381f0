//! The welfare check after an urgent notice (a cold wave, a gas check): households of
//! the register with a care tag, in the notice's audience, for whose flat nobody has
//! confirmed the notice within the hours staff chose, go to the top of the call list
//! until someone there confirms it or a call or visit reaches them.

use std::collections::HashSet;

use super::today::{DueItem, today_list, tried_on};
use super::{ContactKind, Day, Household};
use crate::Millis;
use crate::account::ResidentCard;
use crate::notice::{Importance, Notice, NoticeAck};

const HOUR: Millis = 60 * 60_000;

/// How long after an urgent notice its welfare check lasts: past that, the household's
/// own rhythm takes over again.
pub const WELFARE_CHECK_DAYS: i64 = 3;

/// A household to call first, because of an urgent notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelfareCheck {
    pub household_id: String,
    pub notice_id: String,
    pub notice_title: String,
}

/// Whether `notice` asks for a welfare check at `now`: urgent, with a wait chosen, the
/// wait over, not expired and not older than [`WELFARE_CHECK_DAYS`].
fn checking(notice: &Notice, now: Millis) -> bool {
    let Some(hours) = notice.call_after_hours else {
        return false;
    };
    notice.importance == Importance::Urgent
        && !notice.is_expired(now)
        && now >= notice.published_at + i64::from(hours) * HOUR
        && now < notice.published_at + WELFARE_CHECK_DAYS * 24 * HOUR
}

/// The households of `households` to call first at `now`, each once (for the oldest
/// notice that asks), oldest notice first and, within one notice, in the order given.
/// A household counts as having confirmed when a resident living there (`residents`, by
/// their address: [`Household::is_at`]) has an acknowledgement in `acks`.
pub fn welfare_checks(
    households: &[Household],
    notices: &[Notice],
    acks: &[NoticeAck],
    residents: &[ResidentCard],
    now: Millis,
) -> Vec<WelfareCheck> {
    let mut asking: Vec<&Notice> = notices.iter().filter(|n| checking(n, now)).collect();
    asking.sort_by_key(|n| n.published_at);
    let mut listed = HashSet::new();
    let mut checks = Vec::new();
    for notice in asking {
        let confirmed: HashSet<&str> = acks
            .iter()
            .filter(|a| a.notice_id == notice.id)
            .map(|a| a.user_id.as_str())
            .collect();
        let confirmed_flats: Vec<(&str, &str, &str)> = residents
            .iter()
            .filter(|r| confirmed.contains(r.id.as_str()))
            .filter_map(|r| {
                let a = &r.address;
                Some((
                    a.building_id.as_deref()?,
                    a.unit.as_deref()?,
                    a.room.as_deref()?,
                ))
            })
            .collect();
        for h in households {
            let waiting = !h.kinds.is_empty()
                && notice.is_for(Some(&h.building_id))
                && !confirmed_flats
                    .iter()
                    .any(|&(building, unit, room)| h.is_at(building, unit, room))
                && h.contacts
                    .last_reached_at
                    .is_none_or(|at| at < notice.published_at);
            if waiting && listed.insert(h.id.as_str()) {
                checks.push(WelfareCheck {
                    household_id: h.id.clone(),
                    notice_id: notice.id.clone(),
                    notice_title: notice.title.clone(),
                });
            }
        }
    }
    checks
}

/// The call list of `today`: the households `checks` ask to call first, in their order,
/// then the calls due ([`today_list`]) of the others.
pub fn call_list(households: &[Household], today: Day, checks: &[WelfareCheck]) -> Vec<DueItem> {
    let first = checks.iter().filter_map(|c| {
        let h = households.iter().find(|h| h.id == c.household_id)?;
        Some(DueItem {
            household_id: h.id.clone(),
            kind: ContactKind::Call,
            due: today,
            overdue_days: 0,
            tried_today: tried_on(h, today),
            welfare: Some(c.notice_title.clone()),
        })
    });
    let rest = today_list(households, today, ContactKind::Call)
        .into_iter()
        .filter(|d| checks.iter().all(|c| c.household_id != d.household_id));
    first.chain(rest).collect()
}
