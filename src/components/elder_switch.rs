use leptos::prelude::*;

use crate::state::elder_mode::use_elder_mode;

/// The 长辈版 on/off switch. Its box shows a tick when on, so the state is not
/// told by colour alone; screen readers hear "pressed".
#[component]
pub fn ElderSwitch() -> impl IntoView {
    let elder = use_elder_mode();
    view! {
        <button type="button" class="elder-switch" aria-pressed=move || elder.is_on().to_string()
            on:click=move |_| elder.toggle()>
            <span class="switch-box" aria-hidden="true"></span>
            "长辈版"
        </button>
    }
}
