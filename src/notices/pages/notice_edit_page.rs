use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::Millis;
use linli_core::notice::{self, Category, Importance, MAX_BODY_CHARS, Notice, PublishArgs};
use linli_core::time::{china_time_inputs, parse_china_time};
use linli_core::validate::Invalid;

use crate::components::after_loading::AfterLoading;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::state::session::use_session;
use crate::state::write::use_form;

mod audience;
mod welfare_check;

use audience::Audience;
use welfare_check::WelfareCheck;

/// The end of the day a notice is valid until, from the date picker; none when empty.
fn expiry(date: &str) -> Result<Option<Millis>, Invalid> {
    match date.trim() {
        "" => Ok(None),
        date => parse_china_time(date, "23:59")
            .map(Some)
            .ok_or_else(|| Invalid::one("expires_at", "请选择有效期的日期，或不填")),
    }
}

/// Staff write a notice, or change one; saved on the device at once and published when online.
#[component]
pub fn NoticeEditPage() -> impl IntoView {
    view! { <AfterLoading><NoticeEditor /></AfterLoading> }
}

#[component]
fn NoticeEditor() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let params = use_params_map();
    let existing: Option<Notice> = params
        .read_untracked()
        .get("id")
        .and_then(|id| crate::notices::state::all().get(&id));
    let is_new = existing.is_none();
    let id = existing
        .as_ref()
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), |n| n.id.clone());
    let category = RwSignal::new(existing.as_ref().map_or(Category::Notice, |n| n.category));
    let importance = RwSignal::new(
        existing
            .as_ref()
            .map_or(Importance::Normal, |n| n.importance),
    );
    let title = RwSignal::new(
        existing
            .as_ref()
            .map(|n| n.title.clone())
            .unwrap_or_default(),
    );
    let body = RwSignal::new(
        existing
            .as_ref()
            .map(|n| n.body.clone())
            .unwrap_or_default(),
    );
    let pinned = RwSignal::new(existing.as_ref().is_some_and(|n| n.pinned));
    let audience = RwSignal::new(existing.as_ref().and_then(|n| n.audience.clone()));
    let expires = RwSignal::new(
        existing
            .as_ref()
            .and_then(|n| n.expires_at)
            .map(|at| china_time_inputs(at).0)
            .unwrap_or_default(),
    );
    let call_after_hours = RwSignal::new(existing.as_ref().and_then(|n| n.call_after_hours));
    let form = use_form();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = expiry(&expires.get_untracked()).and_then(|expires_at| {
            PublishArgs {
                id: id.clone(),
                category: category.get_untracked(),
                importance: importance.get_untracked(),
                title: title.get_untracked(),
                body: body.get_untracked(),
                pinned: pinned.get_untracked(),
                audience: audience.get_untracked(),
                expires_at,
                call_after_hours: call_after_hours.get_untracked(),
            }
            .validated()
        });
        let navigate = navigate.clone();
        form.send(notice::PUBLISH, checked, move |args| {
            navigate(&format!("/notices/{}", args.id), Default::default())
        });
    };

    view! {
        <section class="page">
            <h1>{if is_new { "发布通知" } else { "修改通知" }}</h1>
            {move || (!session.user().is_some_and(|u| u.role.is_staff())).then(|| view! {
                <p class="notice-box">"只有社区工作人员可以发布通知。"</p>
            })}
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="field-category">"类别"</label>
                    <select id="field-category" on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        category.set(Category::ALL[i.min(Category::ALL.len() - 1)]);
                    }>
                        {Category::ALL.into_iter().enumerate().map(|(i, c)| view! {
                            <option value=i.to_string() selected=move || category.get() == c>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="field-group">
                    <legend>"重要程度"</legend>
                    {[Importance::Normal, Importance::Important, Importance::Urgent].into_iter().map(|level| view! {
                        <label class="radio">
                            <input type="radio" name="importance"
                                prop:checked=move || importance.get() == level
                                on:change=move |_| importance.set(level) />
                            {level.label()}
                            {(level == Importance::Urgent).then_some("（居民需确认“我已知晓”）")}
                        </label>
                    }).collect_view()}
                </fieldset>
                {move || (importance.get() == Importance::Urgent).then(|| view! {
                    <WelfareCheck hours=call_after_hours error=form.field("call_after_hours") />
                })}
                <TextField label="标题" name="title" value=title error=form.field("title") hint="例如：3栋明天停水" />
                <TextArea label="正文" name="body" value=body error=form.field("body")
                    max_chars=MAX_BODY_CHARS hint="空一行分段" rows=8 />
                <Audience audience=audience error=form.field("audience") />
                <TextField label="有效期至（可不填）" name="expires_at" value=expires error=form.field("expires_at")
                    input_type="date" hint="过了这一天，通知移到“往期通知”" />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=pinned />
                    "置顶"
                </label>
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit">{if is_new { "发布" } else { "保存修改" }}</button>
                <p class="aside">"没有网络时也可以发布，连上网络后会自动发出。"</p>
            </form>
        </section>
    }
}
