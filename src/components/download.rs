use leptos::prelude::*;

use crate::components::form_alert::FormAlert;
use crate::platform::{api, browser};
use crate::state::session::use_session;
use crate::state::write::use_form;

/// Fetches a staff report (a CSV file) and saves it on the device.
#[component]
pub fn Download(path: String, name: &'static str, label: &'static str) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let download = move |_| {
        let Some(token) = session.token() else { return };
        let path = path.clone();
        let saved = async move {
            let bytes = api::download(&token, &path).await?;
            browser::save_file(name, "text/csv", &bytes)
        };
        form.run(saved, |()| ());
    };
    view! {
        <button class="button" on:click=download>{label}</button>
        <FormAlert error=form.error() />
    }
}
