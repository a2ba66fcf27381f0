//! The report being typed, kept on the device as a draft: continued when the page opens
//! on one, saved on every change, and forgotten once the report is sent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::account::ResidentCard;

use super::fields::ReportFields;
use crate::platform::browser::now_ms;
use crate::platform::drafts::{self, Draft};
use crate::state::sync::SyncContext;

/// Fills `fields` from the draft `draft_id` kept on the device; `loaded` once done.
pub(super) fn continue_draft(
    sync: SyncContext,
    draft_id: String,
    fields: ReportFields,
    loaded: RwSignal<bool>,
) {
    spawn_local(async move {
        if let Ok(db) = sync.db().await
            && let Ok(list) = drafts::all(&db).await
            && let Some(draft) = list.into_iter().find(|d| d.args.id == draft_id)
        {
            fields.fill(draft.args, draft.photos);
        }
        loaded.set(true);
    });
}

/// Saves the report as `id` whenever the person changes it, once the draft it continues
/// (if any) is `loaded` and while the report is not `sending`: nothing typed is lost if the
/// app closes. `saved` tells whether the last save worked.
pub(super) fn save_as_typed(
    sync: SyncContext,
    id: String,
    fields: ReportFields,
    residents: StoredValue<Vec<ResidentCard>>,
    loaded: RwSignal<bool>,
    sending: ReadSignal<bool>,
    saved: RwSignal<Option<bool>>,
) {
    Effect::new(move |first: Option<()>| {
        let args = residents.with_value(|r| fields.args(&id, r));
        let photos = fields.photos.get();
        if first.is_none() || !loaded.get() || sending.get_untracked() {
            return;
        }
        let draft = Draft {
            args,
            photos,
            updated_at: now_ms(),
        };
        spawn_local(async move {
            let ok = match sync.db().await {
                Ok(db) => drafts::save(&db, &draft).await.is_ok(),
                Err(_) => false,
            };
            saved.set(Some(ok));
        });
    });
}

/// Deletes the draft `id`, once what it held is recorded.
pub(super) async fn forget(sync: SyncContext, id: &str) {
    if let Ok(db) = sync.db().await {
        let _ = drafts::delete(&db, id).await;
    }
}
