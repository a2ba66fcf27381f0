//! The care register's rules, table by table.

use super::*;
use crate::report::{self, Report};
use crate::sync::{Mutation, View};
use crate::time::{china_day, days_from_civil, parse_china_time};

fn day(y: i64, m: i64, d: i64) -> Day {
    days_from_civil(y, m, d)
}

pub(super) fn at(date: &str) -> Millis {
    parse_china_time(date, "10:00").unwrap()
}

pub(super) fn member(id: &str, name: &str, born: Option<i64>, lives_here: bool) -> Member {
    Member {
        id: id.into(),
        name: name.into(),
        birth_year: born,
        phone: Some("13900000001".into()),
        relation: "户主".into(),
        lives_here,
    }
}

pub(super) fn household(id: &str, building: &str, room: &str, tags: Vec<Tag>) -> Household {
    let mut h = Household {
        id: id.into(),
        building_id: format!("b-{building}"),
        building_name: building.into(),
        unit: "1".into(),
        room: room.into(),
        members: vec![member("m1", "张大爷", Some(1950), true)],
        emergency: Some(EmergencyContact {
            name: "张小明".into(),
            phone: "13900000002".into(),
            relation: "儿子".into(),
        }),
        tags,
        kinds: Vec::new(),
        rhythm: Rhythm::default(),
        contacts: Contacts::default(),
        registered_at: at("2026-01-01"),
        note: "腿脚不便".into(),
        sight: Sight::Full,
    };
    h.derive(&default_rhythms(), at("2026-12-01"));
    h
}

#[test]
fn periods_end_with_short_months() {
    let cases = [
        (day(2026, 1, 31), Period::months(1), day(2026, 2, 28)),
        (day(2028, 1, 31), Period::months(1), day(2028, 2, 29)),
        (day(2026, 3, 31), Period::months(1), day(2026, 4, 30)),
        (day(2026, 8, 31), Period::months(6), day(2027, 2, 28)),
        (day(2026, 11, 30), Period::months(3), day(2027, 2, 28)),
        (day(2026, 12, 15), Period::months(1), day(2027, 1, 15)),
        (day(2026, 10, 15), Period::months(12), day(2027, 10, 15)),
        (day(2026, 12, 29), Period::weeks(1), day(2027, 1, 5)),
        (
            day(2028, 2, 28),
            Period {
                every: 1,
                unit: Unit::Day,
            },
            day(2028, 2, 29),
        ),
    ];
    for (from, p, want) in cases {
        assert_eq!(add_period(from, p), want, "{from} + {p:?}");
    }
}

#[test]
fn rhythms_take_the_shortest_rule_that_fits() {
    use TagKind::*;
    let rules = default_rhythms();
    let (week, month) = (Some(Period::weeks(1)), Some(Period::months(1)));
    let cases: [(&[TagKind], Option<Period>, Option<Period>); 6] = [
        (&[], None, Some(Period::months(6))),
        (&[Alone, Aged], week, month),
        (&[Alone], Some(Period::weeks(2)), Some(Period::months(2))),
        (&[Dibao], None, Some(Period::months(3))),
        (&[Aged], month, Some(Period::months(3))),
        (&[Dibao, Incapacitated], week, month),
    ];
    for (kinds, call, visit) in cases {
        assert_eq!(
            rhythm_for(&rules, kinds),
            Rhythm { call, visit },
            "{kinds:?}"
        );
    }
}

/// 高龄 follows from the birth year of someone living here, in the year asked about.
#[test]
fn aged_is_derived_from_birth_years() {
    let cases = [
        (Some(1946), true, 2026, true),
        (Some(1947), true, 2026, false),
        (Some(1947), true, 2027, true),
        (Some(1930), false, 2026, false),
        (None, true, 2026, false),
    ];
    for (born, lives_here, year, aged) in cases {
        let mut h = household("h", "3栋", "301", vec![]);
        h.members = vec![member("m", "李奶奶", born, lives_here)];
        assert_eq!(
            h.kinds_in(year).contains(&TagKind::Aged),
            aged,
            "{born:?} {lives_here} {year}"
        );
    }
}

