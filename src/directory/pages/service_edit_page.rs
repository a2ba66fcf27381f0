use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::directory::{self, MAX_TEXT_CHARS, SaveArgs, ServiceCategory, ServiceContent};

use crate::components::after_loading::AfterLoading;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::directory::state::use_directory;
use crate::platform::browser::today;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// Staff add or correct a service item; saved on the device at once, published when online.
#[component]
pub fn ServiceEditPage() -> impl IntoView {
    view! { <AfterLoading><ServiceEditor /></AfterLoading> }
}

#[component]
fn ServiceEditor() -> impl IntoView {
    let params = use_params_map();
    let directory = use_directory();
    let existing = params
        .read_untracked()
        .get("id")
        .and_then(|id| directory.get_untracked().get(&id).cloned());
    let id = existing
        .as_ref()
        .map(|i| i.id.clone())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let content = existing.map(|i| i.content);
    let text = |f: fn(&ServiceContent) -> String| {
        RwSignal::new(content.as_ref().map(f).unwrap_or_default())
    };
    let category = RwSignal::new(
        content
            .as_ref()
            .map_or(ServiceCategory::SocialSecurity, |c| c.category),
    );
    let name = text(|c| c.name.clone());
    let summary = text(|c| c.summary.clone());
    let eligibility = text(|c| c.eligibility.clone());
    let materials = text(|c| c.materials.join("\n"));
    let steps = text(|c| c.steps.join("\n"));
    let location = text(|c| c.location.clone());
    let hours = text(|c| c.hours.clone());
    let phone = text(|c| c.phone.clone());
    let fee = text(|c| c.fee.clone());
    let time_limit = text(|c| c.time_limit.clone());
    let proxy = RwSignal::new(content.as_ref().is_some_and(|c| c.proxy));
    let is_new = content.is_none();

    let session = use_session();
    let navigate = use_navigate();
    let form = use_form();
    let lines = |s: RwSignal<String>| s.get_untracked().lines().map(str::to_owned).collect();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = ServiceContent {
            category: category.get_untracked(),
            name: name.get_untracked(),
            summary: summary.get_untracked(),
            eligibility: eligibility.get_untracked(),
            materials: lines(materials),
            steps: lines(steps),
            location: location.get_untracked(),
            hours: hours.get_untracked(),
            phone: phone.get_untracked(),
            fee: fee.get_untracked(),
            time_limit: time_limit.get_untracked(),
            proxy: proxy.get_untracked(),
            checked_on: today(),
        };
        let checked = content.validated().map(|content| SaveArgs {
            id: id.clone(),
            content,
        });
        let navigate = navigate.clone();
        form.send(directory::SAVE, checked, move |args| {
            navigate(&format!("/services/{}", args.id), Default::default())
        });
    };

    view! {
        <section class="page">
            <h1>{if is_new { "新增办事事项" } else { "修改办事事项" }}</h1>
            {move || (!session.user().is_some_and(|u| u.role.is_staff())).then(|| view! {
                <p class="notice-box">"只有社区工作人员可以修改办事指南。"</p>
            })}
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="field-category">"类别"</label>
                    <select id="field-category" on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        category.set(ServiceCategory::ALL[i.min(ServiceCategory::ALL.len() - 1)]);
                    }>
                        {ServiceCategory::ALL.into_iter().enumerate().map(|(i, c)| view! {
                            <option value=i.to_string() selected=c == category.get_untracked()>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label="事项名称" name="name" value=name error=form.field("name") hint="例如：高龄津贴申领" />
                <TextField label="一句话简介" name="summary" value=summary error=form.field("summary") />
                <TextArea label="谁可以办" name="eligibility" value=eligibility error=form.field("eligibility")
                    max_chars=MAX_TEXT_CHARS rows=3 />
                <TextArea label="要带的材料" name="materials" value=materials error=form.field("materials")
                    max_chars=MAX_TEXT_CHARS * 4 hint="每行一样" />
                <TextArea label="办理流程" name="steps" value=steps error=form.field("steps")
                    max_chars=MAX_TEXT_CHARS * 4 hint="每行一步，按顺序写" />
                <TextField label="办理地点" name="location" value=location error=form.field("location")
                    hint="写清楼层和窗口" />
                <TextField label="办理时间" name="hours" value=hours error=form.field("hours") />
                <TextField label="咨询电话" name="phone" value=phone error=form.field("phone") input_type="tel" />
                <TextField label="收费" name="fee" value=fee error=form.field("fee") />
                <TextField label="多久办好" name="time_limit" value=time_limit error=form.field("time_limit") />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=proxy />
                    "工作人员可以代办"
                </label>
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit">"保存"</button>
                <p class="aside">"保存时记为今天核对过。没有网络时也能保存，连上网络后自动发出。"</p>
            </form>
        </section>
    }
}
