//! What devices pull of 议事: the topics a person may see — staff every topic of the
//! community, a resident those whose audience they belong to — each with the person's own
//! vote as far as they may see it (of a secret topic only that they have voted), and the
//! opinions of those topics.

use std::collections::{HashMap, HashSet};

use linli_core::deliberation::{Audience, MyVote, OPINIONS, TOPICS, Topic, VoterUnit};
use linli_core::sync::Change;

use super::db::{self, Member, TopicRecord, VoterRow};
use super::mutations::as_topic;
use crate::auth::CurrentUser;
use crate::db::Conn;
use crate::sync::pull::{Viewer, Window};

/// Staff see every topic (and never a secret choice); 物业 none.
fn sees(user: &CurrentUser, me: Option<&Member>, audience: &Audience) -> bool {
    user.role.is_staff() || me.is_some_and(|m| m.in_audience(audience))
}

async fn audience_label(tx: &mut Conn, t: &TopicRecord) -> sqlx::Result<String> {
    Ok(match &t.audience {
        Audience::Community => "全社区居民".to_owned(),
        Audience::Representatives => "居民代表".to_owned(),
        Audience::Buildings { building_ids } => {
            format!(
                "{}居民",
                db::building_names(tx, building_ids).await?.join("、")
            )
        }
    })
}

/// The viewer's ballot on a topic: their own, or their household's.
async fn my_vote(
    tx: &mut Conn,
    t: &TopicRecord,
    me: &Member,
    ballots: &[VoterRow],
) -> sqlx::Result<Option<MyVote>> {
    let Some(spec) = &t.vote else {
        return Ok(None);
    };
    let Some(key) = me.voter_key(spec.per) else {
        return Ok(None);
    };
    let Some(row) = ballots
        .iter()
        .find(|b| b.topic_id == t.id && b.voter_key == key)
    else {
        return Ok(None);
    };
    let choice = if spec.secret {
        None
    } else {
        db::open_choice(tx, &t.id, &key).await?
    };
    Ok(Some(MyVote {
        choice,
        cast_at: row.cast_at,
        channel: row.channel,
        recorded_by: row.recorded_by_name.clone(),
        by_household: spec.per == VoterUnit::Household && row.user_id != me.id,
    }))
}

pub async fn topics(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::changed_topics(tx, viewer.community_id, w).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let me = db::member(tx, viewer.community_id, &user.id).await?;
    let keys: Vec<String> = me
        .iter()
        .flat_map(|m| [VoterUnit::Resident, VoterUnit::Household].map(|per| m.voter_key(per)))
        .flatten()
        .collect();
    let ballots = db::voters_of(tx, &keys).await?;
    let ids: Vec<&str> = rows.iter().map(|r| r.row.id.as_str()).collect();
    let mut follow_ups: HashMap<String, Vec<_>> = HashMap::new();
    for f in db::follow_ups(tx, &ids).await? {
        follow_ups
            .entry(f.topic_id.clone())
            .or_default()
            .push(f.into_follow_up());
    }
    let mut changes = Vec::with_capacity(rows.len());
    for v in rows {
        let t = v.row;
        let data = if sees(user, me.as_ref(), &t.audience) {
            let mut shown: Topic = as_topic(&t);
            shown.audience_label = audience_label(tx, &t).await?;
            shown.follow_ups = follow_ups.remove(&t.id).unwrap_or_default();
            if let Some(spec) = &t.vote {
                shown.voted = db::voted(tx, &t.id).await?;
                shown.audience_size = match &t.result {
                    Some(r) => r.audience,
                    None => {
                        db::audience_size(tx, &t.community_id, &t.audience, spec.per)
                            .await?
                            .total
                    }
                };
            }
            if let Some(me) = &me {
                shown.may_vote = me.in_audience(&t.audience)
                    && t.vote
                        .as_ref()
                        .is_some_and(|s| me.voter_key(s.per).is_some());
                shown.my_vote = my_vote(tx, &t, me, &ballots).await?;
            }
            serde_json::to_value(shown).ok()
        } else {
            None
        };
        changes.push(Change {
            collection: TOPICS.to_owned(),
            id: t.id,
            version: v.version as u64,
            data,
        });
    }
    Ok(changes)
}

pub async fn opinions(tx: &mut Conn, viewer: &Viewer<'_>, w: &Window) -> sqlx::Result<Vec<Change>> {
    let Some(user) = viewer.user else {
        return Ok(Vec::new());
    };
    let rows = db::changed_opinions(tx, viewer.community_id, w).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let me = db::member(tx, viewer.community_id, &user.id).await?;
    let supported: HashSet<String> = db::supported_by(tx, &user.id).await?.into_iter().collect();
    let mut visible: HashMap<String, bool> = HashMap::new();
    let mut changes = Vec::with_capacity(rows.len());
    for o in rows {
        let sees_topic = match visible.get(&o.topic_id) {
            Some(seen) => *seen,
            None => {
                let seen = db::topic(tx, &o.topic_id)
                    .await?
                    .is_some_and(|t| sees(user, me.as_ref(), &t.audience));
                visible.insert(o.topic_id.clone(), seen);
                seen
            }
        };
        let (id, version) = (o.id.clone(), o.version as u64);
        let data = sees_topic
            .then(|| {
                let supported = supported.contains(&o.id);
                serde_json::to_value(o.for_viewer(&user.id, user.role.is_staff(), supported)).ok()
            })
            .flatten();
        changes.push(Change {
            collection: OPINIONS.to_owned(),
            id,
            version,
            data,
        });
    }
    Ok(changes)
}