/// Due days in China time: a visit logged at 23:30 China time on 31 January is due a month
/// after that day, whatever the UTC date.
#[test]
fn due_days_in_china_time() {
    let late = parse_china_time("2026-01-31", "23:30").unwrap();
    let rhythm = Rhythm {
        call: Some(Period::weeks(1)),
        visit: Some(Period::months(1)),
    };
    let cases = [
        (Contacts::default(), (day(2026, 1, 1), day(2026, 1, 1))),
        (
            Contacts::default().after(ContactKind::Visit, Outcome::Normal, late),
            (day(2026, 2, 7), day(2026, 2, 28)),
        ),
        (
            Contacts::default().after(ContactKind::Call, Outcome::Normal, late),
            (day(2026, 2, 7), day(2026, 1, 1)),
        ),
        (
            Contacts::default().after(ContactKind::Visit, Outcome::NotSeen, late),
            (day(2026, 1, 1), day(2026, 1, 1)),
        ),
    ];
    for (contacts, (call, visit)) in cases {
        let due = rhythm.due(&contacts, at("2026-01-01"));
        assert_eq!(due, (Some(call), Some(visit)), "{contacts:?}");
    }
}

#[test]
fn contacts_count_misses_in_a_row() {
    let t = at("2026-11-01");
    let c = Contacts::default()
        .after(ContactKind::Visit, Outcome::NotSeen, t)
        .after(ContactKind::Call, Outcome::NotSeen, t + 1);
    assert_eq!(c.missed_in_row, 2);
    assert_eq!(c.last_reached_at, None);
    let c = c.after(ContactKind::Call, Outcome::NeedsHelp, t + 2);
    assert_eq!(c.missed_in_row, 0);
    assert_eq!(c.last_reached_at, Some(t + 2));
    assert_eq!(c.last_visit_at, None);
    // An older contact logged late does not move the last one back.
    let c = c.after(ContactKind::Visit, Outcome::Normal, t - 5);
    assert_eq!(
        (c.last_reached_at, c.last_visit_at),
        (Some(t + 2), Some(t - 5))
    );
}

#[test]
fn todays_list_longest_waiting_first_then_along_the_way() {
    let today = day(2026, 12, 1);
    let seen =
        |date: &str| Contacts::default().after(ContactKind::Visit, Outcome::Normal, at(date));
    let mut rows = vec![
        household("12-101", "12栋", "101", vec![]),
        household("3-502", "3栋", "502", vec![]),
        household("3-201", "3栋", "201", vec![]),
        household("10-101", "10栋", "101", vec![]),
        household("fresh", "1栋", "101", vec![]),
        household("alone", "5栋", "101", vec![Tag::Alone]),
    ];
    rows[0].contacts = seen("2026-05-20");
    rows[1].contacts = seen("2026-06-01");
    rows[2].contacts = seen("2026-06-01");
    rows[3].contacts = seen("2026-06-01");
    rows[4].contacts = seen("2026-11-20");
    rows[5].contacts = seen("2026-10-01");
    let list = today_list(&rows, today, ContactKind::Visit);
    let ids: Vec<&str> = list.iter().map(|i| i.household_id.as_str()).collect();
    assert_eq!(ids, ["12-101", "3-201", "3-502", "alone", "10-101"]);
    assert_eq!(
        (list[0].overdue_days, list[0].label().as_str()),
        (11, "已超期 11 天")
    );
    assert_eq!(
        (list[1].overdue_days, list[1].label().as_str()),
        (0, "今天到期")
    );
    assert_eq!(day_label(list[0].due, 2026), "11月20日");
    assert_eq!(day_label(list[0].due, 2027), "2026年11月20日");
    assert_eq!(day_of(at("2026-12-01")), today);
    let calls = today_list(&rows, today, ContactKind::Call);
    let ids: Vec<&str> = calls.iter().map(|i| i.household_id.as_str()).collect();
    assert_eq!(ids, ["alone"]);
}

