//! Which collections of the view a change touched, so that only what shows them is redrawn.

use linli_core::sync::{EntryState, Replica, View};
use serde_json::json;
use uuid::Uuid;

fn note_mutator(m: &linli_core::sync::Mutation, view: &mut View) {
    let id = m.args["id"].as_str().unwrap();
    view.upsert(m.name.as_str(), id, m.args["text"].clone());
}

#[test]
fn only_the_collections_whose_rows_or_marks_changed_differ() {
    let mut replica = Replica::new("d");
    replica
        .server
        .entry("notes".into())
        .or_default()
        .insert("n1".into(), json!("甲"));
    let before = replica.view(note_mutator);
    assert!(!before.differs_in(&before.clone(), "notes"));
    assert!(!before.differs_in(&View::default(), "never_pulled"));

    // A write shows at once and is marked as waiting: its collection differs, others do not.
    let entry = replica.record(
        "todos",
        json!({"id": "t1", "text": "乙"}),
        Uuid::new_v4(),
        0,
    );
    let written = replica.view(note_mutator);
    assert!(written.differs_in(&before, "todos"));
    assert!(!written.differs_in(&before, "notes"));

    // Confirmed by the server: the same row, no longer waiting.
    replica.outbox.get_mut(&entry.seq()).unwrap().state =
        EntryState::Done(linli_core::sync::Outcome::Applied { decision: None });
    let confirmed = replica.view(note_mutator);
    assert_eq!(confirmed.get("todos", "t1"), written.get("todos", "t1"));
    assert!(confirmed.differs_in(&written, "todos"));

    // A pulled change to a row.
    replica
        .server
        .get_mut("notes")
        .unwrap()
        .insert("n1".into(), json!("丙"));
    let pulled = replica.view(note_mutator);
    assert!(pulled.differs_in(&confirmed, "notes"));
    assert!(!pulled.differs_in(&confirmed, "todos"));
}
