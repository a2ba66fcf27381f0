use leptos::prelude::*;

use crate::platform::browser;
use crate::platform::files::Blob;

/// Shows a browser `Blob` (a photo on the device) for as long as the view lives.
#[component]
pub fn BlobImage(blob: Blob, alt: String) -> impl IntoView {
    let url = browser::object_url(&blob).unwrap_or_default();
    let revoke = url.clone();
    on_cleanup(move || browser::revoke_object_url(&revoke));
    view! { <img class="photo" src=url alt=alt /> }
}
