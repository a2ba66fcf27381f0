//! Any interleaving of local writes, pushes and pulls over a transport that loses
//! requests and responses and delivers some twice converges, once the network is
//! back, to the server's state with every write applied exactly once.

use std::collections::{BTreeMap, HashMap};

use linli_core::error::ErrorCode;
use linli_core::sync::{
    Change, EntryState, Mutation, MutationResult, Outcome, PROTOCOL_VERSION, PullResponse,
    PushRequest, PushResponse, Replica, View,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

/// A server that applies each mutation once, keyed by `mutation_id`, and stamps
/// every change with an increasing version.
#[derive(Default)]
struct FakeServer {
    version: u64,
    rows: BTreeMap<String, (u64, Option<Value>)>,
    outcomes: HashMap<Uuid, Outcome>,
    applied: HashMap<Uuid, u32>,
    last_seq: HashMap<String, u64>,
}

impl FakeServer {
    fn push(&mut self, req: &PushRequest) -> PushResponse {
        let results = req
            .mutations
            .iter()
            .map(|m| {
                let outcome = match self.outcomes.get(&m.mutation_id) {
                    Some(done) => done.clone(),
                    None => {
                        let outcome = self.apply(m);
                        self.outcomes.insert(m.mutation_id, outcome.clone());
                        let last = self.last_seq.entry(m.client_id.clone()).or_default();
                        *last = (*last).max(m.seq);
                        outcome
                    }
                };
                MutationResult {
                    mutation_id: m.mutation_id,
                    seq: m.seq,
                    outcome,
                }
            })
            .collect();
        PushResponse {
            protocol: PROTOCOL_VERSION,
            results,
        }
    }

    fn apply(&mut self, m: &Mutation) -> Outcome {
        let text = m.args["text"].as_str().unwrap();
        if text == "bad" {
            return Outcome::Rejected {
                code: ErrorCode::Validation,
                reason: "内容不符合要求".into(),
                fields: vec![],
            };
        }
        *self.applied.entry(m.mutation_id).or_default() += 1;
        self.version += 1;
        let id = m.args["id"].as_str().unwrap().to_owned();
        let data = (text != "delete").then(|| json!(text));
        self.rows.insert(id, (self.version, data));
        Outcome::Applied { decision: None }
    }

    fn pull(&self, client_id: &str, since: u64, page: usize) -> PullResponse {
        let mut changed: Vec<_> = self.rows.iter().filter(|(_, (v, _))| *v > since).collect();
        changed.sort_by_key(|(_, (v, _))| *v);
        let has_more = changed.len() > page;
        changed.truncate(page);
        let cursor = if has_more {
            changed.last().map(|(_, (v, _))| *v).unwrap()
        } else {
            self.version
        };
        PullResponse {
            protocol: PROTOCOL_VERSION,
            cursor,
            has_more,
            last_applied_seq: self.last_seq.get(client_id).copied().unwrap_or(0),
            changes: changed
                .into_iter()
                .map(|(id, (version, data))| Change {
                    collection: "notes".into(),
                    id: id.clone(),
                    version: *version,
                    data: data.clone(),
                })
                .collect(),
        }
    }

    fn visible_rows(&self) -> BTreeMap<String, Value> {
        self.rows
            .iter()
            .filter_map(|(id, (_, data))| data.clone().map(|d| (id.clone(), d)))
            .collect()
    }
}

fn note_mutator(m: &Mutation, view: &mut View) {
    let id = m.args["id"].as_str().unwrap();
    match m.args["text"].as_str().unwrap() {
        "delete" => view.delete("notes", id),
        text => view.upsert("notes", id, json!(text)),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Write {
        id: u8,
        text: &'static str,
    },
    Push {
        lose_request: bool,
        lose_response: bool,
        twice: bool,
        batch: usize,
    },
    Pull {
        lose_response: bool,
        page: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..6, prop::sample::select(vec!["甲", "乙", "丙", "bad", "delete"]))
            .prop_map(|(id, text)| Op::Write { id, text }),
        3 => (any::<bool>(), any::<bool>(), any::<bool>(), 1usize..5).prop_map(
            |(lose_request, lose_response, twice, batch)| Op::Push { lose_request, lose_response, twice, batch }
        ),
        2 => (any::<bool>(), 1usize..4).prop_map(|(lose_response, page)| Op::Pull { lose_response, page }),
    ]
}

fn push(
    replica: &mut Replica,
    server: &mut FakeServer,
    batch: usize,
    lose_request: bool,
    lose_response: bool,
    twice: bool,
) {
    let req = PushRequest {
        protocol: PROTOCOL_VERSION,
        client_id: replica.client_id.clone(),
        mutations: replica.to_push(batch),
    };
    if req.mutations.is_empty() || lose_request {
        return;
    }
    let response = server.push(&req);
    if twice {
        server.push(&req);
    }
    if !lose_response {
        replica.apply_push(&response);
    }
}

fn pull(replica: &mut Replica, server: &FakeServer, page: usize, lose_response: bool) {
    loop {
        let response = server.pull(&replica.client_id, replica.cursor, page);
        if lose_response {
            return;
        }
        replica.apply_pull(&response);
        if !response.has_more {
            return;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn converges_with_every_write_applied_exactly_once(ops in prop::collection::vec(op(), 0..60)) {
        let mut server = FakeServer::default();
        let mut replica = Replica::new("device-a");
        let mut written = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            match *op {
                Op::Write { id, text } => {
                    let entry = replica.record("note.set", json!({"id": format!("n{id}"), "text": text}), Uuid::new_v4(), n as i64);
                    // What the person sees changes at once, marked as waiting to be sent.
                    let view = replica.view(note_mutator);
                    let key = format!("n{id}");
                    if text != "bad" && text != "delete" {
                        prop_assert_eq!(view.get("notes", &key), Some(&json!(text)));
                    }
                    prop_assert!(view.is_pending("notes", &key));
                    written.push(entry.mutation);
                }
                Op::Push { lose_request, lose_response, twice, batch } =>
                    push(&mut replica, &mut server, batch, lose_request, lose_response, twice),
                Op::Pull { lose_response, page } => pull(&mut replica, &server, page, lose_response),
            }
        }

        // The network is back: sync until nothing is left to send.
        for _ in 0..written.len() + 2 {
            push(&mut replica, &mut server, 100, false, false, false);
            pull(&mut replica, &server, 3, false);
        }

        prop_assert_eq!(replica.pending_count(), 0);
        for m in &written {
            let bad = m.args["text"] == "bad";
            prop_assert_eq!(server.applied.get(&m.mutation_id).copied().unwrap_or(0), if bad { 0 } else { 1 });
        }
        // Only refused writes remain in the outbox, each with its reason.
        let rejected: Vec<_> = replica.rejected().map(|e| e.mutation.mutation_id).collect();
        let bad: Vec<_> = written.iter().filter(|m| m.args["text"] == "bad").map(|m| m.mutation_id).collect();
        prop_assert_eq!(rejected, bad);
        prop_assert_eq!(replica.outbox.len(), replica.rejected().count());

        let view = replica.view(note_mutator);
        let seen: BTreeMap<String, Value> = view.rows("notes").map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(&seen, &server.visible_rows());
        prop_assert!(seen.keys().all(|id| !view.is_pending("notes", id)));

        // The last good write to each note is what everyone ends up with.
        let mut expected = BTreeMap::new();
        for m in written.iter().filter(|m| m.args["text"] != "bad") {
            let id = m.args["id"].as_str().unwrap().to_owned();
            match m.args["text"].as_str().unwrap() {
                "delete" => { expected.remove(&id); }
                text => { expected.insert(id, json!(text)); }
            }
        }
        prop_assert_eq!(&seen, &expected);

        // A second device starting from nothing sees the same.
        let mut other = Replica::new("device-b");
        pull(&mut other, &server, 2, false);
        let other_seen: BTreeMap<String, Value> =
            other.view(note_mutator).rows("notes").map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(other_seen, expected);
    }
}

#[test]
fn applied_entries_stay_overlaid_until_a_pull_carries_them() {
    let mut server = FakeServer::default();
    let mut replica = Replica::new("d");
    replica.record(
        "note.set",
        json!({"id": "n1", "text": "甲"}),
        Uuid::new_v4(),
        0,
    );
    push(&mut replica, &mut server, 10, false, false, false);
    assert!(matches!(
        replica.outbox[&1].state,
        EntryState::Done(Outcome::Applied { .. })
    ));
    assert_eq!(replica.pending_count(), 0);
    // Not pulled yet: the change is still shown, no longer marked as waiting.
    let view = replica.view(note_mutator);
    assert_eq!(view.get("notes", "n1"), Some(&json!("甲")));
    assert!(!view.is_pending("notes", "n1"));

    let effect = replica.apply_pull(&server.pull("d", 0, 100));
    assert_eq!(effect.dropped, vec![1]);
    assert!(replica.outbox.is_empty());
    assert_eq!(
        replica.view(note_mutator).get("notes", "n1"),
        Some(&json!("甲"))
    );
}

#[test]
fn a_rejected_write_does_not_block_the_ones_after_it() {
    let mut server = FakeServer::default();
    let mut replica = Replica::new("d");
    for text in ["甲", "bad", "乙"] {
        replica.record(
            "note.set",
            json!({"id": text, "text": text}),
            Uuid::new_v4(),
            0,
        );
    }
    push(&mut replica, &mut server, 10, false, false, false);
    pull(&mut replica, &server, 10, false);
    let view = replica.view(note_mutator);
    assert_eq!(view.get("notes", "甲"), Some(&json!("甲")));
    assert_eq!(view.get("notes", "乙"), Some(&json!("乙")));
    assert_eq!(
        view.get("notes", "bad"),
        None,
        "a refused write is not shown as done"
    );
    let rejected: Vec<_> = replica.rejected().collect();
    assert_eq!(rejected.len(), 1);
    assert!(
        matches!(&rejected[0].state, EntryState::Done(Outcome::Rejected { reason, .. }) if reason == "内容不符合要求")
    );
    assert!(replica.discard(rejected[0].seq()).is_some());
    assert!(replica.outbox.is_empty());
}

#[test]
fn a_page_in_the_middle_does_not_drop_acknowledged_writes() {
    let mut server = FakeServer::default();
    let mut replica = Replica::new("d");
    for id in ["a", "b", "c"] {
        replica.record("note.set", json!({"id": id, "text": id}), Uuid::new_v4(), 0);
    }
    push(&mut replica, &mut server, 10, false, false, false);
    let first_page = server.pull("d", 0, 1);
    assert!(first_page.has_more);
    assert!(replica.apply_pull(&first_page).dropped.is_empty());
    // Rows of later pages are not here yet, but the person still sees all three.
    let view = replica.view(note_mutator);
    assert_eq!(view.rows("notes").count(), 3);
}
