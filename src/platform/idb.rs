//! The app's IndexedDB database. Schema changes are numbered versions applied
//! in order in `upgrade`, so a device on any older version reaches the newest
//! without losing what it holds.
//!
//! Values are stored as JSON text: one (de)serialiser for everything keeps the
//! app small, and the browser parses strings quickly.

use indexed_db_futures::KeyRange;
use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub const DB_NAME: &str = "linli";
/// The newest schema: the newest any synced collection or the device's own stores need.
pub const DB_VERSION: u32 = {
    let synced = linli_core::newest_schema();
    let own = OWN_STORES[OWN_STORES.len() - 1].0;
    if synced > own { synced } else { own }
};

/// Key-value settings of the device: device id, sync cursor, next seq.
pub const META: &str = "meta";
/// What the person did, waiting to be sent or confirmed, by `seq`.
pub const OUTBOX: &str = "outbox";
/// Photos and other files waiting to be uploaded, by uuid.
pub const BLOBS: &str = "blobs";
/// 说事 drafts with their photos, by the id the report will have.
pub const DRAFTS: &str = "report_drafts";

pub fn storage_error(err: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(format!("IndexedDB: {err}"))
}

/// Opens (creating or upgrading as needed) the database called `name`.
pub async fn open(name: &str) -> Result<Database, AppError> {
    open_version(name, DB_VERSION).await
}

/// Opens the database at a given schema version (older versions exist on
/// devices that have not run a newer app yet).
pub async fn open_version(name: &str, version: u32) -> Result<Database, AppError> {
    Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(upgrade)
        .await
        .map_err(storage_error)
}

/// The device's own stores (beside one per synced collection, which each collection's
/// `since_schema` places), by the schema version that added them, oldest first. Never
/// edit a landed entry: devices in the field are at every one of these versions.
const OWN_STORES: [(u32, &str); 4] = [(1, META), (2, OUTBOX), (2, BLOBS), (6, DRAFTS)];

/// The stores schema `version` adds.
fn added_in(version: u32) -> impl Iterator<Item = &'static str> {
    let own = OWN_STORES
        .iter()
        .filter(move |(v, _)| *v == version)
        .map(|(_, name)| *name);
    let synced = linli_core::collections()
        .filter(move |c| c.since_schema == version)
        .map(|c| c.name);
    own.chain(synced)
}

fn upgrade(event: VersionChangeEvent, db: Database) -> indexed_db_futures::Result<()> {
    let old = event.old_version() as u32;
    let new = event.new_version().map_or(DB_VERSION, |v| v as u32);
    for version in old + 1..=new {
        for store in added_in(version) {
            db.create_object_store(store).build()?;
        }
    }
    Ok(())
}

pub fn read<'a>(db: &'a Database, stores: &[&str]) -> Result<Transaction<'a>, AppError> {
    db.transaction(stores.to_vec())
        .build()
        .map_err(storage_error)
}

pub fn write<'a>(db: &'a Database, stores: &[&str]) -> Result<Transaction<'a>, AppError> {
    db.transaction(stores.to_vec())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(storage_error)
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(storage_error)
}

/// Reads one value.
pub async fn get<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<T>, AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    let text: Option<String> = store
        .get(key)
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?;
    text.as_deref().map(parse).transpose()
}

/// Reads every value of a store.
pub async fn get_all<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<T>, AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .get_all::<String>()
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?
        .map(|text| parse(&text.map_err(storage_error)?))
        .collect()
}

/// How many values one read of [`get_all_text`] asks for: the browser unpacks each answer
/// in a task of its own, so a big store is read in several short tasks, not one long one.
const READ_SLICE: u32 = 1000;

