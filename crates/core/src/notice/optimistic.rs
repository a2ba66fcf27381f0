//! How notice mutations change what the person sees before the server decides.

use serde_json::json;

use super::{
    ACKNOWLEDGE, AcknowledgeArgs, NOTICE_ACKS, NOTICES, PUBLISH, PublishArgs, WITHDRAW,
    WithdrawArgs,
};
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: PUBLISH,
        apply: publish,
    },
    Rule {
        mutation: WITHDRAW,
        apply: withdraw,
    },
    Rule {
        mutation: ACKNOWLEDGE,
        apply: acknowledge,
    },
];

fn publish(m: &Mutation, view: &mut View) {
    let Ok(args) = m.args::<PublishArgs>() else {
        return;
    };
    let old = view.get(NOTICES, &args.id);
    let published_at = old
        .and_then(|n| n["published_at"].as_i64())
        .unwrap_or(m.created_at);
    let author_name = old
        .and_then(|n| n["author_name"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "我".to_owned());
    view.upsert(
        NOTICES,
        &args.id.clone(),
        json!({
            "id": args.id,
            "community_id": "",
            "category": args.category,
            "importance": args.importance,
            "title": args.title,
            "body": args.body,
            "pinned": args.pinned,
            "audience": args.audience,
            "author_name": author_name,
            "published_at": published_at,
            "expires_at": args.expires_at,
            "call_after_hours": args.call_after_hours,
        }),
    );
}

fn withdraw(m: &Mutation, view: &mut View) {
    if let Ok(args) = m.args::<WithdrawArgs>() {
        view.delete(NOTICES, &args.notice_id);
    }
}

fn acknowledge(m: &Mutation, view: &mut View) {
    if let Ok(args) = m.args::<AcknowledgeArgs>() {
        view.upsert(
            NOTICE_ACKS,
            &args.ack_id(),
            json!({
                "notice_id": args.notice_id,
                "user_id": args.user_id,
                "acknowledged_at": m.created_at,
            }),
        );
    }
}
