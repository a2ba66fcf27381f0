//! Files (photos) kept on the device until uploaded. Each is stored as the
//! browser's own `Blob`, next to whether it has been uploaded.

use indexed_db_futures::database::Database;
use indexed_db_futures::transaction::Transaction;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub use web_sys::Blob;

use super::idb::{self, BLOBS};
use crate::error::AppError;

/// A file a mutation refers to by `id`.
#[derive(Clone)]
pub struct LocalFile {
    pub id: String,
    pub blob: web_sys::Blob,
}

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Upload {
    Waiting,
    Done,
    /// The server refused it for good; the reason is for the person.
    Refused(String),
}

struct Record {
    blob: web_sys::Blob,
    upload: Upload,
}

fn to_js(record: &Record) -> JsValue {
    let object = Object::new();
    let (state, reason) = match &record.upload {
        Upload::Waiting => ("waiting", None),
        Upload::Done => ("done", None),
        Upload::Refused(reason) => ("refused", Some(reason.as_str())),
    };
    let _ = Reflect::set(&object, &"blob".into(), &record.blob);
    let _ = Reflect::set(&object, &"upload".into(), &state.into());
    if let Some(reason) = reason {
        let _ = Reflect::set(&object, &"reason".into(), &reason.into());
    }
    object.into()
}

fn from_js(value: &JsValue) -> Option<Record> {
    let blob = Reflect::get(value, &"blob".into()).ok()?.dyn_into().ok()?;
    let field = |name: &str| {
        Reflect::get(value, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let upload = match field("upload")?.as_str() {
        "done" => Upload::Done,
        "refused" => Upload::Refused(field("reason").unwrap_or_default()),
        _ => Upload::Waiting,
    };
    Some(Record { blob, upload })
}

/// Saves new files inside the caller's transaction (the one that records the
/// mutation naming them, so neither exists without the other).
pub async fn save_new(tx: &Transaction<'_>, files: &[LocalFile]) -> Result<(), AppError> {
    for file in files {
        let record = Record {
            blob: file.blob.clone(),
            upload: Upload::Waiting,
        };
        idb::put_js(tx, BLOBS, &file.id, &to_js(&record)).await?;
    }
    Ok(())
}

/// Files not uploaded yet.
pub async fn waiting(db: &Database) -> Result<Vec<LocalFile>, AppError> {
    let tx = idb::read(db, &[BLOBS])?;
    Ok(idb::get_all_js(&tx, BLOBS)
        .await?
        .into_iter()
        .filter_map(|(id, value)| {
            let record = from_js(&value)?;
            (record.upload == Upload::Waiting).then_some(LocalFile {
                id,
                blob: record.blob,
            })
        })
        .collect())
}

/// A file still kept on the device (until the app is reinstalled, every photo taken on it).
pub async fn local(db: &Database, id: &str) -> Result<Option<web_sys::Blob>, AppError> {
    let tx = idb::read(db, &[BLOBS])?;
    Ok(idb::get_js(&tx, BLOBS, id)
        .await?
        .as_ref()
        .and_then(from_js)
        .map(|record| record.blob))
}

pub async fn mark(db: &Database, file: &LocalFile, upload: Upload) -> Result<(), AppError> {
    let tx = idb::write(db, &[BLOBS])?;
    let record = Record {
        blob: file.blob.clone(),
        upload,
    };
    idb::put_js(&tx, BLOBS, &file.id, &to_js(&record)).await?;
    idb::commit(tx).await
}

pub async fn bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, AppError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| AppError::Unexpected("读取照片失败".into()))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
