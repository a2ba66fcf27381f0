use super::tally::meets;
use super::*;
use crate::sync::{Mutation, View, feature};

const H: Millis = 3_600_000;
const DAY: Millis = 24 * H;

fn spec(kind: BallotKind, per: VoterUnit, secret: bool, rule: DecisionRule) -> VoteSpec {
    let options = ["东门车棚", "3栋北侧", "地下车库入口"]
        .iter()
        .enumerate()
        .map(|(i, label)| VoteOption {
            id: format!("o{i}"),
            label: (*label).to_owned(),
        })
        .collect();
    VoteSpec {
        kind,
        options,
        per,
        secret,
        rule,
    }
}

fn approval(rule: DecisionRule) -> VoteSpec {
    spec(BallotKind::Approval, VoterUnit::Household, false, rule)
}

/// A topic voting from day 1 to day 8.
fn topic(vote: VoteSpec) -> Topic {
    Topic {
        id: "t1".into(),
        title: "电动车充电桩装在哪里".into(),
        background: "楼道里充电不安全".into(),
        raised_by: "居委会".into(),
        case_id: None,
        audience: Audience::Community,
        audience_label: "全社区居民".into(),
        stages: vec![
            StagePlan {
                stage: Stage::Consult,
                starts_at: 0,
                ends_at: Some(DAY),
            },
            StagePlan {
                stage: Stage::Vote,
                starts_at: DAY,
                ends_at: Some(8 * DAY),
            },
            StagePlan {
                stage: Stage::Result,
                starts_at: 8 * DAY,
                ends_at: None,
            },
        ],
        stage: Stage::Vote,
        vote: Some(vote),
        audience_size: 10,
        voted: 0,
        may_vote: true,
        my_vote: None,
        result: None,
        notice_id: None,
        follow_ups: vec![],
        created_at: 0,
        closed_at: None,
    }
}

#[test]
fn decision_rules_count_as_their_words_say() {
    use DecisionRule::*;
    // (rule, yes, cast, audience, met)
    let cases = [
        (MajorityOfCast, 6, 10, 100, true),
        (MajorityOfCast, 5, 10, 100, false),
        (MajorityOfCast, 0, 0, 100, false),
        (MajorityOfAudience, 51, 60, 100, true),
        (MajorityOfAudience, 50, 60, 100, false),
        (MajorityOfAudience, 30, 31, 100, false),
        (TwoThirdsTurnout, 34, 67, 100, true),
        (TwoThirdsTurnout, 33, 67, 100, false),
        (TwoThirdsTurnout, 66, 66, 100, false),
        (TwoThirdsTurnout, 2, 2, 3, true),
        (TwoThirdsTurnout, 1, 1, 3, false),
    ];
    for (rule, yes, cast, audience, met) in cases {
        assert_eq!(
            meets(rule, yes, cast, audience),
            met,
            "{rule:?} {yes}/{cast}/{audience}"
        );
    }
}

