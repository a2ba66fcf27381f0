use leptos::prelude::*;

use crate::platform::{api, browser, files};
use crate::state::session::use_session;
use crate::state::sync::use_sync;

/// Shows a browser `Blob` (a photo on the device) for as long as the view lives.
#[component]
pub fn BlobImage(blob: web_sys::Blob, alt: String) -> impl IntoView {
    let url = web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default();
    let revoke = url.clone();
    on_cleanup(move || {
        let _ = web_sys::Url::revoke_object_url(&revoke);
    });
    view! { <img class="photo" src=url alt=alt /> }
}

/// A case photo by id: from the device when it was taken here (so it shows
/// offline), else from the server.
#[component]
pub fn Photo(id: String, alt: String) -> impl IntoView {
    let sync = use_sync();
    let token = use_session().token();
    let blob = LocalResource::new(move || {
        let (id, token) = (id.clone(), token.clone());
        async move {
            if let Some(blob) = files::local(&*sync.db().await.ok()?, &id)
                .await
                .ok()
                .flatten()
            {
                return Some(blob);
            }
            let bytes = api::download(&token?, &format!("/blobs/{id}")).await.ok()?;
            browser::blob_of(&bytes, "image/jpeg")
        }
    });
    move || match blob.get().flatten() {
        Some(blob) => view! { <BlobImage blob=blob alt=alt.clone() /> }.into_any(),
        None => view! { <span class="photo photo-missing">"照片连上网络后显示"</span> }.into_any(),
    }
}
