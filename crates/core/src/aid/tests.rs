use super::*;
use crate::access::Standing;
use crate::account::Role;
use crate::error::ErrorCode;
use crate::sync::{Mutation, View, feature};
use crate::volunteer::{LedgerReason, POOL_ACCOUNT, Skill};

const H: Millis = 3_600_000;
const NOW: Millis = 1_795_395_600_000;

fn request(kind: HelpKind, status: HelpStatus, taker: Option<&str>) -> HelpRequest {
    HelpRequest {
        id: "h1".into(),
        kind,
        at: NOW + 24 * H,
        place: "3栋2单元301".into(),
        note: "去市二医院复查".into(),
        requester_id: "wang".into(),
        requester_name: "王秀兰".into(),
        requester_phone: Some("13800000004".into()),
        channel: Channel::App,
        filed_by: None,
        status,
        taker_id: taker.map(str::to_owned),
        taker_name: taker.map(|_| "李志强".to_owned()),
        taker_phone: taker.map(|_| "13800000005".to_owned()),
        cancel_reason: None,
        minutes: None,
        from_pool: false,
        created_at: NOW,
    }
}

const GRID_3: &[String] = &[];
const NO_SKILLS: &[Skill] = &[];
const REPAIR: &[Skill] = &[Skill::Repair];

fn looker(user_id: &'static str, role: Role, skills: Option<&'static [Skill]>) -> Looker<'static> {
    Looker {
        user_id,
        role,
        verified: true,
        standing: Standing {
            building_id: Some("b12"),
            grid: GRID_3,
            street_office: "金石街道",
        },
        skills,
    }
}

#[test]
fn kinds_need_the_skills_that_matter() {
    let cases = [
        (HelpKind::Escort, NO_SKILLS, true),
        (HelpKind::Errand, NO_SKILLS, true),
        (HelpKind::Company, NO_SKILLS, true),
        (HelpKind::Other, NO_SKILLS, true),
        (HelpKind::Haircut, NO_SKILLS, false),
        (
            HelpKind::Haircut,
            &[Skill::Haircut, Skill::Driving][..],
            true,
        ),
        (HelpKind::Appliance, REPAIR, true),
        (HelpKind::Appliance, &[Skill::Medical][..], false),
    ];
    for (kind, skills, fits) in cases {
        assert_eq!(kind.fits(skills), fits, "{kind:?} {skills:?}");
    }
}

#[test]
fn who_sees_what() {
    use HelpStatus::*;
    let wang = looker("wang", Role::Resident, None);
    let li = looker("li", Role::Resident, Some(NO_SKILLS));
    let fixer = looker("fixer", Role::Resident, Some(REPAIR));
    let neighbour = looker("zhou", Role::Resident, None);
    let worker = looker("qian", Role::CommunityWorker, None);
    let head = looker("chen", Role::BuildingHead, None);
    let mut unverified = li;
    unverified.verified = false;
    let cases = [
        // (who, kind, status, taker, what they see)
        (wang, HelpKind::Escort, Open, None, Some(Sight::Full)),
        (li, HelpKind::Escort, Open, None, Some(Sight::Listed)),
        (fixer, HelpKind::Appliance, Open, None, Some(Sight::Listed)),
        (li, HelpKind::Appliance, Open, None, None),
        (unverified, HelpKind::Escort, Open, None, None),
        (neighbour, HelpKind::Escort, Open, None, None),
        (head, HelpKind::Escort, Open, None, None),
        (worker, HelpKind::Escort, Open, None, Some(Sight::Full)),
        // Taken: the volunteer who took it sees all, the others no longer anything.
        (li, HelpKind::Escort, Taken, Some("li"), Some(Sight::Full)),
        (fixer, HelpKind::Escort, Taken, Some("li"), None),
        (wang, HelpKind::Escort, Taken, Some("li"), Some(Sight::Full)),
        (li, HelpKind::Escort, Done, Some("li"), Some(Sight::Full)),
        (fixer, HelpKind::Escort, Cancelled, None, None),
    ];
    for (who, kind, status, taker, sight) in cases {
        let r = request(kind, status, taker);
        assert_eq!(
            sight_of(&who, &r, Some("b3")),
            sight,
            "{} {kind:?} {status:?}",
            who.user_id
        );
    }
}

