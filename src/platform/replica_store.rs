//! Keeps the sync state (`linli_core::sync::Replica`) in IndexedDB: pulled rows
//! in one store per collection, the outbox, and the cursor in meta. Every
//! change is one transaction, so a closed tab never leaves half of it behind.

use std::collections::BTreeMap;

use indexed_db_futures::database::Database;
use linli_core::Millis;
use linli_core::sync::{OutboxEntry, PullResponse, Replica};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::files::{self, LocalFile};
use super::idb::{self, BLOBS, META, OUTBOX};
use super::{browser, perf};
use crate::error::AppError;

const CLIENT_ID: &str = "client_id";
const NEXT_SEQ: &str = "next_seq";
const CURSOR: &str = "cursor";
/// The account's scope the rows were pulled under (`Replica::scope`).
const SCOPE: &str = "scope";
/// The schema version the cursor was pulled with. A newer schema brings new
/// collections whose older rows lie behind the cursor: then pull from the start.
const CURSOR_SCHEMA: &str = "cursor_schema";
/// The last schema whose devices did not record [`CURSOR_SCHEMA`].
const SCHEMA_BEFORE_CURSOR_SCHEMA: u32 = 4;
const LAST_SYNC: &str = "last_sync_at";
/// The rows the first screen showed last time ([`FirstScreen`]).
const FIRST_SCREEN: &str = "first_screen";
/// How many stored rows are parsed between two yields to the browser while loading, so
/// that loading after the first screen is drawn leaves the page responsive.
const ROWS_PER_SLICE: usize = 500;

/// The rows the first screen showed, by collection and id, as the server sent them: what
/// a cold start draws before it has read everything else.
pub type FirstScreen = BTreeMap<String, BTreeMap<String, Value>>;

/// A pulled row as stored in its collection's object store.
#[derive(Deserialize)]
struct StoredRow {
    id: String,
    data: Value,
}

/// A [`StoredRow`] to write, borrowed from the page it came in.
#[derive(Serialize)]
struct RowToStore<'a> {
    id: &'a str,
    data: &'a Value,
}

/// The store of every synced collection.
fn synced() -> impl Iterator<Item = &'static str> {
    linli_core::collections().map(|c| c.name)
}

fn seq_key(seq: u64) -> String {
    // Zero-padded, so keys sort in seq order.
    format!("{seq:020}")
}

/// Reads what a cold start draws first: the first screen's rows as last kept
/// ([`save_first_screen`]) and the outbox, in a replica of their own (no device id, no
/// cursor). [`load`] reads the rest.
pub async fn load_first_screen(db: &Database) -> Result<Replica, AppError> {
    let phase = perf::phase("linli:load-first-screen");
    let tx = idb::read(db, &[META, OUTBOX])?;
    let mut replica = Replica::new(String::new());
    replica.server = idb::get(&tx, META, FIRST_SCREEN).await?.unwrap_or_default();
    let entries: Vec<OutboxEntry> = idb::get_all(&tx, OUTBOX).await?;
    replica.outbox = entries.into_iter().map(|e| (e.seq(), e)).collect();
    phase.end();
    Ok(replica)
}

/// Keeps the rows the first screen shows, for the next cold start.
pub async fn save_first_screen(db: &Database, rows: &FirstScreen) -> Result<(), AppError> {
    idb::meta_put(db, FIRST_SCREEN, rows).await
}

/// Reads the whole sync state; a device that never synced gets a new device id. Every
/// store is read in one transaction; the rows are parsed afterwards a slice at a time,
/// giving the browser a turn between slices.
pub async fn load(db: &Database) -> Result<Replica, AppError> {
    let read = perf::phase("linli:load-read");
    let mut stores = vec![META, OUTBOX];
    stores.extend(synced());
    let tx = idb::read(db, &stores)?;
    let client_id: Option<String> = idb::get(&tx, META, CLIENT_ID).await?;
    let mut replica = Replica::new(
        client_id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
    );
    replica.next_seq = idb::get(&tx, META, NEXT_SEQ).await?.unwrap_or(1);
    let cursor_schema: u32 = idb::get(&tx, META, CURSOR_SCHEMA)
        .await?
        .unwrap_or(SCHEMA_BEFORE_CURSOR_SCHEMA);
    if cursor_schema == idb::DB_VERSION {
        replica.cursor = idb::get(&tx, META, CURSOR).await?.unwrap_or(0);
        replica.scope = idb::get(&tx, META, SCOPE).await?.unwrap_or(0);
    }
    let mut stored = Vec::new();
    for collection in synced() {
        stored.push((collection, idb::get_all_text(&tx, collection).await?));
    }
    let entries: Vec<OutboxEntry> = idb::get_all(&tx, OUTBOX).await?;
    replica.outbox = entries.into_iter().map(|e| (e.seq(), e)).collect();
    drop(tx);
    read.end();
    for (collection, texts) in stored {
        let mut rows = BTreeMap::new();
        for slice in texts.chunks(ROWS_PER_SLICE) {
            let parse = perf::phase("linli:load-parse");
            for text in slice {
                let row: StoredRow = serde_json::from_str(text).map_err(idb::storage_error)?;
                rows.insert(row.id, row.data);
            }
            parse.end();
            browser::sleep(0).await;
        }
        replica.server.insert(collection.to_owned(), rows);
    }
    if client_id.is_none() {
        idb::meta_put(db, CLIENT_ID, &replica.client_id).await?;
    }
    Ok(replica)
}

