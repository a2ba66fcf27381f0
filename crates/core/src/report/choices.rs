//! What the person viewing a case may do about it, as the case page offers it. The
//! rules are the workflow's ([`advance`](super::advance)); the server checks them again
//! when the step arrives, so a page only offers what will be accepted.

use super::workflow::{Actor, Step};
use super::{Action, Assignee, CaseState, Report};
use crate::Millis;
use crate::account::ResidentCard;

/// The steps the case page offers staff, in its order, with their labels.
const STAFF_STEPS: [(Step, &str); 7] = [
    (Step::Accept, "受理"),
    (Step::Start, "开始处理"),
    (Step::Resolve, "办结"),
    (Step::Assign, "交给专人"),
    (Step::CloseUnresolved, "未解决，关闭"),
    (Step::MarkDuplicate, "与另一件重复"),
    (Step::Reply, "回复居民"),
];

impl Report {
    /// Who the viewer is to the case when they do not handle it.
    fn resident(&self) -> Actor {
        if self.mine {
            Actor::Reporter
        } else {
            Actor::Neighbour
        }
    }

    fn resident_may(&self, step: Step, now: Millis) -> bool {
        self.next_state(step, self.resident(), now).is_ok()
    }

    /// The steps staff may take on this case at `now`, in the order the page lists them,
    /// each with its label.
    pub fn staff_steps(&self, now: Millis) -> Vec<(Step, &'static str)> {
        STAFF_STEPS
            .into_iter()
            .filter(|(step, _)| self.next_state(*step, Actor::Staff, now).is_ok())
            .collect()
    }

    /// 满意度: the reporter rates a closed case, once.
    pub fn may_rate(&self, now: Millis) -> bool {
        self.resident_may(Step::Rate, now)
    }

    /// 还没解决: the reporter reopens a resolved case within the reopen window.
    pub fn may_reopen(&self, now: Millis) -> bool {
        self.resident_may(Step::Reopen, now)
    }

    /// 我也遇到: someone else's open case that the viewer neither follows already nor
    /// handles.
    pub fn may_support(&self) -> bool {
        !self.mine && !self.me_too && self.state.is_open() && !self.handles
    }

    /// The viewer follows it: they reported it or said 我也遇到.
    pub fn is_followed(&self) -> bool {
        self.mine || self.me_too
    }

    /// The staff queue holds the open cases the viewer handles; closed ones when asked.
    pub fn in_queue(&self, with_closed: bool) -> bool {
        self.handles && (with_closed || self.state.is_open())
    }

    /// Whether the case with id `case_id` may be marked a duplicate of this one.
    pub fn may_be_original_of(&self, case_id: &str) -> bool {
        self.id != case_id && self.state != CaseState::Duplicate
    }
}

impl Action {
    /// What staff do by taking `step`, with what the form chose for the steps that name
    /// something: the case it duplicates, whom it is given to. `None` for the residents'
    /// steps.
    pub fn of_step(step: Step, original: String, assignee: Assignee) -> Option<Self> {
        Some(match step {
            Step::Accept => Action::Accept,
            Step::Start => Action::Start,
            Step::Resolve => Action::Resolve,
            Step::CloseUnresolved => Action::CloseUnresolved,
            Step::MarkDuplicate => Action::MarkDuplicate { of: original },
            Step::Assign => Action::Assign { to: assignee },
            Step::Reply => Action::Reply,
            Step::Reopen | Step::Rate => return None,
        })
    }
}

