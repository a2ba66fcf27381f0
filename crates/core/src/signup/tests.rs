use super::*;
use crate::error::ErrorCode;
use crate::time::parse_china_time;

fn at(date: &str, time: &str) -> Millis {
    parse_china_time(date, time).unwrap()
}

/// The 65+ health check: one per household, closing on 12 November.
fn health_check() -> Opening {
    Opening {
        id: "o".into(),
        subject: Subject::Service("svc-health".into()),
        title: "65岁以上老人免费健康体检".into(),
        note: String::new(),
        who: Who::Aged { from_age: 65 },
        per_household: Some(2),
        closes_at: Some(at("2026-11-22", "23:59")),
    }
}

/// The batch of buildings b1 and b2, four mornings from 24 November.
fn batch() -> Session {
    Session {
        id: "s".into(),
        opening_id: "o".into(),
        starts_at: at("2026-11-24", "07:30"),
        ends_at: at("2026-11-27", "10:00"),
        place: "卫生服务站二楼".into(),
        capacity: 2,
        buildings: Some(vec!["b1".into(), "b2".into()]),
        confirmed: 2,
        waitlisted: 0,
    }
}

/// A case, the opening, the building, the birth year, the household's sign-ups already,
/// when, and the refusal's code and field.
type Case = (
    &'static str,
    Opening,
    Option<&'static str>,
    Option<i64>,
    u32,
    Millis,
    Option<(ErrorCode, &'static str)>,
);

#[test]
fn who_may_sign_up_for_which_batch() {
    let before = at("2026-11-20", "10:00");
    let cases: [Case; 10] = [
        // (case, opening, building, born, household already, at, refusal)
        (
            "aged, right batch",
            health_check(),
            Some("b1"),
            Some(1950),
            0,
            before,
            None,
        ),
        (
            "born in 1961 is 65 in 2026",
            health_check(),
            Some("b2"),
            Some(1961),
            1,
            before,
            None,
        ),
        (
            "too young",
            health_check(),
            Some("b1"),
            Some(1962),
            0,
            before,
            Some((ErrorCode::Forbidden, "born")),
        ),
        (
            "no birth year",
            health_check(),
            Some("b1"),
            None,
            0,
            before,
            Some((ErrorCode::Validation, "born")),
        ),
        (
            "another batch",
            health_check(),
            Some("b9"),
            Some(1950),
            0,
            before,
            Some((ErrorCode::Forbidden, "session_id")),
        ),
        (
            "no building",
            health_check(),
            None,
            Some(1950),
            0,
            before,
            Some((ErrorCode::Forbidden, "session_id")),
        ),
        (
            "household full",
            health_check(),
            Some("b1"),
            Some(1950),
            2,
            before,
            Some((ErrorCode::Conflict, "user_id")),
        ),
        (
            "after the closing time",
            health_check(),
            Some("b1"),
            Some(1950),
            0,
            at("2026-11-23", "08:00"),
            Some((ErrorCode::Conflict, "session_id")),
        ),
        (
            "one building only",
            Opening {
                who: Who::Building {
                    building_id: "b2".into(),
                },
                ..health_check()
            },
            Some("b1"),
            None,
            0,
            before,
            Some((ErrorCode::Forbidden, "user_id")),
        ),
        (
            "everyone, no limit",
            Opening {
                who: Who::Everyone,
                per_household: None,
                ..health_check()
            },
            Some("b2"),
            None,
            9,
            before,
            None,
        ),
    ];
    for (case, opening, building_id, born, household_active, when, expected) in cases {
        let applicant = Applicant {
            building_id,
            born,
            household_active,
        };
        let got = check_sign_up(&opening, &batch(), &applicant, when)
            .err()
            .map(|r| (r.code, r.field.unwrap_or_default()));
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn no_sign_up_once_the_session_started() {
    let opening = Opening {
        closes_at: None,
        ..health_check()
    };
    let applicant = Applicant {
        building_id: Some("b1"),
        born: Some(1950),
        household_active: 0,
    };
    let started = check_sign_up(&opening, &batch(), &applicant, at("2026-11-24", "07:30"));
    assert_eq!(
        started.unwrap_err().reason,
        "这一场已经开始或结束了，不能再报名"
    );
    let closed = check_sign_up(
        &health_check(),
        &batch(),
        &applicant,
        at("2026-11-24", "07:30"),
    );
    assert_eq!(closed.unwrap_err().reason, "报名已经截止了（11月22日截止）");
}

#[test]
fn a_batch_over_several_mornings_reads_as_one() {
    let cases = [
        (
            ("2026-11-24", "07:30"),
            ("2026-11-27", "10:00"),
            "11月24日至27日 07:30–10:00",
        ),
        (
            ("2026-11-30", "07:30"),
            ("2026-12-04", "10:00"),
            "11月30日至12月4日 07:30–10:00",
        ),
        (
            ("2026-12-19", "09:00"),
            ("2026-12-19", "11:30"),
            "12月19日 09:00–11:30",
        ),
        (
            ("2026-12-31", "20:00"),
            ("2027-01-01", "01:00"),
            "12月31日 20:00–1月1日 01:00",
        ),
    ];
    for ((d1, t1), (d2, t2), label) in cases {
        assert_eq!(session_time_label(at(d1, t1), at(d2, t2)), label);
    }
}

#[test]
fn openings_and_sessions_are_checked() {
    assert!(health_check().validated().is_ok());
    let bad = Opening {
        title: " ".into(),
        who: Who::Aged { from_age: 120 },
        per_household: Some(0),
        ..health_check()
    };
    let err = bad.validated().unwrap_err();
    assert!(err.has("title") && err.has("who") && err.has("per_household"));

    let args = |start: Millis, end: Millis, capacity, buildings: Option<Vec<String>>| SessionArgs {
        id: "s".into(),
        opening_id: "o".into(),
        starts_at: start,
        ends_at: end,
        place: "多功能厅".into(),
        capacity,
        buildings,
    };
    let (s, e) = (batch().starts_at, batch().ends_at);
    let ok = args(s, e, 60, Some(vec!["b2".into(), "b1".into(), "b1".into()]))
        .validated()
        .unwrap();
    assert_eq!(ok.buildings.unwrap(), ["b1", "b2"]);
    let err = args(e, s, 0, Some(vec![])).validated().unwrap_err();
    assert!(err.has("ends_at") && err.has("capacity") && err.has("buildings"));
    let five_weeks = s + 35 * 24 * 60 * MINUTE;
    assert!(
        args(s, five_weeks, 1, None)
            .validated()
            .unwrap_err()
            .has("ends_at")
    );
}

#[test]
fn a_family_member_needs_a_name_and_a_relation() {
    let args = SignUpArgs {
        entry_id: "e".into(),
        session_id: "s".into(),
        user_id: "u".into(),
        family: Some(Family {
            name: " 张秀英 ".into(),
            relation: "母亲".into(),
        }),
        born: Some(1948),
        channel: Channel::App,
    };
    let ok = args.clone().validated(2026).unwrap();
    assert_eq!(ok.family.unwrap().name, "张秀英");
    let bad = SignUpArgs {
        family: Some(Family {
            name: String::new(),
            relation: " ".into(),
        }),
        born: Some(2030),
        ..args
    };
    let err = bad.validated(2026).unwrap_err();
    assert!(err.has("family.name") && err.has("family.relation") && err.has("born"));
}

fn entry(status: EntryStatus, position: Option<u32>) -> Entry {
    Entry {
        id: "e".into(),
        opening_id: "o".into(),
        session_id: "s".into(),
        user_id: "u".into(),
        user_name: "王秀兰".into(),
        flat: "3栋 2单元 301".into(),
        family: None,
        born: None,
        status,
        position,
        channel: Channel::App,
        filed_by: None,
        signed_up_at: 0,
        attended: None,
    }
}

#[test]
fn what_a_person_and_staff_may_do_with_an_entry() {
    use EntryStatus::*;
    let before = batch().starts_at - 1;
    let cases = [
        // (status, may cancel before the start, may mark attendance)
        (Pending, true, false),
        (Confirmed, true, true),
        (Waitlisted, true, false),
        (Cancelled, false, false),
    ];
    for (status, cancel, attendance) in cases {
        let e = entry(status, None);
        assert_eq!(e.may_cancel(&batch(), before), cancel, "{status:?}");
        assert!(
            !e.may_cancel(&batch(), batch().starts_at),
            "{status:?} started"
        );
        assert_eq!(e.may_mark_attendance(), attendance, "{status:?}");
    }
}

#[test]
fn the_list_shows_the_confirmed_then_the_waitlist_and_names_who_comes() {
    use EntryStatus::*;
    let mut list = [
        entry(Cancelled, None),
        entry(Waitlisted, Some(2)),
        entry(Pending, None),
        entry(Confirmed, None),
        entry(Waitlisted, Some(1)),
    ];
    list.sort_by_key(Entry::list_rank);
    let order: Vec<_> = list.iter().map(|e| (e.status, e.position)).collect();
    assert_eq!(
        order,
        [
            (Confirmed, None),
            (Waitlisted, Some(1)),
            (Waitlisted, Some(2)),
            (Pending, None),
            (Cancelled, None)
        ]
    );
    let mut mother = entry(Confirmed, None);
    mother.family = Some(Family {
        name: "张秀英".into(),
        relation: "母亲".into(),
    });
    assert_eq!(mother.attendee(), "张秀英（王秀兰的母亲）");
    mother.user_name.clear();
    assert_eq!(mother.attendee(), "张秀英（母亲）");
    assert_eq!(entry(Confirmed, None).attendee(), "王秀兰");
    assert_eq!(entry(Waitlisted, Some(3)).status_text(), "候补第 3 位");
    assert_eq!(entry(Pending, None).status_text(), "待确认");
}

#[test]
fn a_sign_up_shows_as_pending_until_the_server_decides() {
    let mut view = crate::sync::View::default();
    view.put(SESSIONS, "s", &batch());
    let m = crate::sync::Mutation {
        client_id: "device".into(),
        seq: 1,
        mutation_id: uuid::Uuid::nil(),
        name: SIGN_UP.into(),
        args: serde_json::json!({
            "entry_id": "e1", "session_id": "s", "user_id": "u",
            "family": {"name": "张秀英", "relation": "母亲"}, "born": 1948, "channel": "app",
        }),
        created_at: 5,
    };
    assert!(crate::sync::feature::apply(&[RULES], &m, &mut view));
    let e: Entry = view.row(ENTRIES, "e1").unwrap();
    assert_eq!(
        (e.status, e.opening_id.as_str(), e.signed_up_at),
        (EntryStatus::Pending, "o", 5)
    );
    let cancel = crate::sync::Mutation {
        seq: 2,
        name: CANCEL.into(),
        args: serde_json::json!({"entry_id": "e1"}),
        ..m
    };
    assert!(crate::sync::feature::apply(&[RULES], &cancel, &mut view));
    let e: Entry = view.row(ENTRIES, "e1").unwrap();
    assert_eq!(e.status, EntryStatus::Cancelled);
}