/// Records a new mutation durably, with the files it refers to, in one
/// transaction: a photo is never kept without its report, nor a report
/// without its photos. The seq is taken from the database in the same
/// transaction, so two tabs never hand out the same one.
pub async fn record(
    db: &Database,
    replica: &mut Replica,
    name: &str,
    args: Value,
    files: &[LocalFile],
    now: Millis,
) -> Result<OutboxEntry, AppError> {
    let tx = idb::write(db, &[META, OUTBOX, BLOBS])?;
    files::save_new(&tx, files).await?;
    let stored_next: Option<u64> = idb::get(&tx, META, NEXT_SEQ).await?;
    replica.next_seq = replica.next_seq.max(stored_next.unwrap_or(1));
    let entry = replica.record(name, args, uuid::Uuid::new_v4(), now);
    idb::put(&tx, OUTBOX, &seq_key(entry.seq()), &entry).await?;
    idb::put(&tx, META, NEXT_SEQ, &replica.next_seq).await?;
    if let Err(err) = idb::commit(tx).await {
        // Not saved: take it back out of memory too, so nothing claims otherwise.
        replica.outbox.remove(&entry.seq());
        return Err(err);
    }
    Ok(entry)
}

/// Saves outbox entries whose state changed (after a push).
pub async fn save_entries(db: &Database, entries: &[OutboxEntry]) -> Result<(), AppError> {
    if entries.is_empty() {
        return Ok(());
    }
    let tx = idb::write(db, &[OUTBOX])?;
    for entry in entries {
        idb::queue_put(&tx, OUTBOX, &seq_key(entry.seq()), entry)?;
    }
    idb::commit(tx).await
}

/// Saves one pulled page: its rows, the entries it retired, the new cursor. Every write
/// is queued at once in one transaction, which is committed once.
pub async fn save_pull(
    db: &Database,
    page: &PullResponse,
    dropped: &[u64],
    now: Millis,
) -> Result<(), AppError> {
    let mut stores = vec![META, OUTBOX];
    stores.extend(synced());
    let tx = idb::write(db, &stores)?;
    for change in &page.changes {
        if !synced().any(|c| c == change.collection) {
            continue;
        }
        match &change.data {
            Some(data) => {
                let row = RowToStore {
                    id: &change.id,
                    data,
                };
                idb::queue_put(&tx, &change.collection, &change.id, &row)?;
            }
            None => idb::queue_delete(&tx, &change.collection, &change.id)?,
        }
    }
    for seq in dropped {
        idb::queue_delete(&tx, OUTBOX, &seq_key(*seq))?;
    }
    idb::queue_put(&tx, META, CURSOR, &page.cursor)?;
    idb::queue_put(&tx, META, SCOPE, &page.scope)?;
    idb::queue_put(&tx, META, CURSOR_SCHEMA, &idb::DB_VERSION)?;
    if !page.has_more {
        idb::queue_put(&tx, META, LAST_SYNC, &now)?;
    }
    idb::commit(tx).await
}

pub async fn discard(db: &Database, seq: u64) -> Result<(), AppError> {
    let tx = idb::write(db, &[OUTBOX])?;
    idb::delete(&tx, OUTBOX, &seq_key(seq)).await?;
    idb::commit(tx).await
}

/// Forgets every pulled row (not the outbox), e.g. when another account logs in
/// and may see different things. The next pull starts from the beginning.
pub async fn reset_pulled(db: &Database) -> Result<(), AppError> {
    let mut stores = vec![META];
    stores.extend(synced());
    let tx = idb::write(db, &stores)?;
    for collection in synced() {
        idb::clear(&tx, collection).await?;
    }
    // What the previous account's first screen showed is not the next one's to see.
    idb::delete(&tx, META, FIRST_SCREEN).await?;
    idb::put(&tx, META, CURSOR, &0u64).await?;
    idb::put(&tx, META, SCOPE, &0u64).await?;
    idb::commit(tx).await
}

pub async fn last_sync_at(db: &Database) -> Result<Option<Millis>, AppError> {
    idb::meta_get(db, LAST_SYNC).await
}
