//! Any interleaving of local writes, browser events, account changes and the steps of the
//! runs the scheduler decides on, over a transport that loses requests and responses and
//! delivers some twice, converges, once the network is back, to the server's state with
//! every write applied exactly once.

use std::collections::{BTreeMap, HashMap};

use linli_core::error::ErrorCode;
use linli_core::sync::scheduler::{Command, Event, Failure, Phase, Scheduler, Step, Ticket};
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
    /// Something the browser tells the scheduler.
    Browser(Event),
    /// The account changes; the rows pulled for it are forgotten some ops later.
    SwitchAccount,
    Forget,
    /// The transport carries the run's next step one stage further.
    Deliver {
        lose_request: bool,
        lose_response: bool,
        twice: bool,
        batch: usize,
        page: usize,
        /// The server stops after this many mutations of a push.
        stop_after: Option<usize>,
    },
    RetryTimer,
}

fn op() -> impl Strategy<Value = Op> {
    let browser = prop::sample::select(vec![
        Event::Online,
        Event::Offline,
        Event::Tick,
        Event::Visibility(true),
        Event::Visibility(false),
    ]);
    prop_oneof![
        4 => (0u8..6, prop::sample::select(vec!["甲", "乙", "丙", "bad", "delete"]))
            .prop_map(|(id, text)| Op::Write { id, text }),
        2 => browser.prop_map(Op::Browser),
        1 => Just(Op::SwitchAccount),
        1 => Just(Op::Forget),
        8 => (any::<bool>(), any::<bool>(), any::<bool>(), 1usize..5, 1usize..4, prop::option::weighted(0.2, 0usize..3))
            .prop_map(|(lose_request, lose_response, twice, batch, page, stop_after)| Op::Deliver {
                lose_request,
                lose_response,
                twice,
                batch,
                page,
                stop_after,
            }),
        1 => Just(Op::RetryTimer),
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

fn no_jitter() -> f64 {
    0.0
}

/// A device whose scheduler decides when to push and pull, over a transport that loses
/// requests and responses: the driver of the app, with the network and storage faked.
struct Device {
    replica: Replica,
    scheduler: Scheduler,
    /// A run waits for the tab lock.
    locking: bool,
    /// The run's step under way.
    step: Option<Step>,
    /// A pulled page on its way back, with the ticket it was pulled under.
    arriving: Option<(Ticket, PullResponse)>,
    /// The run is over and lets go of the lock.
    releasing: bool,
    retry_timer: bool,
    forgetting: bool,
}

impl Device {
    fn new(client_id: &str) -> Self {
        let mut device = Self {
            replica: Replica::new(client_id),
            scheduler: Scheduler::new(true, true, no_jitter),
            locking: false,
            step: None,
            arriving: None,
            releasing: false,
            retry_timer: false,
            forgetting: false,
        };
        device.feed(Event::Opened { last_sync_at: None });
        device
    }

    fn feed(&mut self, event: Event) {
        for command in self.scheduler.on(event) {
            match command {
                Command::Start => {
                    assert!(!self.locking && self.step.is_none(), "one run at a time");
                    self.locking = true;
                }
                Command::Step(step) => self.step = Some(step),
                Command::Wait(_) => self.retry_timer = true,
                Command::CancelWait => self.retry_timer = false,
                Command::ForgetPulled => self.forgetting = true,
                Command::Close => panic!("nothing puts this device away"),
                Command::Show(_) => {}
            }
        }
    }

    /// A step's answer: the scheduler's next step, or the end of the run.
    fn answer(&mut self, event: Event) {
        self.step = None;
        self.feed(event);
        self.releasing = self.step.is_none();
    }

    fn forget(&mut self) {
        if std::mem::take(&mut self.forgetting) {
            self.replica.server.clear();
            self.replica.cursor = 0;
            self.feed(Event::Forgotten);
        }
    }

    fn fire_retry_timer(&mut self) {
        if std::mem::take(&mut self.retry_timer) {
            self.feed(Event::RetryTimerFired);
        }
    }

    /// Carries the run one stage further, as the transport allows.
    #[allow(clippy::too_many_arguments)]
    fn deliver(
        &mut self,
        server: &mut FakeServer,
        lose_request: bool,
        lose_response: bool,
        twice: bool,
        batch: usize,
        page: usize,
        stop_after: Option<usize>,
    ) {
        if let Some((ticket, response)) = self.arriving.take() {
            if !self.scheduler.is_current(ticket) {
                return self.answer(Event::NotPulled);
            }
            self.replica.apply_pull(&response);
            let has_more = response.has_more;
            return self.answer(Event::Pulled { has_more, at: 1 });
        }
        if std::mem::take(&mut self.locking) {
            return self.answer(Event::Locked);
        }
        let Some(step) = self.step else {
            if std::mem::take(&mut self.releasing) {
                self.feed(Event::Released);
            }
            return;
        };
        let lost = Event::Failed(Failure::Offline);
        match step {
            Step::Upload => self.answer(Event::Uploaded),
            Step::Push => {
                let mut req = PushRequest {
                    protocol: PROTOCOL_VERSION,
                    client_id: self.replica.client_id.clone(),
                    mutations: self.replica.to_push(batch),
                };
                let sent = req.mutations.len();
                if sent == 0 {
                    return self.answer(Event::Pushed { sent, answered: 0 });
                }
                if lose_request {
                    return self.answer(lost);
                }
                if let Some(stop) = stop_after {
                    req.mutations.truncate(stop);
                }
                let response = server.push(&req);
                if twice {
                    server.push(&req);
                }
                if lose_response {
                    return self.answer(lost);
                }
                self.replica.apply_push(&response);
                let answered = response.results.len();
                self.answer(Event::Pushed { sent, answered });
            }
            Step::Pull(ticket) => {
                if lose_response {
                    return self.answer(lost);
                }
                let response = server.pull(&self.replica.client_id, self.replica.cursor, page);
                // On its way back: the account may change before it lands.
                self.arriving = Some((ticket, response));
            }
        }
    }

    fn idle(&self) -> bool {
        !self.locking && self.step.is_none() && self.arriving.is_none() && !self.releasing
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn converges_with_every_write_applied_exactly_once(ops in prop::collection::vec(op(), 0..90)) {
        let mut server = FakeServer::default();
        let mut device = Device::new("device-a");
        let mut written = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            match *op {
                Op::Write { id, text } => {
                    let entry = device.replica.record("note.set", json!({"id": format!("n{id}"), "text": text}), Uuid::new_v4(), n as i64);
                    // What the person sees changes at once, marked as waiting to be sent.
                    let view = device.replica.view(note_mutator);
                    let key = format!("n{id}");
                    if text != "bad" && text != "delete" {
                        prop_assert_eq!(view.get("notes", &key), Some(&json!(text)));
                    }
                    prop_assert!(view.is_pending("notes", &key));
                    written.push(entry.mutation);
                    device.feed(Event::Wrote);
                }
                Op::Browser(event) => device.feed(event),
                Op::SwitchAccount => device.feed(Event::AccountChanged),
                Op::Forget => device.forget(),
                Op::Deliver { lose_request, lose_response, twice, batch, page, stop_after } =>
                    device.deliver(&mut server, lose_request, lose_response, twice, batch, page, stop_after),
                Op::RetryTimer => device.fire_retry_timer(),
            }
        }

        // The network is back and the app on screen: run until nothing is left to send.
        device.feed(Event::Visibility(true));
        device.forget();
        for _ in 0..written.len() + 2 {
            device.fire_retry_timer();
            device.feed(Event::Tick);
            for _ in 0..1_000 {
                device.deliver(&mut server, false, false, false, 100, 3, None);
                if device.idle() && !device.scheduler.running() {
                    break;
                }
            }
            prop_assert!(!device.scheduler.running(), "a run that never ends");
        }
        let replica = &device.replica;

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
        prop_assert_eq!(device.scheduler.status().phase, Phase::Idle);

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
