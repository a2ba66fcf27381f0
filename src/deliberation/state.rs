//! The 议事 rows on the device, as the pages read them.

use linli_core::deliberation::{OPINIONS, Opinion, TOPICS, Topic, VOTE, vote_waits};

use crate::state::sync::{Collection, use_sync};

fn all_topics() -> Collection<Topic> {
    use_sync().collection(TOPICS)
}

/// Every topic: those still asking something first, by deadline; then the rest, newest
/// first. Each with whether a write of the person's on it waits to be sent.
pub fn topics() -> Vec<(Topic, bool)> {
    let mut list: Vec<(Topic, bool)> = all_topics()
        .rows()
        .iter()
        .map(|r| (r.value.clone(), r.pending))
        .collect();
    list.sort_by_key(|(t, _)| {
        (
            !t.is_open(),
            t.is_open().then(|| t.deadline()).flatten(),
            std::cmp::Reverse(t.created_at),
        )
    });
    list
}

/// One topic, with whether a write of the person's on it waits to be sent.
pub fn topic(id: &str) -> Option<(Topic, bool)> {
    let topics = all_topics();
    Some((topics.get(id)?, topics.is_pending(id)))
}

/// How many votes wait for the person: topics voting now that they may vote on and have not.
pub fn votes_waiting() -> usize {
    let sync = use_sync();
    let cast = sync.pending_args(VOTE);
    sync.collection::<serde_json::Value>(TOPICS)
        .rows()
        .iter()
        .filter(|r| vote_waits(&r.value, &cast))
        .count()
}

/// The topics that grew from a 说事 case.
pub fn topics_of_case(case_id: &str) -> Vec<Topic> {
    all_topics()
        .values()
        .into_iter()
        .filter(|t| t.case_id.as_deref() == Some(case_id))
        .collect()
}

/// A topic's opinions, most supported first, each with whether it waits to be sent.
pub fn opinions(topic_id: &str) -> Vec<(Opinion, bool)> {
    let mut list: Vec<(Opinion, bool)> = use_sync()
        .collection::<Opinion>(OPINIONS)
        .rows()
        .iter()
        .filter(|r| r.value.topic_id == topic_id)
        .map(|r| (r.value.clone(), r.pending))
        .collect();
    list.sort_by_key(|(o, _)| (std::cmp::Reverse(o.supporters), o.created_at));
    list
}
