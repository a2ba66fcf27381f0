//! The case state machine: who may do what to a case in which state, the
//! reopen window, and when a case is overdue.

use super::{Action, CaseState, EventKind, REOPEN_WINDOW_MS, Report};
use crate::Millis;

/// Who is acting on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Staff who handle the case (a community worker, or the grid worker of its area).
    Staff,
    /// The resident who reported it.
    Reporter,
    /// Anyone else.
    Neighbour,
}

/// Everything that can happen to a case after it is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Accept,
    Start,
    Resolve,
    CloseUnresolved,
    MarkDuplicate,
    Assign,
    Reply,
    Reopen,
    Rate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowError {
    StaffOnly,
    ReporterOnly,
    Closed(CaseState),
    AlreadyAccepted,
    AlreadyInProgress,
    NotClosed,
    ReopenExpired,
    AlreadyRated,
}

impl WorkflowError {
    pub fn message(self) -> String {
        match self {
            WorkflowError::StaffOnly => "只有负责的社区工作人员可以处理这件事".to_owned(),
            WorkflowError::ReporterOnly => "只有反映这件事的居民可以这样做".to_owned(),
            WorkflowError::Closed(state) => {
                format!("这件事已经是“{}”，不能再改了", state.label())
            }
            WorkflowError::AlreadyAccepted => "这件事已经受理了".to_owned(),
            WorkflowError::AlreadyInProgress => "这件事已经在处理中了".to_owned(),
            WorkflowError::NotClosed => "这件事还没有办结".to_owned(),
            WorkflowError::ReopenExpired => {
                "办结已超过 7 天，不能再反映没解决，请重新说事".to_owned()
            }
            WorkflowError::AlreadyRated => "您已经评价过了".to_owned(),
        }
    }
}

/// The steps 物业 takes on a case given to it: accept it, work on it, tell the resident
/// and report the result. Passing it on, merging it or closing it unresolved stay with
/// the community.
pub fn property_may(step: Step) -> bool {
    matches!(
        step,
        Step::Accept | Step::Start | Step::Reply | Step::Resolve
    )
}

/// The state a case is in after `step`, or why it cannot happen.
/// `resolved_at` is when it was last 已办结; `rated` whether the reporter rated it.
pub fn advance(
    state: CaseState,
    resolved_at: Option<Millis>,
    rated: bool,
    step: Step,
    actor: Actor,
    now: Millis,
) -> Result<CaseState, WorkflowError> {
    use CaseState::*;
    match step {
        Step::Reopen | Step::Rate if actor != Actor::Reporter => {
            return Err(WorkflowError::ReporterOnly);
        }
        Step::Reopen | Step::Rate => {}
        _ if actor != Actor::Staff => return Err(WorkflowError::StaffOnly),
        _ => {}
    }
    let open = state.is_open();
    match step {
        Step::Reply => Ok(state),
        _ if !open && !matches!(step, Step::Reopen | Step::Rate) => {
            Err(WorkflowError::Closed(state))
        }
        Step::Accept if state == Submitted => Ok(Accepted),
        Step::Accept => Err(WorkflowError::AlreadyAccepted),
        Step::Start if state == InProgress => Err(WorkflowError::AlreadyInProgress),
        Step::Start => Ok(InProgress),
        Step::Resolve => Ok(Resolved),
        Step::CloseUnresolved => Ok(ClosedUnresolved),
        Step::MarkDuplicate => Ok(Duplicate),
        Step::Assign => Ok(state),
        Step::Reopen => match (state, resolved_at) {
            (Resolved, Some(at)) if now - at <= REOPEN_WINDOW_MS => Ok(InProgress),
            (Resolved, _) => Err(WorkflowError::ReopenExpired),
            _ => Err(WorkflowError::NotClosed),
        },
        Step::Rate if !matches!(state, Resolved | ClosedUnresolved) => {
            Err(WorkflowError::NotClosed)
        }
        Step::Rate if rated => Err(WorkflowError::AlreadyRated),
        Step::Rate => Ok(state),
    }
}

