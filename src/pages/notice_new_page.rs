use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_core::community::Building;
use linli_core::notice::{self, Category, Importance, MAX_BODY_CHARS, Notice, PublishArgs};
use linli_core::time::{china_time_inputs, parse_china_time};
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::state::community;
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::synced::use_synced;

/// Staff write a notice, or change one; saved on the device at once and published when online.
#[component]
pub fn NoticeNewPage() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let navigate = use_navigate();
    let params = use_params_map();
    let existing: Option<Notice> = params
        .read_untracked()
        .get("id")
        .and_then(|id| use_synced().notices.get(&id));
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
    let error = RwSignal::new(None::<AppError>);
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let expiry = expires.get_untracked();
        let expires_at = match expiry.trim() {
            "" => None,
            date => match parse_china_time(date, "23:59") {
                Some(at) => Some(at),
                None => {
                    let invalid = Invalid::one("expires_at", "请选择有效期的日期，或不填");
                    return error.set(Some(invalid.into()));
                }
            },
        };
        let args = PublishArgs {
            id: id.clone(),
            category: category.get_untracked(),
            importance: importance.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
            pinned: pinned.get_untracked(),
            audience: audience.get_untracked(),
            expires_at,
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
                <TextField label="标题" name="title" value=title error=field("title") hint="例如：3栋明天停水" />
                <TextArea label="正文" name="body" value=body error=field("body")
                    max_chars=MAX_BODY_CHARS hint="空一行分段" rows=8 />
                <Audience audience=audience error=field("audience") />
                <TextField label="有效期至（可不填）" name="expires_at" value=expires error=field("expires_at")
                    input_type="date" hint="过了这一天，通知移到“往期通知”" />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=pinned />
                    "置顶"
                </label>
                <FormAlert error=error />
                <button class="button button-primary" type="submit">{if is_new { "发布" } else { "保存修改" }}</button>
                <p class="aside">"没有网络时也可以发布，连上网络后会自动发出。"</p>
            </form>
        </section>
    }
}

/// Whom a notice is for: the whole community, or chosen buildings (listed when online).
#[component]
fn Audience(
    audience: RwSignal<Option<Vec<String>>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let buildings = community::buildings();
    let toggle = move |id: String| {
        audience.update(|a| {
            let list = a.get_or_insert_with(Vec::new);
            if let Some(i) = list.iter().position(|b| *b == id) {
                list.remove(i);
            } else {
                list.push(id);
            }
        })
    };
    let picker = move || {
        audience.read().is_some().then(|| match buildings.get() {
            list if list.is_empty() => view! { <p class="field-hint">"连上网络后才能选择楼栋。没有网络时请发给全社区。"</p> }.into_any(),
            list => view! {
                <div class="building-grid">
                    {list.into_iter().map(|Building { id, name }| {
                        let checked = {
                            let id = id.clone();
                            move || audience.read().as_ref().is_some_and(|a| a.contains(&id))
                        };
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=checked on:change=move |_| toggle(id.clone()) />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        })
    };
    view! {
        <fieldset class="field-group">
            <legend>"发给谁"</legend>
            <label class="radio">
                <input type="radio" name="audience" prop:checked=move || audience.read().is_none()
                    on:change=move |_| audience.set(None) />
                "全社区"
            </label>
            <label class="radio">
                <input type="radio" name="audience" prop:checked=move || audience.read().is_some()
                    on:change=move |_| audience.set(Some(Vec::new())) />
                "只发给部分楼栋"
            </label>
            {picker}
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}
