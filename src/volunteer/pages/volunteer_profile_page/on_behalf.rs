use leptos::prelude::*;

use super::profile_form::ProfileForm;

/// Staff fill in the profile of a resident who cannot do it themselves (代办), or their own.
#[component]
pub(super) fn OnBehalf(own_id: String) -> impl IntoView {
    let chosen = RwSignal::new(own_id.clone());
    let residents = crate::account::state::residents_by_building();
    view! {
        <div class="field">
            <label for="field-for">"为谁填写"</label>
            <select id="field-for" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value=own_id>"我自己"</option>
                {residents.into_iter().map(|r| view! {
                    <option value=r.id.clone()>
                        {format!("{} {}", r.display_name, r.building_name.unwrap_or_default())}
                    </option>
                }).collect_view()}
            </select>
        </div>
        {move || view! { <ProfileForm user_id=chosen.get() /> }}
    }
}
