use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::volunteer::state as rows;

mod adjust;
mod roster;
mod roster_line;

use roster::Roster;

/// Staff: who is on a shift, who came, and their hours; exported as CSV.
#[component]
pub fn ShiftRosterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page">
            {move || match rows::shift(&id()) {
                Some(shift) => view! { <Roster shift=shift /> }.into_any(),
                None => view! { <h1>"找不到这个班次"</h1> }.into_any(),
            }}
        </section>
    }
}
