use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use linli_core::notice::{self, Category, Importance, MAX_BODY_CHARS, PublishArgs};

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::state::session::use_session;
use crate::state::sync::use_sync;

/// Staff write a notice; it is saved on the device at once and published when online.
#[component]
pub fn NoticeNewPage() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let navigate = use_navigate();
    let category = RwSignal::new(Category::Notice);
    let importance = RwSignal::new(Importance::Normal);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let pinned = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = PublishArgs {
            id: uuid::Uuid::new_v4().to_string(),
            category: category.get_untracked(),
            importance: importance.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
            pinned: pinned.get_untracked(),
            audience: None,
            expires_at: None,
        };
        let args = match args.validated() {
            Ok(args) => args,
            Err(invalid) => return error.set(Some(invalid.into())),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match sync.write(notice::PUBLISH, &args).await {
                Ok(()) => navigate(&format!("/notices/{}", args.id), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="page">
            <h1>"发布通知"</h1>
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
                            <option value=i.to_string()>{c.label()}</option>
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
                <TextField label="标题" name="title" value=title error=field("title") hint="例如：3栋明天停水" />
                <TextArea label="正文" name="body" value=body error=field("body")
                    max_chars=MAX_BODY_CHARS hint="空一行分段" rows=8 />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=pinned />
                    "置顶"
                </label>
                <FormAlert error=error />
                <button class="button button-primary" type="submit">"发布"</button>
                <p class="aside">"没有网络时也可以发布，连上网络后会自动发出。"</p>
            </form>
        </section>
    }
}
