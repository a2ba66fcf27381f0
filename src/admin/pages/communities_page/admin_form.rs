use leptos::prelude::*;
use linli_core::account::normalize_phone;
use linli_core::admin::{CreatedAdmin, NewAdmin};

use crate::admin::components::reset_code_box::ResetCodeBox;
use crate::admin::state::write;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// A community's first admin: phone and name; the code to set a password is shown once.
#[component]
pub(super) fn AdminForm(community_id: String) -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedAdmin>);
    let form = use_form();
    let path = format!("/street/communities/{community_id}/admins");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let body = NewAdmin {
            phone: normalize_phone(&phone.get_untracked()),
            display_name: display_name.get_untracked().trim().to_owned(),
        };
        let path = path.clone();
        form.run(
            async move { write::<_, CreatedAdmin>(&token, Method::POST, &path, &body).await },
            move |account| {
                open.set(false);
                created.set(Some(account));
            },
        );
    };
    view! {
        {move || created.get().map(|a| view! { <ResetCodeBox name=a.display_name code=a.reset_code /> })}
        {move || if open.get() {
            view! {
                <form class="form" on:submit=on_submit.clone() novalidate>
                    <TextField label="管理员手机号" name="phone" value=phone error=form.field("phone")
                        input_type="tel" inputmode="numeric" />
                    <TextField label="管理员姓名" name="display_name" value=display_name error=form.field("display_name") />
                    <FormAlert error=form.error() />
                    <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"设为社区管理员"</button>
                </form>
            }.into_any()
        } else {
            view! { <button class="button" on:click=move |_| open.set(true)>"添加社区管理员"</button> }.into_any()
        }}
    }
}
