use leptos::prelude::*;
use linli_core::account::{Address, CreateAccountRequest, Role};
use linli_core::admin::{BuildingInfo, CreatedAccount};

use crate::admin::components::reset_code_box::ResetCodeBox;
use crate::admin::state::{load, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// A new account made at the desk: a resident who cannot register, or (admins) staff,
/// 物业 and 楼栋长. Without a password: the one-time code to set one is shown once.
#[component]
pub(super) fn NewPerson(on_created: Callback<()>) -> impl IntoView {
    let session = use_session();
    let roles: Vec<Role> = session
        .user()
        .map(|u| {
            Role::ALL
                .into_iter()
                .filter(|r| u.role.may_create(*r))
                .collect()
        })
        .unwrap_or_default();
    let buildings = LocalResource::new(move || {
        load::<Vec<BuildingInfo>>(session.token(), "/admin/buildings".into())
    });
    let phone = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Resident.as_str().to_owned());
    let building_id = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedAccount>);
    let form = use_form();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let req = CreateAccountRequest {
            phone: phone.get_untracked(),
            display_name: display_name.get_untracked(),
            password: None,
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Resident),
            address: Address {
                building_id: Some(building_id.get_untracked()),
                unit: None,
                room: Some(room.get_untracked()),
            },
        };
        form.submit(
            req.validated(),
            move |req| async move {
                write::<_, CreatedAccount>(&token, Method::POST, "/admin/people", &req).await
            },
            move |account| {
                created.set(Some(account));
                phone.set(String::new());
                display_name.set(String::new());
                on_created.run(());
            },
        );
    };
    (!roles.is_empty()).then(|| view! {
        {move || created.get().and_then(|a| {
            let name = a.user.display_name.clone();
            a.reset_code.map(|code| view! { <ResetCodeBox name=name code=code /> })
        })}
        <form class="form card" on:submit=on_submit novalidate>
            <h2>"开新账号"</h2>
            <TextField label="手机号" name="phone" value=phone error=form.field("phone")
                input_type="tel" inputmode="numeric" />
            <TextField label="姓名" name="display_name" value=display_name error=form.field("display_name") />
            <div class="field">
                <label for="field-new-role">"身份"</label>
                <select id="field-new-role" bind:value=role>
                    {roles.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
                <p class="field-error">{move || form.field("role").get()}</p>
            </div>
            <div class="field">
                <label for="field-new-building">"楼栋"</label>
                <select id="field-new-building" bind:value=building_id>
                    <option value="">"不填"</option>
                    {move || buildings.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .filter(|b| !b.retired)
                        .map(|b| view! { <option value=b.id.clone()>{b.name.clone()}</option> })
                        .collect_view()}
                </select>
                <p class="field-error">{move || form.field("building_id").get()}</p>
            </div>
            <TextField label="房号" name="room" value=room error=form.field("room") hint="可以不填" />
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"开账号"</button>
        </form>
    })
}