#[test]
fn volunteers_see_no_phone_until_they_take_it() {
    let listed = request(HelpKind::Escort, HelpStatus::Open, None).seen_as(Sight::Listed);
    assert_eq!(listed.requester_phone, None);
    let full = request(HelpKind::Escort, HelpStatus::Taken, Some("li")).seen_as(Sight::Full);
    assert_eq!(full.requester_phone.as_deref(), Some("13800000004"));
    assert_eq!(full.taker_phone.as_deref(), Some("13800000005"));
    let wire = serde_json::to_string(&listed).unwrap();
    assert!(!wire.contains("13800000004"), "{wire}");
}

#[test]
fn one_taker() {
    use HelpStatus::*;
    let li = looker("li", Role::Resident, Some(NO_SKILLS));
    let wang = looker("wang", Role::Resident, Some(NO_SKILLS));
    let not_volunteer = looker("zhou", Role::Resident, None);
    let mut unverified = li;
    unverified.verified = false;
    let cases = [
        (li, HelpKind::Escort, Open, None, None),
        (
            li,
            HelpKind::Escort,
            Taken,
            Some("zhao"),
            Some(ErrorCode::Conflict),
        ),
        (
            li,
            HelpKind::Escort,
            Taken,
            Some("li"),
            Some(ErrorCode::Conflict),
        ),
        (
            li,
            HelpKind::Escort,
            Done,
            Some("zhao"),
            Some(ErrorCode::Conflict),
        ),
        (
            li,
            HelpKind::Escort,
            Cancelled,
            None,
            Some(ErrorCode::Conflict),
        ),
        (
            li,
            HelpKind::Haircut,
            Open,
            None,
            Some(ErrorCode::Forbidden),
        ),
        (
            wang,
            HelpKind::Escort,
            Open,
            None,
            Some(ErrorCode::Forbidden),
        ),
        (
            not_volunteer,
            HelpKind::Escort,
            Open,
            None,
            Some(ErrorCode::Forbidden),
        ),
        (
            unverified,
            HelpKind::Escort,
            Open,
            None,
            Some(ErrorCode::Forbidden),
        ),
    ];
    for (who, kind, status, taker, refused) in cases {
        let r = request(kind, status, taker);
        assert_eq!(
            check_take(&who, &r).err().map(|e| e.code),
            refused,
            "{} {kind:?} {status:?}",
            who.user_id
        );
    }
    let haircut = request(HelpKind::Haircut, Open, None);
    assert_eq!(
        check_take(&li, &haircut).unwrap_err().reason,
        "这项互助需要会理发的志愿者"
    );
}

/// Who, the request's status and taker, the side, and what it becomes (or the refusal's code).
type Case<'a> = (
    Looker<'a>,
    HelpStatus,
    Option<&'a str>,
    CancelSide,
    Result<HelpStatus, ErrorCode>,
);

#[test]
fn either_side_cancels() {
    use CancelSide::*;
    use HelpStatus::*;
    let wang = looker("wang", Role::Resident, None);
    let li = looker("li", Role::Resident, Some(NO_SKILLS));
    let other = looker("fixer", Role::Resident, Some(REPAIR));
    let worker = looker("qian", Role::CommunityWorker, None);
    let grid = looker("sun", Role::GridWorker, None);
    let cases: [Case; 10] = [
        (wang, Open, None, Requester, Ok(Cancelled)),
        (wang, Taken, Some("li"), Requester, Ok(Cancelled)),
        (worker, Taken, Some("li"), Requester, Ok(Cancelled)),
        // A 网格员 whose grid does not hold 3栋.
        (grid, Open, None, Requester, Err(ErrorCode::Forbidden)),
        // The volunteer hands it back: open for the others again.
        (li, Taken, Some("li"), Taker, Ok(Open)),
        (other, Taken, Some("li"), Taker, Err(ErrorCode::Forbidden)),
        (li, Taken, Some("li"), Requester, Err(ErrorCode::Forbidden)),
        (wang, Open, None, Taker, Err(ErrorCode::Forbidden)),
        (wang, Done, Some("li"), Requester, Err(ErrorCode::Conflict)),
        (wang, Cancelled, None, Requester, Err(ErrorCode::Conflict)),
    ];
    for (who, status, taker, side, outcome) in cases {
        let r = request(HelpKind::Escort, status, taker);
        assert_eq!(
            cancel_outcome(&who, &r, Some("b3"), side).map_err(|e| e.code),
            outcome,
            "{} {status:?} {side:?}",
            who.user_id
        );
    }
}