impl Report {
    /// The state this case is in after `actor` takes `step` at `now`, by the rules of
    /// [`advance`], or why they cannot.
    pub fn next_state(
        &self,
        step: Step,
        actor: Actor,
        now: Millis,
    ) -> Result<CaseState, WorkflowError> {
        advance(
            self.state,
            self.resolved_at,
            self.rating.is_some(),
            step,
            actor,
            now,
        )
    }

    /// Staff do `action` at `at`, by the rules of [`advance`]: the case takes its
    /// new state, the stamps that go with it (accepted when it first leaves
    /// 已提交, resolved, closed) and the link or assignee the action names.
    /// Returns the kind of timeline entry it makes; the entry is the caller's.
    pub fn act(&mut self, action: &Action, at: Millis) -> Result<EventKind, WorkflowError> {
        let state = self.next_state(action.step(), Actor::Staff, at)?;
        let kind = match action {
            Action::Accept => EventKind::Accepted,
            Action::Start => EventKind::Started,
            Action::Resolve => EventKind::Resolved,
            Action::CloseUnresolved => EventKind::ClosedUnresolved,
            Action::MarkDuplicate { of } => {
                self.duplicate_of = Some(of.clone());
                EventKind::MarkedDuplicate
            }
            Action::Assign { to } => {
                self.assignee = Some(to.clone());
                EventKind::Assigned
            }
            Action::Reply => EventKind::Replied,
        };
        if state != CaseState::Submitted && self.accepted_at.is_none() {
            self.accepted_at = Some(at);
        }
        if !state.is_open() && self.state.is_open() {
            self.closed_at = Some(at);
        }
        if state == CaseState::Resolved && self.state != state {
            self.resolved_at = Some(at);
        }
        self.state = state;
        Ok(kind)
    }
}

/// A promise the community has not kept yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    NotAccepted,
    NotResolved,
}

impl Overdue {
    pub fn label(self) -> &'static str {
        match self {
            Overdue::NotAccepted => "超时未受理",
            Overdue::NotResolved => "超时未办结",
        }
    }
}

/// Whether an open case has passed a deadline; the later promise counts first.
pub fn overdue(
    state: CaseState,
    respond_by: Millis,
    resolve_by: Millis,
    now: Millis,
) -> Option<Overdue> {
    if !state.is_open() {
        None
    } else if now > resolve_by {
        Some(Overdue::NotResolved)
    } else if state == CaseState::Submitted && now > respond_by {
        Some(Overdue::NotAccepted)
    } else {
        None
    }
}

