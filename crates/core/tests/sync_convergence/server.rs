//! A server that applies each mutation once, and the device's side of pushing and pulling
//! without a scheduler, for the cases that pin one interleaving down.

use std::collections::{BTreeMap, HashMap};

use linli_core::error::ErrorCode;
use linli_core::sync::{
    Change, Mutation, MutationResult, Outcome, PROTOCOL_VERSION, PullResponse, PushRequest,
    PushResponse, Replica, View,
};
use serde_json::{Value, json};
use uuid::Uuid;

/// A server that applies each mutation once, keyed by `mutation_id`, and stamps
/// every change with an increasing version.
#[derive(Default)]
pub struct FakeServer {
    version: u64,
    rows: BTreeMap<String, (u64, Option<Value>)>,
    outcomes: HashMap<Uuid, Outcome>,
    pub applied: HashMap<Uuid, u32>,
    last_seq: HashMap<String, u64>,
}

impl FakeServer {
    pub fn push(&mut self, req: &PushRequest) -> PushResponse {
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

    pub fn pull(&self, client_id: &str, since: u64, page: usize) -> PullResponse {
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
            scope: 0,
        }
    }

    pub fn visible_rows(&self) -> BTreeMap<String, Value> {
        self.rows
            .iter()
            .filter_map(|(id, (_, data))| data.clone().map(|d| (id.clone(), d)))
            .collect()
    }
}

pub fn note_mutator(m: &Mutation, view: &mut View) {
    let id = m.args["id"].as_str().unwrap();
    match m.args["text"].as_str().unwrap() {
        "delete" => view.delete("notes", id),
        text => view.upsert("notes", id, json!(text)),
    }
}

pub fn push(
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

pub fn pull(replica: &mut Replica, server: &FakeServer, page: usize, lose_response: bool) {
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