#[test]
fn flags_for_the_community_worker() {
    let today = day(2026, 12, 1);
    let mut alone = household("a", "5栋", "101", vec![Tag::Alone]);
    alone.contacts =
        Contacts::default().after(ContactKind::Visit, Outcome::Normal, at("2026-11-28"));
    assert_eq!(flags(&alone, today), []);
    alone.contacts =
        Contacts::default().after(ContactKind::Visit, Outcome::Normal, at("2026-11-01"));
    assert_eq!(flags(&alone, today), [Flag::OverdueAlone]);
    let mut other = household("b", "5栋", "102", vec![]);
    other.contacts = Contacts::default()
        .after(ContactKind::Visit, Outcome::Normal, at("2026-11-01"))
        .after(ContactKind::Visit, Outcome::NotSeen, at("2026-11-20"))
        .after(ContactKind::Visit, Outcome::NotSeen, at("2026-11-27"));
    assert_eq!(flags(&other, today), [Flag::MissedTwice]);
}

/// After an urgent notice asking for a welfare check: who goes to the top of the call
/// list, case by case.
#[test]
fn welfare_checks_after_an_urgent_notice() {
    use crate::account::{Address, ResidentCard};
    use crate::notice::{Category, Importance, Notice, NoticeAck};

    let published = at("2026-12-01");
    const H: Millis = 3_600_000;
    let notice = |id: &str, hours: Option<u32>, audience: Option<&str>| Notice {
        id: id.into(),
        community_id: "c".into(),
        category: Category::Safety,
        importance: Importance::Urgent,
        title: format!("寒潮预警{id}"),
        body: "请关好门窗".into(),
        pinned: false,
        audience: audience.map(|b| vec![b.to_owned()]),
        author_name: "居委会".into(),
        published_at: published,
        expires_at: None,
        call_after_hours: hours,
    };
    let resident = |id: &str, building: &str, room: &str| ResidentCard {
        id: id.into(),
        display_name: id.into(),
        role: Role::Resident,
        phone: String::new(),
        address: Address {
            building_id: Some(format!("b-{building}")),
            unit: Some("1单元".into()),
            room: Some(room.into()),
        },
        building_name: Some(building.into()),
        verified: true,
        representative: false,
        disabled: false,
    };
    let ack = |notice_id: &str, user_id: &str| NoticeAck {
        notice_id: notice_id.into(),
        user_id: user_id.into(),
        acknowledged_at: published + H,
    };
    let alone = household("alone", "3栋", "101", vec![Tag::Alone]);
    let untagged = household("untagged", "3栋", "102", vec![]);
    let confirmed = household("confirmed", "3栋", "201", vec![Tag::Alone]);
    let mut reached = household("reached", "3栋", "202", vec![Tag::Alone]);
    reached.contacts = Contacts::default().after(ContactKind::Call, Outcome::Normal, published + H);
    let mut reached_before = household("reached-before", "3栋", "301", vec![Tag::Alone]);
    reached_before.contacts =
        Contacts::default().after(ContactKind::Call, Outcome::Normal, published - H);
    let elsewhere = household("elsewhere", "5栋", "101", vec![Tag::Alone]);
    let households = [
        alone,
        untagged,
        confirmed,
        reached,
        reached_before,
        elsewhere,
    ];
    let residents = [
        resident("r-confirmed", "3栋", "201"),
        resident("r-other-flat", "5栋", "101"),
    ];
    let acks = [ack("n", "r-confirmed"), ack("other", "r-other-flat")];
    let ids = |notices: &[Notice], now: Millis| -> Vec<String> {
        welfare_checks(&households, notices, &acks, &residents, now)
            .into_iter()
            .map(|c| c.household_id)
            .collect()
    };

    let whole = notice("n", Some(2), None);
    let cases: [(&str, Vec<Notice>, Millis, &[&str]); 7] = [
        (
            "before the wait is over",
            vec![whole.clone()],
            published + H,
            &[],
        ),
        (
            "after the wait: tagged, unconfirmed, not reached since",
            vec![whole.clone()],
            published + 2 * H,
            &["alone", "reached-before", "elsewhere"],
        ),
        (
            "no welfare check asked",
            vec![notice("n", None, None)],
            published + 5 * H,
            &[],
        ),
        (
            "for one building only",
            vec![notice("n", Some(0), Some("b-3栋"))],
            published,
            &["alone", "reached-before"],
        ),
        (
            "not urgent",
            vec![Notice {
                importance: Importance::Important,
                ..whole.clone()
            }],
            published + 5 * H,
            &[],
        ),
        (
            "past three days",
            vec![whole.clone()],
            published + WELFARE_CHECK_DAYS * 24 * H,
            &[],
        ),
        (
            "expired",
            vec![Notice {
                expires_at: Some(published + 3 * H),
                ..whole.clone()
            }],
            published + 4 * H,
            &[],
        ),
    ];
    for (what, notices, now, want) in cases {
        assert_eq!(ids(&notices, now), want, "{what}");
    }

    // Two notices: each household once, for the older notice, which comes first.
    let newer = Notice {
        id: "newer".into(),
        title: "燃气安全检查".into(),
        published_at: published + H,
        audience: Some(vec!["b-5栋".into()]),
        call_after_hours: Some(0),
        ..whole.clone()
    };
    let older = Notice {
        audience: Some(vec!["b-3栋".into()]),
        ..whole
    };
    let checks = welfare_checks(
        &households,
        &[newer, older],
        &acks,
        &residents,
        published + 3 * H,
    );
    let seen: Vec<(&str, &str)> = checks
        .iter()
        .map(|c| (c.household_id.as_str(), c.notice_id.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("alone", "n"),
            ("reached-before", "n"),
            ("elsewhere", "newer")
        ]
    );

    // The call list: those first, then the calls due of the others.
    let today = china_day(published + 3 * H);
    let calls = call_list(&households, today, &checks);
    let listed: Vec<(&str, String)> = calls
        .iter()
        .map(|d| (d.household_id.as_str(), d.label()))
        .collect();
    assert_eq!(
        listed[0],
        ("alone", "紧急通知「寒潮预警n」还没确认".to_owned())
    );
    assert_eq!(
        listed[2],
        ("elsewhere", "紧急通知「燃气安全检查」还没确认".to_owned())
    );
    let rest: Vec<String> = listed[3..].iter().map(|(id, _)| (*id).to_owned()).collect();
    // 201 confirmed, but its weekly call is due all the same; 202 was called today.
    assert_eq!(rest, ["confirmed"]);
}

