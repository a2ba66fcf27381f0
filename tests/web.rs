//! The platform layer in a real browser: token storage and IndexedDB.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use linli::account::Account;
use linli::admin::{Admin, Contact};
use linli::aid::Aid;
use linli::care::Care;
use linli::deliberation::Deliberation;
use linli::notices::state as notices;
use linli::parts::{Reading, Staff};
use linli::platform::files::{self, LocalFile, Upload};
use linli::platform::{api, browser, idb, replica_store, session_store};
use linli::reports::Reports;
use linli::signup::Signup;
use linli::state::session::SessionContext;
use linli::state::sync::{FIRST_SCREENS, Phase, SyncContext};
use linli::volunteer::Volunteer;
use linli_core::account::{Address, Role, Session, UserProfile};
use linli_core::notice::{self, AcknowledgeArgs};
use linli_core::sync::{
    Change, EntryState, MutationResult, Outcome, PROTOCOL_VERSION, PullResponse, PushResponse,
    Rules,
};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn session() -> Session {
    Session {
        token: "token-123".into(),
        expires_at: 1_900_000_000_000,
        user: UserProfile {
            id: "u1".into(),
            phone: "13800000004".into(),
            display_name: "王秀兰".into(),
            role: Role::Resident,
            community_id: Some("c1".into()),
            community_name: Some("金石社区".into()),
            street_office: "金石街道".into(),
            address: Address {
                building_id: Some("b3".into()),
                unit: Some("2单元".into()),
                room: None,
            },
            building_name: Some("3栋".into()),
            verified: true,
            representative: false,
            grid_building_ids: Vec::new(),
            waiting_note: None,
        },
    }
}

/// A push body is gzipped by the browser (Chromium has `CompressionStream`).
#[wasm_bindgen_test]
async fn a_push_body_is_gzipped_by_the_browser() {
    let body = r#"{"name":"notice.acknowledge","args":{"id":"n1"}}"#.repeat(200);
    let gzipped = api::gzip(&body)
        .await
        .expect("CompressionStream in Chromium");
    // A gzip member (RFC 1952: magic, deflate), a small part of the text it holds.
    assert_eq!(gzipped[..3], [0x1f, 0x8b, 8]);
    assert!(gzipped.len() * 10 < body.len(), "{} bytes", gzipped.len());
}

#[wasm_bindgen_test]
fn session_survives_in_local_storage_until_cleared() {
    session_store::clear();
    assert_eq!(session_store::load(), None);
    session_store::save(&session());
    assert_eq!(session_store::load(), Some(session()));
    session_store::clear();
    assert_eq!(session_store::load(), None);
}

#[wasm_bindgen_test]
async fn indexed_db_round_trip_survives_reopening() {
    let name = format!("linli-test-{}", uuid::Uuid::new_v4());
    let db = idb::open(&name).await.unwrap();
    assert_eq!(
        idb::meta_get::<String>(&db, "device_id").await.unwrap(),
        None
    );
    idb::meta_put(&db, "device_id", &"device-42".to_owned())
        .await
        .unwrap();
    idb::meta_put(&db, "session", &session()).await.unwrap();
    db.close();

    let db = idb::open(&name).await.unwrap();
    assert_eq!(
        idb::meta_get::<String>(&db, "device_id")
            .await
            .unwrap()
            .as_deref(),
        Some("device-42")
    );
    assert_eq!(
        idb::meta_get::<Session>(&db, "session").await.unwrap(),
        Some(session())
    );
}

fn unique_name() -> String {
    format!("linli-test-{}", uuid::Uuid::new_v4())
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_what_was_stored() {
    let name = unique_name();
    let db = idb::open_version(&name, 1).await.unwrap();
    idb::meta_put(&db, "client_id", &"device-from-v1".to_owned())
        .await
        .unwrap();
    db.close();

    let db = idb::open(&name).await.unwrap();
    let replica = replica_store::load(&db).await.unwrap();
    assert_eq!(replica.client_id, "device-from-v1");
    assert!(replica.outbox.is_empty());
    assert_eq!(replica.cursor, 0);
}

#[wasm_bindgen_test]
async fn the_database_has_a_store_for_every_synced_collection() {
    let db = idb::open(&unique_name()).await.unwrap();
    let stores: Vec<String> = db.object_store_names().collect();
    for collection in linli_core::collections() {
        assert!(
            stores.iter().any(|s| s == collection.name),
            "no store for {}",
            collection.name
        );
    }
}

/// The mutation names of some rules, sorted.
fn names(rules: &[Rules]) -> Vec<&'static str> {
    let mut names: Vec<_> = rules
        .iter()
        .flat_map(|r| r.iter().map(|rule| rule.mutation))
        .collect();
    names.sort_unstable();
    names
}

