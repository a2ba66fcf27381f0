use leptos::prelude::*;
use linli_core::account::Address;
use linli_core::admin::{AddressChange, BuildingInfo, PersonSummary, PhoneChange};

use crate::admin::state::write;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// A resident moved or changed their number: the building, unit and room, and the phone.
#[component]
pub(super) fn HomeForm(
    person: PersonSummary,
    buildings: Signal<Vec<BuildingInfo>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let building_id = RwSignal::new(person.address.building_id.clone().unwrap_or_default());
    let unit = RwSignal::new(person.address.unit.clone().unwrap_or_default());
    let room = RwSignal::new(person.address.room.clone().unwrap_or_default());
    let phone = RwSignal::new(person.phone.clone());
    let base = format!("/admin/people/{}", person.id);
    let (old_address, old_phone) = (person.address.clone(), person.phone.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let address = AddressChange {
            address: Address {
                building_id: Some(building_id.get_untracked()),
                unit: Some(unit.get_untracked()),
                room: Some(room.get_untracked()),
            },
        }
        .validated();
        let phone = PhoneChange {
            phone: phone.get_untracked(),
        }
        .validated();
        let checked = match (address, phone) {
            (Ok(a), Ok(p)) => Ok((a, p)),
            (Err(mut e), Err(p)) => {
                e.fields.extend(p.fields);
                Err(e)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        let (base, old_address, old_phone) = (base.clone(), old_address.clone(), old_phone.clone());
        form.submit(
            checked,
            move |(address, phone)| async move {
                if address.address != old_address {
                    write::<_, PersonSummary>(
                        &token,
                        Method::PUT,
                        &format!("{base}/address"),
                        &address,
                    )
                    .await?;
                }
                if phone.phone != old_phone {
                    write::<_, PersonSummary>(
                        &token,
                        Method::PUT,
                        &format!("{base}/phone"),
                        &phone,
                    )
                    .await?;
                }
                Ok::<_, AppError>(())
            },
            move |()| on_change.run(()),
        );
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <div class="field">
                <label for=format!("field-home-{}", person.id)>"楼栋"</label>
                <select id=format!("field-home-{}", person.id) bind:value=building_id>
                    <option value="">"不填"</option>
                    {move || buildings.get().into_iter().filter(|b| !b.retired).map(|b| {
                        let selected = building_id.get_untracked() == b.id;
                        view! { <option value=b.id.clone() selected=selected>{b.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error">{move || form.field("building_id").get()}</p>
            </div>
            <div class="field-row">
                <TextField label="单元" name="home_unit" value=unit error=form.field("unit") />
                <TextField label="房号" name="home_room" value=room error=form.field("room") />
            </div>
            <TextField label="手机号" name="home_phone" value=phone error=form.field("phone") input_type="tel" inputmode="numeric" />
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"保存住址和手机号"</button>
        </form>
    }
}