/// What each sight keeps: a 楼栋长 never gets birth years, phones, grades, allowance
/// status, the emergency contact or notes; a household's residents never get its tags.
#[test]
fn each_sight_keeps_only_its_fields() {
    let tags = vec![
        Tag::Alone,
        Tag::Dibao { review: None },
        Tag::Disability { grade: Some(2) },
        Tag::Other {
            text: "刚出院".into(),
        },
    ];
    let mut h = household("h", "3栋", "301", tags);
    h.members[0].birth_year = Some(1940);
    h.members.push(member("m2", "张小明", Some(1980), false));
    h.derive(&default_rhythms(), at("2026-12-01"));
    let summary = serde_json::to_string(&h.clone().seen_as(Sight::Summary)).unwrap();
    for absent in [
        "birth_year",
        "phone",
        "grade",
        "dibao",
        "emergency",
        "腿脚",
        "刚出院",
        "张小明",
    ] {
        assert!(!summary.contains(absent), "{absent} in {summary}");
    }
    for present in ["张大爷", "301", "alone", "disability", "aged"] {
        assert!(summary.contains(present), "{present} not in {summary}");
    }
    let own = h.clone().seen_as(Sight::Own);
    assert!(own.tags.is_empty() && own.kinds.is_empty() && own.note.is_empty());
    assert_eq!(own.members.len(), 2);
    assert!(own.emergency.is_some());
    assert_eq!(h.clone().seen_as(Sight::Full), h);
}