impl Assignee {
    /// Whom the "交给谁" picker names by `choice`: one of `grid_workers` by id, else the
    /// property company.
    pub fn chosen(choice: &str, grid_workers: &[ResidentCard]) -> Self {
        grid_workers
            .iter()
            .find(|g| g.id == choice)
            .map_or(Assignee::Property, |g| Assignee::GridWorker {
                user_id: g.id.clone(),
                name: g.display_name.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Address, Role};
    use crate::report::tests::submit;
    use crate::report::{Channel, Raiser, Rating, default_categories};

    const DAY: Millis = 24 * 60 * 60_000;

    /// A case filed at 0, in `state`, resolved at `resolved_at` if given.
    fn case(state: CaseState, resolved_at: Option<Millis>) -> Report {
        let raiser = Raiser {
            reporter_id: Some("u1".into()),
            reporter_name: "王秀兰".into(),
            channel: Channel::App,
            filed_by_name: None,
        };
        let mut report = Report::filed(submit(), &default_categories()[0], raiser, 0);
        report.state = state;
        report.resolved_at = resolved_at;
        report
    }

    fn labels(report: &Report, now: Millis) -> Vec<&'static str> {
        report
            .staff_steps(now)
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn staff_are_offered_the_steps_the_state_allows_in_order() {
        use CaseState::*;
        let all = [
            "受理",
            "开始处理",
            "办结",
            "交给专人",
            "未解决，关闭",
            "与另一件重复",
            "回复居民",
        ];
        let cases: [(CaseState, &[&str]); 6] = [
            (Submitted, &all),
            (Accepted, &all[1..]),
            (InProgress, &all[2..]),
            (Resolved, &all[6..]),
            (ClosedUnresolved, &all[6..]),
            (Duplicate, &all[6..]),
        ];
        for (state, expected) in cases {
            assert_eq!(labels(&case(state, None), DAY), expected, "{state:?}");
        }
    }

    #[test]
    fn residents_rate_and_reopen_only_their_own_closed_cases() {
        use CaseState::*;
        let resolved = 10 * DAY;
        let cases = [
            // (state, mine, rated, now, may rate, may reopen)
            (Resolved, true, false, resolved + DAY, true, true),
            (Resolved, true, false, resolved + 8 * DAY, true, false),
            (Resolved, true, true, resolved + DAY, false, true),
            (Resolved, false, false, resolved + DAY, false, false),
            (ClosedUnresolved, true, false, resolved + DAY, true, false),
            (InProgress, true, false, resolved + DAY, false, false),
            (Submitted, true, false, resolved + DAY, false, false),
        ];
        for (state, mine, rated, now, rate, reopen) in cases {
            let mut report = case(state, Some(resolved));
            report.mine = mine;
            report.rating = rated.then(|| Rating {
                stars: 5,
                comment: String::new(),
            });
            assert_eq!(
                report.may_rate(now),
                rate,
                "rate {state:?} mine {mine} rated {rated}"
            );
            assert_eq!(
                report.may_reopen(now),
                reopen,
                "reopen {state:?} mine {mine}"
            );
        }
    }

    #[test]
    fn neighbours_support_open_cases_they_do_not_follow_or_handle() {
        use CaseState::*;
        let cases = [
            // (state, mine, me_too, handles, may support)
            (Submitted, false, false, false, true),
            (InProgress, false, false, false, true),
            (Submitted, true, false, false, false),
            (Submitted, false, true, false, false),
            (Submitted, false, false, true, false),
            (Resolved, false, false, false, false),
            (Duplicate, false, false, false, false),
        ];
        for (state, mine, me_too, handles, expected) in cases {
            let mut report = case(state, None);
            (report.mine, report.me_too, report.handles) = (mine, me_too, handles);
            assert_eq!(
                report.may_support(),
                expected,
                "{state:?} mine {mine} me_too {me_too} handles {handles}"
            );
        }
    }

    #[test]
    fn lists_keep_the_cases_they_are_for() {
        use CaseState::*;
        let cases = [
            // (state, mine, me_too, handles, followed, queue, queue with closed)
            (Submitted, true, false, false, true, false, false),
            (Submitted, false, true, false, true, false, false),
            (Submitted, false, false, true, false, true, true),
            (Resolved, false, false, true, false, false, true),
            (Resolved, false, false, false, false, false, false),
        ];
        for (state, mine, me_too, handles, followed, queue, all) in cases {
            let mut report = case(state, None);
            (report.mine, report.me_too, report.handles) = (mine, me_too, handles);
            let what = format!("{state:?} mine {mine} me_too {me_too} handles {handles}");
            assert_eq!(report.is_followed(), followed, "{what}");
            assert_eq!(report.in_queue(false), queue, "{what}");
            assert_eq!(report.in_queue(true), all, "{what}");
        }
    }

    #[test]
    fn a_duplicate_points_at_another_case_that_is_not_a_duplicate() {
        let open = case(CaseState::InProgress, None);
        assert!(open.may_be_original_of("r2"));
        assert!(!open.may_be_original_of(&open.id));
        assert!(!case(CaseState::Duplicate, None).may_be_original_of("r2"));
    }

    #[test]
    fn a_step_becomes_the_action_the_form_describes() {
        let cases = [
            (Step::Accept, Some(Action::Accept)),
            (Step::Start, Some(Action::Start)),
            (Step::Resolve, Some(Action::Resolve)),
            (Step::CloseUnresolved, Some(Action::CloseUnresolved)),
            (
                Step::MarkDuplicate,
                Some(Action::MarkDuplicate { of: "r2".into() }),
            ),
            (
                Step::Assign,
                Some(Action::Assign {
                    to: Assignee::Property,
                }),
            ),
            (Step::Reply, Some(Action::Reply)),
            (Step::Reopen, None),
            (Step::Rate, None),
        ];
        for (step, expected) in cases {
            assert_eq!(
                Action::of_step(step, "r2".into(), Assignee::Property),
                expected,
                "{step:?}"
            );
        }
    }

    #[test]
    fn the_assignee_picker_names_a_grid_worker_or_the_property_company() {
        let worker = ResidentCard {
            id: "g1".into(),
            display_name: "孙建国".into(),
            role: Role::GridWorker,
            phone: "13800000003".into(),
            address: Address::default(),
            building_name: None,
            verified: true,
            representative: false,
            disabled: false,
        };
        let workers = [worker];
        let cases = [
            (
                "g1",
                Assignee::GridWorker {
                    user_id: "g1".into(),
                    name: "孙建国".into(),
                },
            ),
            ("property", Assignee::Property),
            ("gone", Assignee::Property),
        ];
        for (choice, expected) in cases {
            assert_eq!(Assignee::chosen(choice, &workers), expected, "{choice}");
        }
    }
}
