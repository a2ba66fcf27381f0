use leptos::prelude::*;
use linli_core::account::Role;
use linli_core::admin::RoleChange;

/// 身份: the person's role, changed with 改身份 (`put` sends the change).
#[component]
pub(super) fn RoleField(
    role: Role,
    name: String,
    put: Callback<(&'static str, serde_json::Value)>,
) -> impl IntoView {
    let chosen = RwSignal::new(role.as_str().to_owned());
    let save = move |_| {
        if let Some(r) = Role::parse(&chosen.get_untracked()) {
            put.run(("role", serde_json::json!(RoleChange { role: r })));
        }
    };
    view! {
        <label class="inline-field">"身份 "
            <select bind:value=chosen aria-label=format!("{name}的身份")>
                {Role::ALL.into_iter().filter(|r| *r != Role::StreetAdmin).map(|r| {
                    view! { <option value=r.as_str() selected=r == role>{r.label()}</option> }
                }).collect_view()}
            </select>
        </label>
        <button class="button" on:click=save>"改身份"</button>
    }
}
