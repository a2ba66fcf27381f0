//! How 议事 mutations change what the person sees before the server decides: a vote
//! cast offline shows at once as the person's vote, marked 待发送.

use super::*;
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: SAVE_TOPIC,
        apply: save_topic,
    },
    Rule {
        mutation: ADVANCE,
        apply: advance,
    },
    Rule {
        mutation: CLOSE,
        apply: close,
    },
    Rule {
        mutation: FOLLOW_UP,
        apply: follow_up,
    },
    Rule {
        mutation: OPINE,
        apply: opine,
    },
    Rule {
        mutation: SUPPORT,
        apply: support,
    },
    Rule {
        mutation: REPLY,
        apply: reply,
    },
    Rule {
        mutation: HIDE,
        apply: hide,
    },
    Rule {
        mutation: VOTE,
        apply: vote,
    },
    Rule {
        mutation: PROXY_VOTE,
        apply: proxy_vote,
    },
];

const ME: &str = "我";

fn save_topic(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<SaveTopicArgs>() else {
        return;
    };
    let topic = match view.row::<Topic>(TOPICS, &a.id) {
        Some(t) => Topic {
            title: a.title,
            background: a.background,
            raised_by: a.raised_by,
            case_id: a.case_id,
            audience: a.audience,
            stages: a.stages,
            vote: a.vote,
            ..t
        },
        None => Topic {
            stage: a.stages.first().map_or(Stage::Consult, |p| p.stage),
            id: a.id,
            title: a.title,
            background: a.background,
            raised_by: a.raised_by,
            case_id: a.case_id,
            audience_label: String::new(),
            audience: a.audience,
            stages: a.stages,
            vote: a.vote,
            audience_size: 0,
            voted: 0,
            may_vote: false,
            my_vote: None,
            result: None,
            notice_id: None,
            follow_ups: Vec::new(),
            created_at: m.created_at,
            closed_at: None,
        },
    };
    view.put(TOPICS, &topic.id.clone(), &topic);
}

fn advance(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<AdvanceArgs>() {
        view.modify(TOPICS, &a.topic_id, |t: &mut Topic| {
            if may_advance(t, a.to).is_ok() {
                t.stage = a.to;
            }
        });
    }
}

fn close(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CloseArgs>() {
        view.modify(TOPICS, &a.topic_id, |t: &mut Topic| {
            if t.closed_at.is_none() {
                t.closed_at = Some(m.created_at);
                t.notice_id = Some(a.notice_id.clone());
                if t.plan(Stage::Result).is_some() {
                    t.stage = Stage::Result;
                }
            }
        });
    }
}

fn follow_up(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<FollowUpArgs>() {
        view.modify(TOPICS, &a.topic_id, |t: &mut Topic| {
            t.follow_ups.push(FollowUp {
                id: a.id.clone(),
                at: m.created_at,
                text: a.text.trim().to_owned(),
                by_name: ME.to_owned(),
            });
        });
    }
}

fn opine(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<OpineArgs>() {
        let opinion = Opinion {
            id: a.id.clone(),
            topic_id: a.topic_id,
            author_name: ME.to_owned(),
            text: Some(a.text.trim().to_owned()),
            supporters: 0,
            mine: true,
            supported: false,
            reply: None,
            reply_by: None,
            hidden_reason: None,
            created_at: m.created_at,
        };
        view.put(OPINIONS, &a.id, &opinion);
    }
}

fn support(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<SupportArgs>() {
        view.modify(OPINIONS, &a.opinion_id, |o: &mut Opinion| {
            if !o.supported && !o.mine {
                o.supported = true;
                o.supporters += 1;
            }
        });
    }
}

fn reply(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<ReplyArgs>() {
        view.modify(OPINIONS, &a.opinion_id, |o: &mut Opinion| {
            o.reply = Some(a.text.trim().to_owned());
            o.reply_by = Some(ME.to_owned());
        });
    }
}

fn hide(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<HideArgs>() {
        view.modify(OPINIONS, &a.opinion_id, |o: &mut Opinion| {
            o.hidden_reason = Some(a.reason.trim().to_owned());
        });
    }
}

fn vote(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<VoteArgs>() {
        view.modify(TOPICS, &a.topic_id, |t: &mut Topic| {
            let Some(spec) = &t.vote else {
                return;
            };
            let Ok(choice) = spec.checked_choice(&a.choice) else {
                return;
            };
            if t.my_vote.is_some() && spec.secret {
                return;
            }
            if t.my_vote.is_none() {
                t.voted += 1;
            }
            t.my_vote = Some(MyVote {
                choice: (!spec.secret).then_some(choice),
                cast_at: m.created_at,
                channel: VoteChannel::App,
                recorded_by: None,
                by_household: false,
            });
        });
    }
}

/// Staff see the topic marked 待发送 until the server has the paper vote.
fn proxy_vote(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<ProxyVoteArgs>() {
        view.modify(TOPICS, &a.topic_id, |_: &mut Topic| {});
    }
}
