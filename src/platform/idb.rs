//! The app's IndexedDB database. Schema changes are numbered versions applied
//! in order in `upgrade`, so a device on any older version reaches the newest.

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub const DB_NAME: &str = "linli";
pub const DB_VERSION: u32 = 1;

/// Key-value settings of the device (device id, sync cursor, …).
pub const META: &str = "meta";

fn storage_error(err: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(format!("IndexedDB: {err}"))
}

/// Opens (creating or upgrading as needed) the database called `name`.
pub async fn open(name: &str) -> Result<Database, AppError> {
    Database::open(name)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(upgrade)
        .await
        .map_err(storage_error)
}

fn upgrade(event: VersionChangeEvent, db: Database) -> indexed_db_futures::Result<()> {
    let old = event.old_version() as u32;
    if old < 1 {
        db.create_object_store(META).build()?;
    }
    Ok(())
}

/// Reads one value of the meta store.
pub async fn meta_get<T: DeserializeOwned>(
    db: &Database,
    key: &str,
) -> Result<Option<T>, AppError> {
    let tx = db.transaction(META).build().map_err(storage_error)?;
    let store = tx.object_store(META).map_err(storage_error)?;
    store
        .get(key)
        .serde()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)
}

/// Writes one value of the meta store, durably: returns once the transaction committed.
pub async fn meta_put<T: Serialize>(db: &Database, key: &str, value: &T) -> Result<(), AppError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(storage_error)?;
    let store = tx.object_store(META).map_err(storage_error)?;
    store
        .put(value)
        .with_key(key)
        .without_key_type()
        .serde()
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?;
    tx.commit().await.map_err(storage_error)
}
