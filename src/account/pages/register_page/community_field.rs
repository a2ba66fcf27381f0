use leptos::prelude::*;
use linli_core::community::Community;

/// 所在社区: choosing another forgets the building chosen in the last one.
#[component]
pub(super) fn CommunityField(
    communities: Signal<Vec<Community>>,
    community_id: RwSignal<String>,
    building_id: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-community_id">"所在社区"</label>
            <select id="field-community_id" name="community_id"
                prop:value=move || community_id.get()
                on:change=move |ev| {
                    community_id.set(event_target_value(&ev));
                    building_id.set(String::new());
                }
                aria-describedby="field-community_id-error">
                <option value="">"请选择"</option>
                {move || communities.get().into_iter().map(|c| view! {
                    <option value=c.id.clone() selected=c.id == community_id.get_untracked()>{c.name}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id="field-community_id-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
