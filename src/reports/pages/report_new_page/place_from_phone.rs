use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::report::GeoPoint;

use crate::platform::location;
use crate::state::write::Form;

/// The phone's location, added only when the person asks (useful outdoors; staff see it).
#[component]
pub(super) fn PlaceFromPhone(geo: RwSignal<Option<GeoPoint>>, form: Form) -> impl IntoView {
    let finding = RwSignal::new(false);
    let find = move |_| {
        finding.set(true);
        spawn_local(async move {
            match location::current().await {
                Ok(point) => geo.set(Some(point)),
                Err(e) => form.fail(e),
            }
            finding.set(false);
        });
    };
    view! {
        <div class="field">
            {move || match geo.get() {
                Some(_) => view! {
                    <p class="ack-done">"✓ 已加上手机现在的位置（只有社区工作人员能看到）"</p>
                    <button type="button" class="button" on:click=move |_| geo.set(None)>"去掉位置"</button>
                }.into_any(),
                None => view! {
                    <button type="button" class="button" on:click=find disabled=move || finding.get()>
                        {move || if finding.get() { "正在取位置…" } else { "加上手机现在的位置（在室外时有用）" }}
                    </button>
                }.into_any(),
            }}
            <p class="field-error" aria-live="polite">{move || form.field("geo").get()}</p>
        </div>
    }
}
