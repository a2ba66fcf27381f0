use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_core::account::ResidentCard;
use linli_core::report::{self, MAX_DESCRIPTION_CHARS, SubmitArgs};

use crate::components::after_loading::AfterLoading;
use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::write::use_form;

mod category_field;
mod draft;
mod fields;
mod on_behalf_fields;
mod photo_picker;
mod place_fields;
mod place_from_phone;
mod similar_cases;

use category_field::CategoryField;
use fields::ReportFields;
use on_behalf_fields::OnBehalfFields;
use photo_picker::PhotoPicker;
use place_fields::PlaceFields;
use similar_cases::SimilarCases;

/// 我要说事: one page, saved on the device as it is typed, sent when online.
#[component]
pub fn ReportNewPage() -> impl IntoView {
    view! { <AfterLoading><ReportEditor /></AfterLoading> }
}

#[component]
fn ReportEditor() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let navigate = use_navigate();
    let query = use_query_map();
    let draft_id = query.read_untracked().get("draft");
    let id = draft_id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let files_for_others = session.user().is_some_and(|u| {
        u.role
            .may(linli_core::access::Action::FileCasesForResidents)
    });
    let fields = ReportFields::new(
        query.read_untracked().get("building").unwrap_or_default(),
        session.user().map(|u| u.phone).unwrap_or_default(),
    );
    let residents: StoredValue<Vec<ResidentCard>> =
        StoredValue::new(crate::account::state::residents().values());
    let form = use_form();
    let saved = RwSignal::new(None::<bool>);
    let loaded = RwSignal::new(draft_id.is_none());
    if let Some(draft_id) = draft_id {
        draft::continue_draft(sync, draft_id, fields, loaded);
    }
    draft::save_as_typed(
        sync,
        id.clone(),
        fields,
        residents,
        loaded,
        form.pending(),
        saved,
    );

    let submit_id = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = residents.with_value(|r| untrack(|| fields.args(&submit_id, r)));
        let files = fields.photos.get_untracked();
        let navigate = navigate.clone();
        let send = move |args: SubmitArgs| async move {
            sync.write_with_files(report::SUBMIT, &args, &files).await?;
            draft::forget(sync, &args.id).await;
            Ok(args.id)
        };
        form.submit(args.validated(), send, move |id| {
            navigate(&format!("/reports/{id}"), Default::default())
        });
    };

    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"我要说事"</h1>
            {(!session.is_logged_in()).then(|| view! {
                <p class="notice-box">"请先" <a href="/login">"登录"</a> "，社区才能把处理结果告诉您。"</p>
            })}
            <form class="form" on:submit=submit novalidate>
                {files_for_others.then(|| view! { <OnBehalfFields fields=fields error=form.field("on_behalf.name") /> })}
                <CategoryField category=fields.category error=form.field("category_id") />
                <TextArea label="什么事？" name="description" value=fields.description error=form.field("description")
                    max_chars=MAX_DESCRIPTION_CHARS hint="说清楚在哪里、什么情况、从什么时候开始" rows=5 />
                <PlaceFields fields=fields form=form />
                <SimilarCases fields=fields draft_id=id form=form />
                <PhotoPicker photos=fields.photos form=form />
                <TextField label="联系电话（只有社区工作人员能看到）" name="contact_phone" value=fields.phone
                    error=form.field("contact_phone") input_type="tel" inputmode="tel" autocomplete="tel" />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=fields.anonymous />
                    "对其他居民匿名（社区工作人员仍能看到您的姓名）"
                </label>
                <FormAlert error=form.error() />
                <button class="button button-primary button-large" type="submit" disabled=move || form.pending().get()>"提交"</button>
                <p class="aside" aria-live="polite">
                    {move || match saved.get() {
                        Some(true) => "草稿已保存在手机上。没有网络也可以提交，连上网络后会自动发出。",
                        Some(false) => "草稿没能保存，请不要关闭页面，先提交。",
                        None => "边写边保存，没有网络也可以提交。",
                    }}
                </p>
            </form>
        </section>
    }
}