/// Sort key for the staff queue, most urgent first: open cases by the
/// deadline that comes next for them, then closed ones.
pub fn urgency(state: CaseState, respond_by: Millis, resolve_by: Millis) -> (bool, Millis) {
    match state {
        CaseState::Submitted => (false, respond_by.min(resolve_by)),
        s if s.is_open() => (false, resolve_by),
        _ => (true, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    const DAY: Millis = 24 * 60 * 60_000;

    #[test]
    fn who_may_do_what_in_which_state() {
        use Actor::*;
        let err = Err;
        let cases = [
            // (from, step, actor, expected)
            (Submitted, Step::Accept, Staff, Ok(Accepted)),
            (
                Submitted,
                Step::Accept,
                Reporter,
                err(WorkflowError::StaffOnly),
            ),
            (
                Submitted,
                Step::Accept,
                Neighbour,
                err(WorkflowError::StaffOnly),
            ),
            (
                Accepted,
                Step::Accept,
                Staff,
                err(WorkflowError::AlreadyAccepted),
            ),
            (Submitted, Step::Start, Staff, Ok(InProgress)),
            (Accepted, Step::Start, Staff, Ok(InProgress)),
            (
                InProgress,
                Step::Start,
                Staff,
                err(WorkflowError::AlreadyInProgress),
            ),
            (Submitted, Step::Resolve, Staff, Ok(Resolved)),
            (InProgress, Step::Resolve, Staff, Ok(Resolved)),
            (
                InProgress,
                Step::Resolve,
                Reporter,
                err(WorkflowError::StaffOnly),
            ),
            (Accepted, Step::CloseUnresolved, Staff, Ok(ClosedUnresolved)),
            (Submitted, Step::MarkDuplicate, Staff, Ok(Duplicate)),
            (Accepted, Step::Assign, Staff, Ok(Accepted)),
            (InProgress, Step::Reply, Staff, Ok(InProgress)),
            (Resolved, Step::Reply, Staff, Ok(Resolved)),
            (
                Resolved,
                Step::Resolve,
                Staff,
                err(WorkflowError::Closed(Resolved)),
            ),
            (
                Duplicate,
                Step::Accept,
                Staff,
                err(WorkflowError::Closed(Duplicate)),
            ),
            (
                ClosedUnresolved,
                Step::Assign,
                Staff,
                err(WorkflowError::Closed(ClosedUnresolved)),
            ),
            (Resolved, Step::Reopen, Reporter, Ok(InProgress)),
            (
                Resolved,
                Step::Reopen,
                Staff,
                err(WorkflowError::ReporterOnly),
            ),
            (
                Resolved,
                Step::Reopen,
                Neighbour,
                err(WorkflowError::ReporterOnly),
            ),
            (
                ClosedUnresolved,
                Step::Reopen,
                Reporter,
                err(WorkflowError::NotClosed),
            ),
            (
                InProgress,
                Step::Reopen,
                Reporter,
                err(WorkflowError::NotClosed),
            ),
            (Resolved, Step::Rate, Reporter, Ok(Resolved)),
            (ClosedUnresolved, Step::Rate, Reporter, Ok(ClosedUnresolved)),
            (
                InProgress,
                Step::Rate,
                Reporter,
                err(WorkflowError::NotClosed),
            ),
            (
                Resolved,
                Step::Rate,
                Neighbour,
                err(WorkflowError::ReporterOnly),
            ),
        ];
        let now = 100 * DAY;
        for (from, step, actor, expected) in cases {
            assert_eq!(
                advance(from, Some(now - DAY), false, step, actor, now),
                expected,
                "{from:?} {step:?} by {actor:?}"
            );
        }
    }

    #[test]
    fn reopening_is_allowed_for_seven_days_and_rating_once() {
        let resolved = 10 * DAY;
        for (now, expected) in [
            (resolved + DAY, Ok(InProgress)),
            (resolved + 7 * DAY, Ok(InProgress)),
            (resolved + 7 * DAY + 1, Err(WorkflowError::ReopenExpired)),
        ] {
            assert_eq!(
                advance(
                    Resolved,
                    Some(resolved),
                    false,
                    Step::Reopen,
                    Actor::Reporter,
                    now
                ),
                expected,
                "{} days after",
                (now - resolved) as f64 / DAY as f64
            );
        }
        assert_eq!(
            advance(
                Resolved,
                Some(resolved),
                true,
                Step::Rate,
                Actor::Reporter,
                resolved
            ),
            Err(WorkflowError::AlreadyRated)
        );
    }

    #[test]
    fn overdue_cases_are_flagged_by_the_promise_they_broke() {
        let (respond_by, resolve_by) = (DAY, 3 * DAY);
        let cases = [
            (Submitted, DAY - 1, None),
            (Submitted, DAY + 1, Some(Overdue::NotAccepted)),
            (Accepted, DAY + 1, None),
            (InProgress, 3 * DAY, None),
            (InProgress, 3 * DAY + 1, Some(Overdue::NotResolved)),
            (Submitted, 4 * DAY, Some(Overdue::NotResolved)),
            (Resolved, 10 * DAY, None),
            (ClosedUnresolved, 10 * DAY, None),
            (Duplicate, 10 * DAY, None),
        ];
        for (state, now, expected) in cases {
            assert_eq!(
                overdue(state, respond_by, resolve_by, now),
                expected,
                "{state:?} at {now}"
            );
        }
    }

    #[test]
    fn the_queue_puts_the_nearest_deadline_first_and_closed_cases_last() {
        let mut queue = [
            ("closed", Resolved, DAY, 2 * DAY),
            ("later", InProgress, DAY, 5 * DAY),
            ("waiting", Submitted, 2 * DAY, 4 * DAY),
            ("overdue", Accepted, DAY, DAY + 1),
        ];
        queue.sort_by_key(|(_, state, respond, resolve)| urgency(*state, *respond, *resolve));
        let order: Vec<&str> = queue.iter().map(|q| q.0).collect();
        assert_eq!(order, ["overdue", "waiting", "later", "closed"]);
    }
}