#[test]
fn the_requester_or_staff_confirm_and_only_staff_pay_from_the_pool() {
    use HelpStatus::*;
    let wang = looker("wang", Role::Resident, None);
    let li = looker("li", Role::Resident, Some(NO_SKILLS));
    let worker = looker("qian", Role::CommunityWorker, None);
    let grid = looker("sun", Role::GridWorker, None);
    let cases = [
        // (who, status, from the pool, refused with)
        (wang, Taken, false, None),
        (wang, Taken, true, Some(ErrorCode::Forbidden)),
        (worker, Taken, false, None),
        (worker, Taken, true, None),
        (grid, Taken, false, Some(ErrorCode::Forbidden)),
        (li, Taken, false, Some(ErrorCode::Forbidden)),
        (wang, Open, false, Some(ErrorCode::Conflict)),
        // Exactly once: a second confirmation finds it done.
        (wang, Done, false, Some(ErrorCode::Conflict)),
        (worker, Cancelled, true, Some(ErrorCode::Conflict)),
    ];
    for (who, status, from_pool, refused) in cases {
        let taker = (status != Open).then_some("li");
        let r = request(HelpKind::Escort, status, taker);
        assert_eq!(
            check_confirm(&who, &r, Some("b3"), from_pool)
                .err()
                .map(|e| e.code),
            refused,
            "{} {status:?} {from_pool}",
            who.user_id
        );
    }
}

#[test]
fn a_movement_sums_to_zero_from_the_payer_to_the_volunteer() {
    let r = request(HelpKind::Escort, HelpStatus::Taken, Some("li"));
    for (from_pool, payer) in [(false, "wang"), (true, POOL_ACCOUNT)] {
        let [paid, earned] = movement(&r, 120, from_pool).unwrap();
        assert_eq!(paid.minutes + earned.minutes, 0);
        assert_eq!(
            (paid.account.ledger_id(), paid.minutes, paid.reason),
            (payer, -120, LedgerReason::HelpReceived)
        );
        assert_eq!(
            (earned.account.ledger_id(), earned.minutes, earned.reason),
            ("li", 120, LedgerReason::HelpGiven)
        );
        // The ids come from the request's: a second movement would clash with the first.
        assert_eq!(
            (paid.entry_id.as_str(), earned.entry_id.as_str()),
            ("h1:received", "h1:given")
        );
    }
    let open = request(HelpKind::Escort, HelpStatus::Open, None);
    assert!(movement(&open, 120, false).is_none());
}

#[test]
fn balances_stay_above_the_floor() {
    let floor = Floors::default().person_minutes;
    assert_eq!(floor, -600);
    let cases = [
        // (balance, minutes, within)
        (0, 120, true),
        (0, 600, true),
        (0, 630, false),
        (-480, 120, true),
        (-480, 150, false),
        (300, 900, true),
        (-600, 30, false),
    ];
    for (balance, minutes, within) in cases {
        assert_eq!(
            check_within(balance, minutes, floor).is_ok(),
            within,
            "{balance} {minutes}"
        );
    }
    assert_eq!(
        check_within(-480, 180, floor).unwrap_err(),
        "时间银行余额不够：现在是 -8 小时，最低可到 -10 小时。可以少记一些时长，或请社区工作者从社区互助池支付"
    );
}

