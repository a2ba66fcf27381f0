//! Any interleaving of local writes, browser events, account changes and the steps of the
//! runs the scheduler decides on, over a transport that loses requests and responses and
//! delivers some twice, converges, once the network is back, to the server's state with
//! every write applied exactly once.

mod device;
mod server;

use std::collections::BTreeMap;

use linli_core::sync::scheduler::{Event, Phase};
use linli_core::sync::{EntryState, Outcome, Replica};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use device::{Device, Transport};
use server::{FakeServer, note_mutator, pull, push};

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
    Deliver(Transport),
    RetryTimer,
}

fn transport() -> impl Strategy<Value = Transport> {
    let stop_after = prop::option::weighted(0.2, 0usize..3);
    let flags = (any::<bool>(), any::<bool>(), any::<bool>());
    (flags, 1usize..5, 1usize..4, stop_after).prop_map(
        |((lose_request, lose_response, twice), batch, page, stop_after)| Transport {
            lose_request,
            lose_response,
            twice,
            batch,
            page,
            stop_after,
        },
    )
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
        8 => transport().prop_map(Op::Deliver),
        1 => Just(Op::RetryTimer),
    ]
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
                Op::Deliver(ref transport) => device.deliver(&mut server, transport),
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
                device.deliver(&mut server, &Transport::RELIABLE);
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
