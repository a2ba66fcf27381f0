//! The platform layer in a real browser: token storage and IndexedDB.
#![cfg(target_arch = "wasm32")]

use linli::platform::{idb, session_store};
use linli_core::account::{Address, Role, Session, UserProfile};
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
            community_id: "c1".into(),
            community_name: "金石社区".into(),
            address: Address {
                building_id: Some("b3".into()),
                unit: Some("2单元".into()),
                room: None,
            },
            building_name: Some("3栋".into()),
        },
    }
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