#[test]
fn asks_are_checked() {
    let ask = |at: Millis, place: &str| AskArgs {
        id: "h1".into(),
        requester_id: "wang".into(),
        kind: HelpKind::Escort,
        at,
        place: place.into(),
        note: String::new(),
        channel: Channel::App,
    };
    assert!(ask(NOW + H, " 3栋2单元301 ").validated(NOW).is_ok());
    assert_eq!(ask(NOW, " 3栋 ").validated(NOW).unwrap().place, "3栋");
    let cases = [
        (NOW - 2 * H, "3栋", "at"),
        (NOW + 91 * 24 * H, "3栋", "at"),
        (NOW + H, "  ", "place"),
    ];
    for (at, place, field) in cases {
        assert!(
            ask(at, place).validated(NOW).unwrap_err().has(field),
            "{field}"
        );
    }
}

#[test]
fn hours_are_confirmed_in_half_hours_and_floors_are_bounded() {
    let confirm = |minutes| ConfirmArgs {
        request_id: "h1".into(),
        minutes,
        from_pool: false,
    };
    for (minutes, ok) in [
        (30, true),
        (120, true),
        (720, true),
        (0, false),
        (45, false),
        (750, false),
        (-60, false),
    ] {
        assert_eq!(confirm(minutes).validated().is_ok(), ok, "{minutes}");
    }
    let floors = |person_minutes, pool_minutes| Floors {
        person_minutes,
        pool_minutes,
    };
    assert!(floors(-600, -12_000).validated().is_ok());
    assert!(floors(0, 0).validated().is_ok());
    let err = floors(60, LOWEST_FLOOR_MINUTES - 1)
        .validated()
        .unwrap_err();
    assert!(err.has("person_minutes") && err.has("pool_minutes"));
}

fn mutation(name: &str, args: serde_json::Value) -> Mutation {
    Mutation {
        client_id: "device".into(),
        seq: 1,
        mutation_id: uuid::Uuid::nil(),
        name: name.into(),
        args,
        created_at: NOW,
    }
}

#[test]
fn what_the_device_shows_before_the_server_decides() {
    let mut view = View::default();
    let ask = mutation(
        ASK,
        serde_json::json!({
            "id": "h1", "requester_id": "wang", "kind": "escort", "at": NOW + H,
            "place": "3栋2单元301", "channel": "app"
        }),
    );
    assert!(feature::apply(&[RULES], &ask, &mut view));
    let shown = view.row::<HelpRequest>(REQUESTS, "h1").unwrap();
    assert_eq!(shown.status, HelpStatus::Open);

    let take = mutation(
        TAKE,
        serde_json::json!({"request_id": "h1", "taker_id": "li"}),
    );
    feature::apply(&[RULES], &take, &mut view);
    let shown = view.row::<HelpRequest>(REQUESTS, "h1").unwrap();
    assert_eq!(
        (shown.status, shown.taker_id.as_deref()),
        (HelpStatus::Pending, Some("li"))
    );
    assert_eq!(shown.status.label(), "待确认");

    let hand_back = mutation(
        CANCEL,
        serde_json::json!({"request_id": "h1", "side": "taker", "reason": "临时要加班"}),
    );
    feature::apply(&[RULES], &hand_back, &mut view);
    let shown = view.row::<HelpRequest>(REQUESTS, "h1").unwrap();
    assert_eq!((shown.status, shown.taker_id), (HelpStatus::Open, None));

    feature::apply(&[RULES], &take, &mut view);
    let confirm = mutation(
        CONFIRM,
        serde_json::json!({"request_id": "h1", "minutes": 120}),
    );
    feature::apply(&[RULES], &confirm, &mut view);
    let shown = view.row::<HelpRequest>(REQUESTS, "h1").unwrap();
    assert_eq!((shown.status, shown.minutes), (HelpStatus::Done, Some(120)));

    let floors = mutation(
        SET_FLOORS,
        serde_json::json!({"id": "jinshi", "floors": {"person_minutes": -300, "pool_minutes": -6000}}),
    );
    feature::apply(&[RULES], &floors, &mut view);
    let settings = view.row::<AidSettings>(SETTINGS, "jinshi").unwrap();
    assert_eq!(settings.floors.person_minutes, -300);
}

#[test]
fn times_read_in_china_time() {
    // 2026-11-23 01:00 UTC is 09:00 in Beijing.
    assert_eq!(when_label(NOW), "11月23日 09:00");
    assert_eq!(when_label(NOW + 15 * H + 30 * 60_000), "11月24日 00:30");
}
