use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::report::MAX_PHOTOS;
use linli_core::validate::Invalid;

use crate::components::blob_image::BlobImage;
use crate::platform::files::LocalFile;
use crate::platform::photos;
use crate::state::write::Form;

/// Up to four photos, shrunk on the device before they are kept.
#[component]
pub(super) fn PhotoPicker(photos: RwSignal<Vec<LocalFile>>, form: Form) -> impl IntoView {
    let on_pick = move |ev: leptos::ev::Event| {
        let picked = photos::take_picked(&ev);
        spawn_local(async move {
            form.clear();
            for file in picked {
                if photos.with_untracked(Vec::len) >= MAX_PHOTOS {
                    form.fail(Invalid::one(
                        "photos",
                        format!("最多附 {MAX_PHOTOS} 张照片"),
                    ));
                    break;
                }
                match photos::shrink(&file).await {
                    Ok(blob) => photos.update(|p| {
                        p.push(LocalFile {
                            id: uuid::Uuid::new_v4().to_string(),
                            blob,
                        })
                    }),
                    Err(e) => form.fail(e),
                }
            }
        });
    };
    let error = form.field("photos");
    view! {
        <div class="field">
            <label for="field-photos">{format!("照片（可不拍，最多 {MAX_PHOTOS} 张）")}</label>
            <p class="field-hint">"照片会在手机上压缩后再发送，省流量。"</p>
            <input id="field-photos" type="file" accept="image/*" multiple on:change=on_pick
                disabled=move || { photos.read().len() >= MAX_PHOTOS } />
            <ul class="photo-list">
                <For each=move || photos.get() key=|p| p.id.clone() let(photo)>
                    {
                        let id = photo.id.clone();
                        view! {
                            <li>
                                <BlobImage blob=photo.blob alt="要发送的照片".to_owned() />
                                <button type="button" class="button"
                                    on:click=move |_| photos.update(|p| p.retain(|f| f.id != id))>"删除这张"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
