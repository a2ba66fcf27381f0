use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_core::volunteer::{self, VolunteerProfile};

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::state::write::use_form;
use crate::volunteer::components::skill_picker::SkillPicker;
use crate::volunteer::state as rows;

/// The profile of `user_id`, filled in from what the device has.
#[component]
pub(super) fn ProfileForm(user_id: String) -> impl IntoView {
    let navigate = use_navigate();
    let existing = rows::profile(&user_id);
    let skills = RwSignal::new(
        existing
            .as_ref()
            .map(|p| p.skills.clone())
            .unwrap_or_default(),
    );
    let text = |f: fn(&VolunteerProfile) -> String| {
        RwSignal::new(existing.as_ref().map(f).unwrap_or_default())
    };
    let availability = text(|p| p.availability.clone());
    let emergency_name = text(|p| p.emergency_name.clone());
    let emergency_phone = text(|p| p.emergency_phone.clone());
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let profile = VolunteerProfile {
            user_id: user_id.clone(),
            name: String::new(),
            skills: skills.get_untracked(),
            availability: availability.get_untracked(),
            emergency_name: emergency_name.get_untracked(),
            emergency_phone: emergency_phone.get_untracked(),
        };
        let navigate = navigate.clone();
        form.send(volunteer::SAVE_PROFILE, profile.validated(), move |_| {
            navigate("/volunteer", Default::default())
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <SkillPicker legend="我的特长（可多选，没有也可以）" skills=skills />
            <TextField label="什么时候有空" name="availability" value=availability error=form.field("availability")
                hint="例如：周末上午、工作日晚上" />
            <TextField label="紧急联系人" name="emergency_name" value=emergency_name error=form.field("emergency_name") />
            <TextField label="紧急联系人电话" name="emergency_phone" value=emergency_phone
                error=form.field("emergency_phone") input_type="tel" inputmode="tel" />
            <FormAlert error=form.error() />
            <button class="button button-primary" type="submit">"保存"</button>
        </form>
    }
}