#[test]
fn validation_speaks_plain_chinese() {
    let good = SaveHouseholdArgs {
        id: "h1".into(),
        building_id: "b3".into(),
        unit: "2单元".into(),
        room: " 301 ".into(),
        members: vec![member("m1", "王秀兰", Some(1948), true)],
        emergency: None,
        note: String::new(),
    };
    let ok = good.clone().validated(2026).unwrap();
    assert_eq!((ok.unit.as_str(), ok.room.as_str()), ("2", "301"));
    type Edit = fn(&mut SaveHouseholdArgs);
    let cases: [(Edit, &str, &str); 6] = [
        (|a| a.members.clear(), "members", "请至少填写一位家庭成员"),
        (
            |a| a.members[0].name = " ".into(),
            "members.0.name",
            "请填写姓名",
        ),
        (
            |a| a.members[0].birth_year = Some(2030),
            "members.0.birth_year",
            "出生年份应在 1900 到 2026 年之间",
        ),
        (
            |a| a.members[0].phone = Some("123".into()),
            "members.0.phone",
            "电话应为手机号或座机号",
        ),
        (
            |a| {
                a.emergency = Some(EmergencyContact {
                    name: String::new(),
                    phone: "13900000002".into(),
                    relation: String::new(),
                })
            },
            "emergency.name",
            "请填写紧急联系人姓名",
        ),
        (|a| a.room.clear(), "room", "请填写房号"),
    ];
    for (edit, field, message) in cases {
        let mut a = good.clone();
        edit(&mut a);
        let err = a.validated(2026).unwrap_err();
        assert_eq!(err.fields[0].field, field);
        assert_eq!(err.fields[0].message, message);
    }
    let twice = SetTagsArgs {
        household_id: "h1".into(),
        tags: vec![Tag::Alone, Tag::Alone],
    };
    assert_eq!(
        twice.validated().unwrap_err().fields[0].message,
        "同一个标签只能选一次"
    );
    let grade = SetTagsArgs {
        household_id: "h1".into(),
        tags: vec![Tag::Disability { grade: Some(7) }],
    };
    assert_eq!(
        grade.validated().unwrap_err().fields[0].message,
        "残疾等级应为一到四级"
    );
}

fn mutation(name: &str, args: serde_json::Value, created_at: Millis) -> Mutation {
    Mutation {
        client_id: "device".into(),
        seq: 1,
        mutation_id: uuid::Uuid::nil(),
        name: name.into(),
        args,
        created_at,
    }
}

/// A visit logged offline shows at once: off today's list, in the history, and with
/// 需要帮助 a case in 说事 with the visit's id.
#[test]
fn a_logged_contact_shows_at_once() {
    let mut view = View::default();
    let mut h = household("h1", "3栋", "301", vec![]);
    h.contacts = Contacts::default().after(ContactKind::Visit, Outcome::Normal, at("2026-05-01"));
    view.put(HOUSEHOLDS, "h1", &h);
    let today = at("2026-12-01");
    let id = "6f1c2d9e-0000-4000-8000-000000000001";
    let m = mutation(
        LOG_CONTACT,
        serde_json::json!({"id": id, "household_id": "h1", "kind": "visit", "outcome": "needs_help", "note": "水管漏了"}),
        today,
    );
    assert!(crate::sync::feature::apply(&[RULES], &m, &mut view));
    let h: Household = view.row(HOUSEHOLDS, "h1").unwrap();
    assert!(today_list(&[h], china_day(today), ContactKind::Visit).is_empty());
    let visit: Visit = view.row(VISITS, id).unwrap();
    assert_eq!(
        (visit.outcome, visit.case_id.as_deref()),
        (Outcome::NeedsHelp, Some(id))
    );
    let case: Report = view.row(report::REPORTS, id).unwrap();
    assert_eq!(case.reporter_name, "张大爷");
    assert_eq!(case.description, "上门走访时居民需要帮助：水管漏了");
    assert_eq!(case.contact_phone.as_deref(), Some("13900000001"));
}

/// A household registered offline is on the list at once, named by its building as its
/// neighbours are, and keeps its tags and contacts when it is corrected.
#[test]
fn a_household_registered_offline_shows_at_once() {
    let mut view = View::default();
    view.put(HOUSEHOLDS, "h1", &household("h1", "3栋", "301", vec![]));
    let today = at("2026-12-01");
    let save = |id: &str, room: &str| {
        serde_json::json!({"id": id, "building_id": "b-3栋", "unit": "2", "room": room,
            "members": [{"id": "m9", "name": "钱奶奶", "birth_year": 1940, "lives_here": true}]})
    };
    let new = mutation(SAVE_HOUSEHOLD, save("h2", "202"), today);
    assert!(crate::sync::feature::apply(&[RULES], &new, &mut view));
    let tags = serde_json::json!({"household_id": "h2", "tags": [{"kind": "alone"}]});
    assert!(crate::sync::feature::apply(
        &[RULES],
        &mutation(SET_TAGS, tags, today),
        &mut view
    ));
    let h: Household = view.row(HOUSEHOLDS, "h2").unwrap();
    assert_eq!(h.flat(), "3栋 2单元 202");
    assert_eq!(h.kinds, [TagKind::Alone, TagKind::Aged]);
    let due = today_list(
        std::slice::from_ref(&h),
        china_day(today),
        ContactKind::Visit,
    );
    assert_eq!(due.len(), 1, "never visited: due the day it is registered");

    let moved = mutation(SAVE_HOUSEHOLD, save("h2", "203"), at("2026-12-02"));
    assert!(crate::sync::feature::apply(&[RULES], &moved, &mut view));
    let h: Household = view.row(HOUSEHOLDS, "h2").unwrap();
    assert_eq!((h.room.as_str(), h.tags.len()), ("203", 1));
    assert_eq!(h.registered_at, today);
}

