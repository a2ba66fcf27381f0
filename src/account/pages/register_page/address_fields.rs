use leptos::prelude::*;
use linli_core::community::Building;

use crate::components::text_field::TextField;
use crate::state::write::Form;

/// 住址 (optional): the building, unit and room.
#[component]
pub(super) fn AddressFields(
    buildings: Signal<Vec<Building>>,
    building_id: RwSignal<String>,
    unit: RwSignal<String>,
    room: RwSignal<String>,
    form: Form,
) -> impl IntoView {
    view! {
        <fieldset class="field-group">
            <legend>"住址（可以不填）"</legend>
            <div class="field">
                <label for="field-building_id">"楼栋"</label>
                <select id="field-building_id" name="building_id"
                    prop:value=move || building_id.get()
                    on:change=move |ev| building_id.set(event_target_value(&ev))
                    aria-describedby="field-building_id-error">
                    <option value="">"不填"</option>
                    {move || buildings.get().into_iter().map(|b| view! {
                        <option value=b.id.clone()>{b.name}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" id="field-building_id-error" aria-live="polite">
                    {move || form.field("building_id").get()}
                </p>
            </div>
            <div class="field-row">
                <TextField label="单元" name="unit" value=unit error=form.field("unit") />
                <TextField label="房号" name="room" value=room error=form.field("room") inputmode="numeric" />
            </div>
        </fieldset>
    }
}