#[wasm_bindgen_test]
fn the_first_screens_and_the_parts_bring_a_rule_for_every_mutation_once() {
    // A part may show a feature another part shows too (the staff screens do): count it once.
    let mut brought: Vec<Rules> = FIRST_SCREENS.to_vec();
    let parts = [
        Reading::RULES,
        Staff::RULES,
        Account::RULES,
        Admin::RULES,
        Contact::RULES,
        Volunteer::RULES,
        Reports::RULES,
        Care::RULES,
        Deliberation::RULES,
        Aid::RULES,
        Signup::RULES,
    ];
    for rules in parts.iter().flat_map(|part| part.iter()) {
        if !brought
            .iter()
            .any(|known| names(&[*known]) == names(&[*rules]))
        {
            brought.push(rules);
        }
    }
    let mut mutations: Vec<&str> = linli_core::FEATURES
        .iter()
        .flat_map(|(feature, _)| feature.mutations.iter().copied())
        .collect();
    mutations.sort_unstable();
    assert_eq!(names(&brought), mutations);
}

fn ack(notice: &str) -> serde_json::Value {
    serde_json::json!({"notice_id": notice, "user_id": "u1"})
}

#[wasm_bindgen_test]
async fn the_outbox_survives_reopening_and_tabs_never_share_a_seq() {
    let name = unique_name();
    let db = idb::open(&name).await.unwrap();
    // Two tabs load the same state, then each records a write.
    let mut tab_a = replica_store::load(&db).await.unwrap();
    let mut tab_b = replica_store::load(&db).await.unwrap();
    let a = replica_store::record(&db, &mut tab_a, notice::ACKNOWLEDGE, ack("n1"), &[], 1_000)
        .await
        .unwrap();
    let b = replica_store::record(&db, &mut tab_b, notice::ACKNOWLEDGE, ack("n2"), &[], 2_000)
        .await
        .unwrap();
    assert_eq!((a.seq(), b.seq()), (1, 2));
    db.close();

    let db = idb::open(&name).await.unwrap();
    let replica = replica_store::load(&db).await.unwrap();
    assert_eq!(replica.client_id, tab_a.client_id);
    assert_eq!(replica.next_seq, 3);
    let stored: Vec<_> = replica.outbox.values().cloned().collect();
    assert_eq!(stored, vec![a, b]);
    assert!(stored.iter().all(|e| e.state == EntryState::Pending));
}

