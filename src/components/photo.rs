use leptos::prelude::*;

use crate::components::blob_image::BlobImage;
use crate::platform::{api, browser, files};
use crate::state::session::use_session;
use crate::state::sync::use_sync;

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