/// Reads every value of a store as the JSON text it is kept as, for the caller to parse
/// when it likes, a slice of keys at a time.
pub async fn get_all_text(tx: &Transaction<'_>, store: &str) -> Result<Vec<String>, AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    let mut texts = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let range = match after.take() {
            Some(key) => KeyRange::LowerBound(key, true),
            // Every key is a string, and the empty string sorts first.
            None => KeyRange::LowerBound(String::new(), false),
        };
        let keys = store
            .get_all_keys::<String>()
            .with_query::<String, _>(range.clone())
            .with_limit(READ_SLICE)
            .primitive()
            .map_err(storage_error)?;
        let values = store
            .get_all::<String>()
            .with_query::<String, _>(range)
            .with_limit(READ_SLICE)
            .primitive()
            .map_err(storage_error)?;
        let keys: Vec<String> = keys
            .await
            .map_err(storage_error)?
            .collect::<Result<_, _>>()
            .map_err(storage_error)?;
        for text in values.await.map_err(storage_error)? {
            texts.push(text.map_err(storage_error)?);
        }
        if keys.len() < READ_SLICE as usize {
            return Ok(texts);
        }
        after = keys.into_iter().last();
    }
}

/// Writes one value under a string key, inside the caller's transaction.
pub async fn put<T: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    let text = serde_json::to_string(value).map_err(storage_error)?;
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .put(text)
        .with_key(key)
        .without_key_type()
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

/// Queues writing one value under a string key in the caller's transaction, without
/// waiting for the browser to confirm it: many writes then cost one round trip to the
/// database instead of one each. [`commit`] fails if any of them did.
pub fn queue_put<T: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    let text = serde_json::to_string(value).map_err(storage_error)?;
    let store = tx.object_store(store).map_err(storage_error)?;
    let request = store.put(text).with_key(key).without_key_type().primitive();
    // The request runs whether or not its future is awaited; the commit reports it.
    drop(request.map_err(storage_error)?);
    Ok(())
}

/// Queues deleting one key in the caller's transaction, as [`queue_put`] queues a write.
pub fn queue_delete(tx: &Transaction<'_>, store: &str, key: &str) -> Result<(), AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    drop(store.delete(key).primitive().map_err(storage_error)?);
    Ok(())
}

/// Writes a browser value as it is (for files, which JSON would bloat).
pub async fn put_js(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
    value: &wasm_bindgen::JsValue,
) -> Result<(), AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .put(value.clone())
        .with_key(key)
        .without_key_type()
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

/// Reads one browser value as it is.
pub async fn get_js(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<wasm_bindgen::JsValue>, AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .get::<wasm_bindgen::JsValue, _, _>(key)
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

/// Reads every browser value of a store, with its key.
pub async fn get_all_js(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<(String, wasm_bindgen::JsValue)>, AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    let keys: Vec<String> = store
        .get_all_keys::<String>()
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?
        .collect::<Result<_, _>>()
        .map_err(storage_error)?;
    let values: Vec<wasm_bindgen::JsValue> = store
        .get_all::<wasm_bindgen::JsValue>()
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?
        .collect::<Result<_, _>>()
        .map_err(storage_error)?;
    Ok(keys.into_iter().zip(values).collect())
}

pub async fn delete(tx: &Transaction<'_>, store: &str, key: &str) -> Result<(), AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .delete(key)
        .primitive()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

pub async fn clear(tx: &Transaction<'_>, store: &str) -> Result<(), AppError> {
    let store = tx.object_store(store).map_err(storage_error)?;
    store
        .clear()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

/// Commits: once this returns, the writes survive closing the tab.
pub async fn commit(tx: Transaction<'_>) -> Result<(), AppError> {
    tx.commit().await.map_err(storage_error)
}

/// Reads one value of the meta store.
pub async fn meta_get<T: DeserializeOwned>(
    db: &Database,
    key: &str,
) -> Result<Option<T>, AppError> {
    get(&read(db, &[META])?, META, key).await
}

/// Writes one value of the meta store, durably.
pub async fn meta_put<T: Serialize>(db: &Database, key: &str, value: &T) -> Result<(), AppError> {
    let tx = write(db, &[META])?;
    put(&tx, META, key, value).await?;
    commit(tx).await
}
