use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::volunteer::{self, Activity, ActivityKind, MAX_DESCRIPTION_CHARS};

use crate::components::after_loading::AfterLoading;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::state::write::use_form;
use crate::volunteer::components::skill_picker::SkillPicker;
use crate::volunteer::state as rows;

/// Staff create or change an activity; saved on the device, published when online.
#[component]
pub fn ActivityEditPage() -> impl IntoView {
    view! { <AfterLoading><ActivityEditor /></AfterLoading> }
}

#[component]
fn ActivityEditor() -> impl IntoView {
    let params = use_params_map();
    let existing = params
        .read_untracked()
        .get("id")
        .and_then(|id| rows::activity(&id));
    let is_new = existing.is_none();
    let id = existing
        .as_ref()
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), |a| a.id.clone());
    let text =
        |f: fn(&Activity) -> String| RwSignal::new(existing.as_ref().map(f).unwrap_or_default());
    let kind = RwSignal::new(
        existing
            .as_ref()
            .map_or(ActivityKind::ElderCare, |a| a.kind),
    );
    let skills = RwSignal::new(
        existing
            .as_ref()
            .map(|a| a.skills.clone())
            .unwrap_or_default(),
    );
    let title = text(|a| a.title.clone());
    let description = text(|a| a.description.clone());
    let place = text(|a| a.place.clone());
    let contact_name = text(|a| a.contact_name.clone());
    let contact_phone = text(|a| a.contact_phone.clone());

    let navigate = use_navigate();
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let activity = Activity {
            id: id.clone(),
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            place: place.get_untracked(),
            contact_name: contact_name.get_untracked(),
            contact_phone: contact_phone.get_untracked(),
            skills: skills.get_untracked(),
        };
        let navigate = navigate.clone();
        form.send(
            volunteer::SAVE_ACTIVITY,
            activity.validated(),
            move |activity| {
                navigate(
                    &format!("/volunteer/activities/{}", activity.id),
                    Default::default(),
                )
            },
        );
    };
    view! {
        <section class="page">
            <a href="/volunteer" class="back-link">"‹ 返回志愿服务"</a>
            <h1>{if is_new { "新建志愿活动" } else { "修改志愿活动" }}</h1>
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="field-kind">"类别"</label>
                    <select id="field-kind" on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        kind.set(ActivityKind::ALL[i.min(ActivityKind::ALL.len() - 1)]);
                    }>
                        {ActivityKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string() selected=move || kind.get() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label="活动名称" name="title" value=title error=form.field("title") hint="例如：陪独居老人聊天" />
                <TextArea label="活动介绍" name="description" value=description error=form.field("description")
                    max_chars=MAX_DESCRIPTION_CHARS rows=4 />
                <TextField label="地点" name="place" value=place error=form.field("place") />
                <TextField label="联系人" name="contact_name" value=contact_name error=form.field("contact_name") />
                <TextField label="联系电话" name="contact_phone" value=contact_phone error=form.field("contact_phone")
                    input_type="tel" inputmode="tel" />
                <SkillPicker legend="需要的特长（可不选）" skills=skills />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit">"保存"</button>
            </form>
        </section>
    }
}