/// Who sees which households on their device: the table of sights.
#[test]
fn sights_by_role_and_building() {
    use Role::*;
    let grid = ["b1".to_owned(), "b2".to_owned()];
    let at = |building: Option<&'static str>| crate::access::Standing {
        building_id: building,
        grid: &grid,
        street_office: "金石街道",
    };
    let none: &[String] = &[];
    let head = crate::access::Standing {
        building_id: Some("b3"),
        grid: none,
        street_office: "",
    };
    let cases = [
        (GridWorker, at(None), "b1", false, Some(Sight::Full)),
        (GridWorker, at(None), "b12", false, None),
        (GridWorker, at(Some("b12")), "b12", true, Some(Sight::Own)),
        (
            CommunityWorker,
            at(None),
            "b12",
            false,
            Some(Sight::Summary),
        ),
        (Admin, at(None), "b1", false, Some(Sight::Summary)),
        (BuildingHead, head, "b3", false, Some(Sight::Summary)),
        (BuildingHead, head, "b3", true, Some(Sight::Own)),
        (BuildingHead, head, "b1", false, None),
        (Resident, head, "b3", true, Some(Sight::Own)),
        (Resident, head, "b3", false, None),
        (Property, head, "b3", false, None),
        (StreetAdmin, head, "b3", false, None),
    ];
    for (role, standing, building, own, sight) in cases {
        assert_eq!(
            sight_of(role, &standing, building, own),
            sight,
            "{role:?} {building} {own}"
        );
    }
    assert!(may_set_rhythms(CommunityWorker) && !may_set_rhythms(GridWorker));
    assert_eq!(list_reach(BuildingHead), Reach::Building);
    assert_eq!(register_reach(BuildingHead), Reach::Nowhere);
}

/// A resident's address finds their household however the unit is written.
#[test]
fn residents_are_found_in_their_flat() {
    let h = household("h", "3栋", "301", vec![]);
    let cases = [
        ("b-3栋", "1", "301", true),
        ("b-3栋", "1单元", " 301 ", true),
        ("b-3栋", "2单元", "301", false),
        ("b-3栋", "1", "302", false),
        ("b-5栋", "1", "301", false),
    ];
    for (building, unit, room, found) in cases {
        assert_eq!(
            h.is_at(building, unit, room),
            found,
            "{building} {unit} {room}"
        );
    }
}

/// 需要帮助 files for the household on its own phone, else its emergency contact's, else
/// the phone of whoever logged it.
#[test]
fn a_help_case_is_followed_on_the_households_phone() {
    let a = LogContactArgs {
        id: "6f1c2d9e-0000-4000-8000-000000000002".into(),
        household_id: "h".into(),
        kind: ContactKind::Call,
        outcome: Outcome::NeedsHelp,
        note: String::new(),
    };
    let mut h = household("h", "3栋", "301", vec![]);
    let phone = |h: &Household| help_submission(&a, h, Some("13800000003")).contact_phone;
    assert_eq!(phone(&h).as_deref(), Some("13900000001"));
    h.members[0].phone = None;
    assert_eq!(phone(&h).as_deref(), Some("13900000002"));
    h.emergency = None;
    assert_eq!(phone(&h).as_deref(), Some("13800000003"));
    let filed = help_submission(&a, &h, Some("13800000003"));
    assert_eq!(filed.on_behalf.unwrap().channel, report::Channel::Phone);
    assert_eq!(filed.description, "电话问候时居民需要帮助，请尽快联系");
    assert!(
        help_submission(&a, &h, Some("13800000003"))
            .validated()
            .is_ok()
    );
}