fn ballot(voter: &str, building: &str, at: Millis, choice: &[&str]) -> OpenBallot {
    OpenBallot {
        voter: voter.into(),
        building: Some(building.into()),
        cast_at: at,
        choice: choice.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[test]
fn the_latest_ballot_before_the_end_stands_per_voter() {
    let end = Some(8 * DAY);
    // (ballots, standing (voter, choice))
    type Case<'a> = (Vec<OpenBallot>, Vec<(&'a str, &'a str)>);
    let cases: [Case; 4] = [
        (
            // Changed: the later one wins, whichever arrived first.
            vec![
                ballot("3-2-301", "3栋", 3 * DAY, &[OPPOSE]),
                ballot("3-2-301", "3栋", 2 * DAY, &[AGREE]),
            ],
            vec![("3-2-301", OPPOSE)],
        ),
        (
            // Two phones of one household: one ballot, the later.
            vec![
                ballot("3-2-301", "3栋", 2 * DAY, &[AGREE]),
                ballot("3-2-301", "3栋", 2 * DAY + H, &[ABSTAIN]),
                ballot("3-1-102", "3栋", 2 * DAY, &[AGREE]),
            ],
            vec![("3-1-102", AGREE), ("3-2-301", ABSTAIN)],
        ),
        (
            // A change cast after the end does not replace the one before it.
            vec![
                ballot("3-2-301", "3栋", 2 * DAY, &[AGREE]),
                ballot("3-2-301", "3栋", 8 * DAY, &[OPPOSE]),
            ],
            vec![("3-2-301", AGREE)],
        ),
        (
            // Only late: nothing stands.
            vec![ballot("5-1-101", "5栋", 9 * DAY, &[AGREE])],
            vec![],
        ),
    ];
    for (ballots, standing) in cases {
        let kept: Vec<(&str, &str)> = latest_per_voter(&ballots, end)
            .into_iter()
            .map(|b| (b.voter.as_str(), b.choice[0].as_str()))
            .collect();
        assert_eq!(kept, standing);
    }
}

#[test]
fn late_votes_and_wrong_clocks_are_refused() {
    let t = topic(approval(DecisionRule::MajorityOfCast));
    let now = 9 * DAY;
    let mut closed = t.clone();
    closed.closed_at = Some(8 * DAY + H);
    let mut consulting = t.clone();
    consulting.stage = Stage::Consult;
    // (topic, tapped at, received at, counts)
    let cases = [
        (&t, 7 * DAY, now, true),
        (&t, 8 * DAY - 1, now, true),
        (&t, 8 * DAY, now, false),
        (&t, DAY - 1, 2 * DAY, false),
        (&t, 3 * DAY + 4 * 60_000, 3 * DAY, true),
        (&t, 3 * DAY + 6 * 60_000, 3 * DAY, false),
        (&closed, 7 * DAY, now, false),
        (&consulting, 2 * DAY, 2 * DAY, false),
    ];
    for (topic, at, now, counts) in cases {
        assert_eq!(
            accepts_vote(topic, at, now).is_ok(),
            counts,
            "{at} {now} {:?}",
            accepts_vote(topic, at, now)
        );
    }
    assert_eq!(
        accepts_vote(&closed, 7 * DAY, now).unwrap_err(),
        "投票已经结束，结果已公布"
    );
}

#[test]
fn choices_are_checked_against_the_ballot() {
    let multiple = spec(
        BallotKind::Multiple { max: 2 },
        VoterUnit::Resident,
        false,
        DecisionRule::MajorityOfCast,
    );
    let single = spec(
        BallotKind::Single,
        VoterUnit::Resident,
        false,
        DecisionRule::MajorityOfCast,
    );
    let yes_no = approval(DecisionRule::MajorityOfCast);
    let s = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Choice>();
    // (spec, choice, Ok(tidied) or Err(message))
    let cases: [(&VoteSpec, Choice, Result<Choice, &str>); 7] = [
        (&single, s(&["o1"]), Ok(s(&["o1"]))),
        (&single, s(&["o1", "o2"]), Err("只能选一项")),
        (&single, s(&[]), Err("请先选择")),
        (&multiple, s(&["o2", "o0", "o2"]), Ok(s(&["o0", "o2"]))),
        (&multiple, s(&["o0", "o1", "o2"]), Err("最多选 2 项")),
        (&yes_no, s(&[AGREE]), Ok(s(&[AGREE]))),
        (&yes_no, s(&["o1"]), Err("选项无效，请刷新页面后重新选择")),
    ];
    for (spec, choice, expected) in cases {
        let got = spec
            .checked_choice(&choice)
            .map_err(|e| e.fields[0].message.clone());
        assert_eq!(got, expected.map_err(str::to_owned), "{choice:?}");
    }
}

fn audience(sizes: &[(&str, u32)]) -> AudienceSize {
    AudienceSize {
        total: sizes.iter().map(|(_, n)| n).sum(),
        by_building: sizes.iter().map(|(b, n)| ((*b).to_owned(), *n)).collect(),
    }
}

#[test]
fn a_household_vote_is_tallied_with_turnout_by_building() {
    let spec = approval(DecisionRule::TwoThirdsTurnout);
    let ballots = vec![
        ballot("3-1-101", "3栋", 2 * DAY, &[AGREE]),
        ballot("3-1-101", "3栋", 3 * DAY, &[AGREE]),
        ballot("3-1-102", "3栋", 2 * DAY, &[OPPOSE]),
        ballot("3-2-301", "3栋", 2 * DAY, &[AGREE]),
        ballot("3-2-302", "3栋", 9 * DAY, &[OPPOSE]),
    ];
    let standing = latest_per_voter(&ballots, Some(8 * DAY));
    let buildings: Vec<Option<String>> = standing.iter().map(|b| b.building.clone()).collect();
    let choices: Vec<Choice> = standing.iter().map(|b| b.choice.clone()).collect();
    let r = tally(&spec, &audience(&[("3栋", 4)]), &buildings, &choices);
    assert_eq!(r.cast, 3);
    assert_eq!(
        r.counts.iter().map(|c| c.count).collect::<Vec<_>>(),
        [2, 1, 0]
    );
    assert!(r.passed);
    assert_eq!(r.by_building[0].voted, 3);
    assert_eq!(r.by_building[0].audience, 4);
    assert_eq!(
        r.summary,
        "应投 4 户，实投 3 户（75%）。同意 2 票，反对 1 票，弃权 0 票。按“三分之二以上的应投票人参加投票，且赞成票超过参加人数的一半即通过”的规则，结果：通过。"
    );
}

#[test]
fn choices_between_options_adopt_the_leader_only_by_the_rule() {
    let single = spec(
        BallotKind::Single,
        VoterUnit::Resident,
        true,
        DecisionRule::MajorityOfCast,
    );
    let c = |id: &str| vec![id.to_owned()];
    let size = audience(&[("1栋", 10)]);
    // (choices, adopted)
    let cases: [(Vec<Choice>, Vec<&str>); 3] = [
        (vec![c("o0"), c("o0"), c("o1")], vec!["o0"]),
        (vec![c("o0"), c("o1"), c("o2")], vec![]),
        (vec![c("o0"), c("o0"), c("o1"), c("o1")], vec![]),
    ];
    for (choices, adopted) in cases {
        let buildings = vec![Some("1栋".to_owned()); choices.len()];
        let r = tally(&single, &size, &buildings, &choices);
        assert_eq!(r.adopted, adopted, "{choices:?}");
        assert_eq!(r.passed, !adopted.is_empty());
    }
    let multiple = spec(
        BallotKind::Multiple { max: 2 },
        VoterUnit::Resident,
        false,
        DecisionRule::MajorityOfCast,
    );
    let two = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
    let r = tally(
        &multiple,
        &size,
        &[None, None, None],
        &[two("o0", "o1"), two("o0", "o2"), c("o1")],
    );
    assert_eq!(r.adopted, ["o0", "o1"]);
    assert!(r.summary.contains("结果：通过（东门车棚、3栋北侧）"));
    assert_eq!(r.by_building.last().unwrap().building, "未登记楼栋");
}

fn save_args() -> SaveTopicArgs {
    SaveTopicArgs {
        id: "t1".into(),
        title: " 电动车充电桩装在哪里 ".into(),
        background: "楼道里充电不安全".into(),
        raised_by: "居委会".into(),
        case_id: Some(" ".into()),
        audience: Audience::Community,
        stages: topic(approval(DecisionRule::MajorityOfCast)).stages,
        vote: Some(approval(DecisionRule::MajorityOfCast)),
    }
}

#[test]
fn topics_are_tidied_and_checked_in_plain_words() {
    let ok = save_args().validated().unwrap();
    assert_eq!(ok.title, "电动车充电桩装在哪里");
    assert_eq!(ok.case_id, None);
    type Edit = fn(&mut SaveTopicArgs);
    let cases: [(Edit, &str, &str); 8] = [
        (|a| a.title = " ".into(), "title", "请填写议题"),
        (
            |a| a.background = String::new(),
            "background",
            "请填写背景说明",
        ),
        (
            |a| {
                a.audience = Audience::Buildings {
                    building_ids: vec![],
                }
            },
            "audience",
            "请至少选择一栋楼，或选择全社区",
        ),
        (|a| a.stages.clear(), "stages", "请至少安排一个阶段"),
        (
            |a| a.stages.swap(0, 1),
            "stages",
            "阶段的先后应是：征集意见、投票、结果公示、落实情况",
        ),
        (
            |a| a.stages[1].ends_at = None,
            "stages",
            "征集意见和投票要写明截止时间",
        ),
        (|a| a.vote = None, "vote", "有投票阶段，请设置怎么投票"),
        (
            |a| {
                a.vote = Some(spec(
                    BallotKind::Single,
                    VoterUnit::Resident,
                    false,
                    DecisionRule::MajorityOfCast,
                ));
                a.vote.as_mut().unwrap().options.truncate(1);
            },
            "vote.options",
            "请至少写两个选项",
        ),
    ];
    for (edit, field, message) in cases {
        let mut a = save_args();
        edit(&mut a);
        let err = a.validated().unwrap_err();
        let f = err.fields.iter().find(|f| f.field == field);
        assert_eq!(f.map(|f| f.message.as_str()), Some(message), "{err:?}");
    }
    // A pure consultation: no vote needed.
    let mut consult = save_args();
    consult.stages.truncate(1);
    consult.vote = None;
    assert!(consult.validated().is_ok());
}

#[test]
fn stages_move_on_only_forward_and_past_the_vote_only_by_closing() {
    let mut t = topic(approval(DecisionRule::MajorityOfCast));
    t.stage = Stage::Consult;
    assert!(may_advance(&t, Stage::Vote).is_ok());
    assert!(may_advance(&t, Stage::Result).is_err());
    assert!(may_advance(&t, Stage::FollowUp).is_err());
    t.stage = Stage::Vote;
    assert!(may_advance(&t, Stage::Consult).is_err());
    assert_eq!(
        may_advance(&t, Stage::Result),
        Err("请先结束投票并公布结果")
    );
}

fn mutation(name: &str, args: serde_json::Value) -> Mutation {
    Mutation {
        client_id: "phone".into(),
        seq: 1,
        mutation_id: uuid::Uuid::nil(),
        name: name.into(),
        args,
        created_at: 3 * DAY,
    }
}

/// An offline vote shows at once as the person's, 待发送; a secret one without its choice.
#[test]
fn an_offline_vote_shows_at_once_as_waiting_to_be_sent() {
    for secret in [false, true] {
        let mut spec = approval(DecisionRule::MajorityOfCast);
        spec.secret = secret;
        let mut view = View::default();
        view.put(TOPICS, "t1", &topic(spec));
        let mut replica = crate::sync::Replica::new("phone");
        replica.server.insert(
            TOPICS.to_owned(),
            view.rows(TOPICS)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        replica.record(
            VOTE,
            serde_json::json!({"topic_id": "t1", "choice": [AGREE]}),
            uuid::Uuid::nil(),
            3 * DAY,
        );
        let seen = replica.view(|m, v| {
            feature::apply(&[RULES], m, v);
        });
        let t: Topic = seen.row(TOPICS, "t1").unwrap();
        assert!(seen.is_pending(TOPICS, "t1"));
        assert_eq!(t.voted, 1);
        let mine = t.my_vote.unwrap();
        assert_eq!(mine.cast_at, 3 * DAY);
        assert_eq!(mine.choice, (!secret).then(|| vec![AGREE.to_owned()]));
    }
}

#[test]
fn opinions_are_supported_once_and_hidden_with_a_reason() {
    let mut view = View::default();
    let opine = mutation(
        OPINE,
        serde_json::json!({"id": "op1", "topic_id": "t1", "text": " 装在东门车棚 "}),
    );
    assert!(feature::apply(&[RULES], &opine, &mut view));
    let mut o: Opinion = view.row(OPINIONS, "op1").unwrap();
    assert_eq!(o.text.as_deref(), Some("装在东门车棚"));
    o.mine = false;
    view.put(OPINIONS, "op1", &o);
    let support = mutation(SUPPORT, serde_json::json!({"opinion_id": "op1"}));
    feature::apply(&[RULES], &support, &mut view);
    feature::apply(&[RULES], &support, &mut view);
    let hide = mutation(
        HIDE,
        serde_json::json!({"opinion_id": "op1", "reason": "含有他人隐私"}),
    );
    feature::apply(&[RULES], &hide, &mut view);
    let o: Opinion = view.row(OPINIONS, "op1").unwrap();
    assert_eq!(o.supporters, 1);
    assert_eq!(o.hidden_label().as_deref(), Some("已隐藏：含有他人隐私"));
}

#[test]
fn a_vote_may_be_cast_while_open_and_a_secret_one_once() {
    let now = 3 * DAY;
    let mine = MyVote {
        choice: None,
        cast_at: 2 * DAY,
        channel: VoteChannel::App,
        recorded_by: None,
        by_household: false,
    };
    type Edit = fn(&mut Topic, &MyVote);
    // (change, may cast)
    let cases: [(Edit, bool); 6] = [
        (|_, _| {}, true),
        (|t, m| t.my_vote = Some(m.clone()), true),
        (
            |t, m| {
                t.vote.as_mut().unwrap().secret = true;
                t.my_vote = Some(m.clone());
            },
            false,
        ),
        (|t, _| t.may_vote = false, false),
        (|t, _| t.closed_at = Some(DAY), false),
        (|t, _| t.stage = Stage::Consult, false),
    ];
    for (i, (edit, may)) in cases.into_iter().enumerate() {
        let mut t = topic(approval(DecisionRule::MajorityOfCast));
        edit(&mut t, &mine);
        assert_eq!(t.may_cast(now), may, "case {i}");
    }
    let t = topic(approval(DecisionRule::MajorityOfCast));
    assert!(!t.may_cast(8 * DAY));
    let waiting = |t: &Topic| vote_waits(&serde_json::to_value(t).unwrap(), &[]);
    assert!(waiting(&t));
    // Cast on this phone and not yet sent: it waits no more, whatever the row still says.
    let row = serde_json::to_value(&t).unwrap();
    let cast = |topic_id: &str| serde_json::json!({"topic_id": topic_id, "choice": ["agree"]});
    assert!(!vote_waits(&row, &[cast(&t.id)]));
    assert!(vote_waits(&row, &[cast("another topic")]));
    let mut voted = t.clone();
    voted.my_vote = Some(mine.clone());
    assert!(!waiting(&voted));
    let mut closed = t.clone();
    closed.closed_at = Some(DAY);
    assert!(!waiting(&closed));
    assert_eq!(t.labels(&[OPPOSE.to_owned()]), ["反对"]);
}

#[test]
fn residents_are_told_how_the_vote_works_before_they_vote() {
    let mut s = approval(DecisionRule::MajorityOfAudience);
    assert_eq!(
        s.explained(),
        "每户投一票，家里谁投都算这一户的，选同意、反对或弃权。记名投票：截止前可以改票，以最后一次为准。赞成票超过应投票人数的一半即通过。"
    );
    s.secret = true;
    assert!(s.explained().contains("投出后不能修改"));
}
