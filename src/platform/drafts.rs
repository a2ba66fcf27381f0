//! 说事 drafts, kept on the device as they are typed, photos included, so
//! closing the app or losing the signal loses nothing. A draft's id is the id
//! its report will have, so sending it twice files one case.

use indexed_db_futures::database::Database;
use js_sys::{Array, Object, Reflect};
use linli_core::Millis;
use linli_core::report::SubmitArgs;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::files::LocalFile;
use super::idb::{self, DRAFTS};
use crate::error::AppError;

#[derive(Clone)]
pub struct Draft {
    /// `args.photos` holds the ids of `photos`, in order.
    pub args: SubmitArgs,
    pub photos: Vec<LocalFile>,
    pub updated_at: Millis,
}

#[derive(Serialize, Deserialize)]
struct Fields {
    args: SubmitArgs,
    updated_at: Millis,
}

fn to_js(draft: &Draft) -> Result<JsValue, AppError> {
    let fields = Fields {
        args: draft.args.clone(),
        updated_at: draft.updated_at,
    };
    let text = serde_json::to_string(&fields).map_err(idb::storage_error)?;
    let photos: Array = draft
        .photos
        .iter()
        .map(|p| JsValue::from(&p.blob))
        .collect();
    let object = Object::new();
    let _ = Reflect::set(&object, &"fields".into(), &text.into());
    let _ = Reflect::set(&object, &"photos".into(), &photos);
    Ok(object.into())
}

fn from_js(value: &JsValue) -> Option<Draft> {
    let text = Reflect::get(value, &"fields".into()).ok()?.as_string()?;
    let fields: Fields = serde_json::from_str(&text).ok()?;
    let blobs: Array = Reflect::get(value, &"photos".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let photos = fields
        .args
        .photos
        .iter()
        .zip(blobs.iter())
        .filter_map(|(id, blob)| {
            Some(LocalFile {
                id: id.clone(),
                blob: blob.dyn_into().ok()?,
            })
        })
        .collect();
    Some(Draft {
        args: fields.args,
        photos,
        updated_at: fields.updated_at,
    })
}

/// Every draft on the device, the latest first.
pub async fn all(db: &Database) -> Result<Vec<Draft>, AppError> {
    let tx = idb::read(db, &[DRAFTS])?;
    let mut drafts: Vec<Draft> = idb::get_all_js(&tx, DRAFTS)
        .await?
        .iter()
        .filter_map(|(_, value)| from_js(value))
        .collect();
    drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
    Ok(drafts)
}

pub async fn save(db: &Database, draft: &Draft) -> Result<(), AppError> {
    let tx = idb::write(db, &[DRAFTS])?;
    idb::put_js(&tx, DRAFTS, &draft.args.id, &to_js(draft)?).await?;
    idb::commit(tx).await
}

pub async fn delete(db: &Database, id: &str) -> Result<(), AppError> {
    let tx = idb::write(db, &[DRAFTS])?;
    idb::delete(&tx, DRAFTS, id).await?;
    idb::commit(tx).await
}