#[wasm_bindgen_test]
async fn a_pull_is_stored_whole_and_retires_applied_writes() {
    let name = unique_name();
    let db = idb::open(&name).await.unwrap();
    let mut replica = replica_store::load(&db).await.unwrap();
    let first = replica_store::record(&db, &mut replica, notice::ACKNOWLEDGE, ack("n1"), &[], 1)
        .await
        .unwrap();
    replica_store::record(&db, &mut replica, notice::ACKNOWLEDGE, ack("n2"), &[], 2)
        .await
        .unwrap();
    let changed = replica.apply_push(&PushResponse {
        protocol: PROTOCOL_VERSION,
        results: vec![MutationResult {
            mutation_id: first.mutation.mutation_id,
            seq: first.seq(),
            outcome: Outcome::Applied { decision: None },
        }],
    });
    replica_store::save_entries(&db, &changed).await.unwrap();

    let page = PullResponse {
        protocol: PROTOCOL_VERSION,
        cursor: 7,
        has_more: false,
        last_applied_seq: 1,
        changes: vec![
            Change {
                collection: notice::NOTICE_ACKS.into(),
                id: "n1:u1".into(),
                version: 6,
                data: Some(
                    serde_json::json!({"notice_id": "n1", "user_id": "u1", "acknowledged_at": 1}),
                ),
            },
            Change {
                collection: notice::NOTICES.into(),
                id: "gone".into(),
                version: 7,
                data: None,
            },
        ],
        scope: 4,
    };
    let effect = replica.apply_pull(&page);
    assert_eq!(effect.dropped, vec![1]);
    replica_store::save_pull(&db, &page, &effect.dropped, 99)
        .await
        .unwrap();
    db.close();

    let db = idb::open(&name).await.unwrap();
    let stored = replica_store::load(&db).await.unwrap();
    assert_eq!(stored.cursor, 7);
    assert_eq!(
        stored.scope, 4,
        "the scope the rows were pulled under is kept"
    );
    assert_eq!(stored.outbox.keys().copied().collect::<Vec<_>>(), vec![2]);
    assert!(stored.server[notice::NOTICE_ACKS].contains_key("n1:u1"));
    assert_eq!(replica_store::last_sync_at(&db).await.unwrap(), Some(99));

    replica_store::reset_pulled(&db).await.unwrap();
    let reset = replica_store::load(&db).await.unwrap();
    assert_eq!(reset.cursor, 0);
    assert!(reset.server[notice::NOTICE_ACKS].is_empty());
    assert_eq!(reset.outbox.len(), 1, "what the person did is kept");
}

#[wasm_bindgen_test]
async fn a_photo_is_saved_with_its_write_and_kept_until_uploaded() {
    let name = unique_name();
    let db = idb::open(&name).await.unwrap();
    let mut replica = replica_store::load(&db).await.unwrap();
    let bytes = Uint8Array::from(&[0xFF_u8, 0xD8, 0xFF, 0xE0, 1, 2, 3][..]);
    let parts = js_sys::Array::of1(&bytes);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    let photo = LocalFile {
        id: "8d3f0c2e-5b1a-4d6e-9f70-1c2b3a4d5e6f".into(),
        blob,
    };
    replica_store::record(
        &db,
        &mut replica,
        "test.with_photo",
        serde_json::json!({}),
        std::slice::from_ref(&photo),
        5,
    )
    .await
    .unwrap();
    db.close();

    let db = idb::open(&name).await.unwrap();
    assert_eq!(replica_store::load(&db).await.unwrap().outbox.len(), 1);
    let waiting = files::waiting(&db).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].id, photo.id);
    assert_eq!(
        files::bytes(&waiting[0].blob).await.unwrap(),
        vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
    );

    files::mark(&db, &waiting[0], Upload::Done).await.unwrap();
    assert!(files::waiting(&db).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_write_redraws_what_reads_its_collection_and_nothing_else() {
    session_store::clear();
    let reads = Rc::new((Cell::new(0), Cell::new(0)));
    let started = Rc::new(RefCell::new(None));
    let (counted, context) = (reads.clone(), started.clone());
    let app = leptos::mount::mount_to(document().body().unwrap(), move || {
        let sync = SyncContext::provide(SessionContext::provide());
        let notices = counted.clone();
        Effect::new(move |_| {
            notices::all().rows();
            notices.0.set(notices.0.get() + 1);
        });
        Effect::new(move |_| {
            notices::acks().rows();
            counted.1.set(counted.1.get() + 1);
        });
        *context.borrow_mut() = Some(sync);
    });
    let sync = started.borrow_mut().take().unwrap();
    sync.db().await.unwrap();
    browser::sleep(300).await;
    assert_eq!(sync.status().phase, Phase::Idle);
    let (notices, acks) = (reads.0.get(), reads.1.get());

    let args = AcknowledgeArgs {
        notice_id: "n1".into(),
        user_id: "u1".into(),
    };
    sync.write(notice::ACKNOWLEDGE, &args).await.unwrap();
    browser::sleep(300).await;
    assert!(
        reads.1.get() > acks,
        "what reads the acknowledgements is redrawn"
    );
    assert_eq!(reads.0.get(), notices, "what reads the notices is not");
    assert_eq!(sync.status().pending, 1);
    // Unmounting cleans up the browser listeners, the tick and the tab channel.
    drop(app);
    browser::sleep(100).await;
}
