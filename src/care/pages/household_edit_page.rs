use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::access::Reach;
use linli_core::care::{self, Household, SaveHouseholdArgs, SetTagsArgs, Sight};
use linli_core::community::Building;
use linli_core::validate::Invalid;

use crate::care::components::people_editor::{People, PeopleFields};
use crate::care::components::tag_fields::{TagChoice, TagFields};
use crate::care::state;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::browser;
use crate::state::community;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 登记一户 (`/care/new`) and 修改一户一表 (`/care/households/:id/edit`): whoever keeps the
/// register enters a household's flat, people, emergency contact, care tags and a note;
/// saved on the phone at once and sent later. A household is changed only from its whole
/// record: a phone that holds the summary sends the 网格员 or the spreadsheet import.
#[component]
pub fn HouseholdEditPage() -> impl IntoView {
    let session = use_session();
    let id = use_params_map().read_untracked().get("id");
    let keeps = session
        .user()
        .is_some_and(|u| care::register_reach(u.role) != Reach::Nowhere);
    let back = id
        .as_ref()
        .map_or("/care".to_owned(), |id| format!("/care/households/{id}"));
    let existing = id.as_deref().and_then(state::household);
    let body = match (keeps, &id, existing) {
        (false, ..) => view! { <p class="notice-box">{care::NOT_KEEPER}</p> }.into_any(),
        (true, Some(_), None) => view! {
            <p class="notice-box">"这台手机上没有这一户，可能不在您负责的范围内。"</p>
        }
        .into_any(),
        (true, _, Some(h)) if h.sight != Sight::Full => view! {
            <p class="notice-box">"这台手机上只有这一户的简要信息，不能在这里修改。请这一户的网格员修改，或用“从表格导入”。"</p>
        }
        .into_any(),
        (true, _, household) => view! { <HouseholdForm household=household /> }.into_any(),
    };
    view! {
        <section class="page">
            <a href=back class="back-link">"‹ 返回"</a>
            <h1>{if id.is_some() { "修改一户一表" } else { "登记一户" }}</h1>
            {body}
        </section>
    }
}

#[component]
fn HouseholdForm(household: Option<Household>) -> impl IntoView {
    let form = use_form();
    let navigate = use_navigate();
    let community = community::buildings();
    // Offline before the community's buildings were ever fetched, the buildings of the
    // households on the phone (the grid's) are the choice.
    let buildings = move || {
        let listed = community.get();
        if !listed.is_empty() {
            return listed;
        }
        let mut known: Vec<Building> = Vec::new();
        for row in state::households().iter() {
            let h = &row.value;
            if !h.building_name.is_empty() && !known.iter().any(|b| b.id == h.building_id) {
                known.push(Building {
                    id: h.building_id.clone(),
                    name: h.building_name.clone(),
                });
            }
        }
        // "3栋" before "12栋".
        known.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
        known
    };
    let old = household.as_ref();
    // A new household's id is made once, so that saving twice saves one household.
    let id = old.map_or_else(|| uuid::Uuid::new_v4().to_string(), |h| h.id.clone());
    let building = RwSignal::new(old.map(|h| h.building_id.clone()).unwrap_or_default());
    let unit = RwSignal::new(old.map(|h| h.unit.clone()).unwrap_or_default());
    let room = RwSignal::new(old.map(|h| h.room.clone()).unwrap_or_default());
    let note = RwSignal::new(old.map(|h| h.note.clone()).unwrap_or_default());
    let people = People::of(old);
    let tags = TagChoice::of(old.map_or(&[][..], |h| &h.tags));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut invalid = Invalid::default();
        let (members, emergency) = people.read(&mut invalid);
        let args = SaveHouseholdArgs {
            id: id.clone(),
            building_id: building.get_untracked(),
            unit: unit.get_untracked(),
            room: room.get_untracked(),
            members,
            emergency,
            note: note.get_untracked(),
        };
        let tags = SetTagsArgs {
            household_id: id.clone(),
            tags: tags.read(),
        };
        let year = care::china_year(browser::now_ms());
        let checked = match (args.validated(year), tags.validated()) {
            (Ok(args), Ok(tags)) if invalid.fields.is_empty() => Ok((args, tags)),
            (args, tags) => {
                invalid
                    .fields
                    .extend(args.err().into_iter().flat_map(|e| e.fields));
                invalid
                    .fields
                    .extend(tags.err().into_iter().flat_map(|e| e.fields));
                Err(invalid)
            }
        };
        let (args, tags) = match checked {
            Ok(checked) => checked,
            Err(invalid) => return form.fail(invalid),
        };
        let navigate = navigate.clone();
        let page = format!("/care/households/{}", args.id);
        form.send(care::SAVE_HOUSEHOLD, Ok(args), move |_| {
            form.send(care::SET_TAGS, Ok(tags), move |_| {
                navigate(&page, Default::default())
            });
        });
    };
    view! {
        <form class="form" on:submit=save>
            <fieldset class="field-group">
                <legend>"住在哪里"</legend>
                <div class="field">
                    <label for="field-building_id">"楼栋"</label>
                    <select id="field-building_id" on:change=move |ev| building.set(event_target_value(&ev))>
                        <option value="" selected=move || building.read().is_empty()>"请选择"</option>
                        {move || buildings().into_iter().map(|b| {
                            let bid = b.id.clone();
                            view! { <option value=b.id selected=move || *building.read() == bid>{b.name}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{move || form.field("building_id").get()}</p>
                </div>
                <div class="field-row">
                    <TextField label="单元" name="unit" value=unit error=form.field("unit") inputmode="numeric" />
                    <TextField label="房号" name="room" value=room error=form.field("room") inputmode="numeric" />
                </div>
            </fieldset>
            <PeopleFields people=people form=form relation="与居民的关系" />
            <TagFields tags=tags error=form.field("tags") />
            <TextField label="备注（可不填）" name="note" value=note error=form.field("note")
                hint="例如：膝盖不好，上楼慢；白天女儿不在家" />
            <FormAlert error=form.error() />
            <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>"保存"</button>
        </form>
    }
}
