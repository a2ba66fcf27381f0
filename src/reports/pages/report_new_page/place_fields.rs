use leptos::prelude::*;

use super::fields::ReportFields;
use super::place_from_phone::PlaceFromPhone;
use crate::components::text_field::TextField;
use crate::state::community;
use crate::state::write::Form;

/// 在哪里: the building, unit and room, another place, or where the phone is.
#[component]
pub(super) fn PlaceFields(fields: ReportFields, form: Form) -> impl IntoView {
    let buildings = community::buildings();
    view! {
        <fieldset class="field-group">
            <legend>"在哪里？"</legend>
            <div class="field">
                <label for="field-building_id">"楼栋"</label>
                <select id="field-building_id" on:change=move |ev| fields.building.set(event_target_value(&ev))>
                    <option value="" selected=move || fields.building.read().is_empty()>"不在楼里 / 不确定"</option>
                    {move || buildings.get().into_iter().map(|b| {
                        let bid = b.id.clone();
                        view! {
                            <option value=b.id selected=move || *fields.building.read() == bid>{b.name}</option>
                        }
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || form.field("building_id").get()}</p>
            </div>
            <div class="field-row">
                <TextField label="单元（可不填）" name="unit" value=fields.unit error=form.field("unit") inputmode="numeric" />
                <TextField label="房号（可不填）" name="room" value=fields.room error=form.field("room") inputmode="numeric" />
            </div>
            <TextField label="其他地点（可不填）" name="place" value=fields.place error=form.field("place")
                hint="例如：小区东门、3栋和5栋之间的路" />
            <PlaceFromPhone geo=fields.geo form=form />
        </fieldset>
    }
}
