use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use linli_core::account::{ResidentCard, Role};
use linli_core::volunteer::{self, VolunteerProfile};

use crate::components::form_alert::FormAlert;
use crate::components::skill_picker::SkillPicker;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::synced::use_synced;
use crate::state::volunteer as rows;

/// Becoming a volunteer: skills, when one is free, and whom to call in an emergency.
#[component]
pub fn VolunteerProfilePage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/volunteer/me" class="back-link">"‹ 返回我的志愿"</a>
            <h1>"志愿者资料"</h1>
            {move || match session.user() {
                Some(user) if user.role.is_staff() => view! { <OnBehalf own_id=user.id /> }.into_any(),
                Some(user) => view! { <ProfileForm user_id=user.id /> }.into_any(),
                None => view! { <p class="lead">"请先" <a href="/login">"登录"</a> "。"</p> }.into_any(),
            }}
        </section>
    }
}

/// Staff fill in the profile of a resident who cannot do it themselves (代办), or their own.
#[component]
fn OnBehalf(own_id: String) -> impl IntoView {
    let chosen = RwSignal::new(own_id.clone());
    let mut residents: Vec<ResidentCard> = use_synced()
        .residents
        .values()
        .into_iter()
        .filter(|r| r.role == Role::Resident)
        .collect();
    residents.sort_by(|a, b| {
        a.building_name
            .cmp(&b.building_name)
            .then(a.display_name.cmp(&b.display_name))
    });
    view! {
        <div class="field">
            <label for="field-for">"为谁填写"</label>
            <select id="field-for" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value=own_id>"我自己"</option>
                {residents.into_iter().map(|r| view! {
                    <option value=r.id.clone()>
                        {format!("{} {}", r.display_name, r.building_name.unwrap_or_default())}
                    </option>
                }).collect_view()}
            </select>
        </div>
        {move || view! { <ProfileForm user_id=chosen.get() /> }}
    }
}

#[component]
fn ProfileForm(user_id: String) -> impl IntoView {
    let sync = use_sync();
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
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
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
        let profile = match profile.validated() {
            Ok(p) => p,
            Err(invalid) => return error.set(Some(invalid.into())),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match sync.write(volunteer::SAVE_PROFILE, &profile).await {
                Ok(()) => navigate("/volunteer", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <SkillPicker legend="我的特长（可多选，没有也可以）" skills=skills />
            <TextField label="什么时候有空" name="availability" value=availability error=field("availability")
                hint="例如：周末上午、工作日晚上" />
            <TextField label="紧急联系人" name="emergency_name" value=emergency_name error=field("emergency_name") />
            <TextField label="紧急联系人电话" name="emergency_phone" value=emergency_phone
                error=field("emergency_phone") input_type="tel" inputmode="tel" />
            <FormAlert error=error />
            <button class="button button-primary" type="submit">"保存"</button>
        </form>
    }
}
