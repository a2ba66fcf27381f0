use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_core::account::{ResidentCard, normalize_phone};
use linli_core::report::{
    self, Channel, GeoPoint, MAX_DESCRIPTION_CHARS, MAX_PHOTOS, OnBehalf, SubmitArgs, SupportArgs,
    similar,
};
use linli_core::validate::Invalid;
use wasm_bindgen::JsCast;

use crate::components::form_alert::FormAlert;
use crate::components::photo::BlobImage;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::error::AppError;
use crate::platform::browser::now_ms;
use crate::platform::drafts::{self, Draft};
use crate::platform::files::LocalFile;
use crate::platform::{location, photos};
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::synced::use_synced;
use crate::state::{community, reports};

/// What is being typed, as signals; saved as a draft on every change.
#[derive(Clone, Copy)]
struct Form {
    category: RwSignal<String>,
    description: RwSignal<String>,
    building: RwSignal<String>,
    unit: RwSignal<String>,
    room: RwSignal<String>,
    place: RwSignal<String>,
    anonymous: RwSignal<bool>,
    phone: RwSignal<String>,
    photos: RwSignal<Vec<LocalFile>>,
    /// Where the phone was, if the person chose to add it.
    geo: RwSignal<Option<GeoPoint>>,
    /// Staff filing for a resident (代办): their name and how they reached us.
    behalf: RwSignal<Option<(String, Channel)>>,
}

impl Form {
    fn fill(&self, a: SubmitArgs, photos: Vec<LocalFile>) {
        self.category.set(a.category_id);
        self.description.set(a.description);
        self.building.set(a.building_id.unwrap_or_default());
        self.unit.set(a.unit.unwrap_or_default());
        self.room.set(a.room.unwrap_or_default());
        self.place.set(a.place.unwrap_or_default());
        self.anonymous.set(a.anonymous);
        self.phone.set(a.contact_phone.unwrap_or_default());
        self.photos.set(photos);
        self.geo.set(a.geo);
        self.behalf.set(a.on_behalf.map(|b| (b.name, b.channel)));
    }

    /// The report as typed so far (tracked: an effect reading it reruns on every change).
    fn args(&self, id: &str, residents: &[ResidentCard]) -> SubmitArgs {
        let text = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.trim().is_empty());
        let phone = text(self.phone);
        let on_behalf = self.behalf.get().map(|(name, channel)| OnBehalf {
            // A resident with an account follows the case on their own phone.
            resident_id: phone.as_ref().and_then(|p| {
                let p = normalize_phone(p);
                residents
                    .iter()
                    .find(|r| r.phone == p)
                    .map(|r| r.id.clone())
            }),
            name,
            channel,
        });
        SubmitArgs {
            id: id.to_owned(),
            category_id: self.category.get(),
            description: self.description.get(),
            building_id: text(self.building),
            unit: text(self.unit),
            room: text(self.room),
            place: text(self.place),
            geo: self.geo.get(),
            photos: self
                .photos
                .with(|p| p.iter().map(|f| f.id.clone()).collect()),
            anonymous: self.anonymous.get(),
            contact_phone: phone,
            on_behalf,
        }
    }
}

/// 我要说事: one page, saved on the device as it is typed, sent when online.
#[component]
pub fn ReportNewPage() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let navigate = use_navigate();
    let query = use_query_map();
    let draft_id = query.read_untracked().get("draft");
    let id = draft_id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let is_staff = session.user().is_some_and(|u| u.role.is_staff());
    let form = Form {
        category: RwSignal::new(String::new()),
        description: RwSignal::new(String::new()),
        building: RwSignal::new(query.read_untracked().get("building").unwrap_or_default()),
        unit: RwSignal::new(String::new()),
        room: RwSignal::new(String::new()),
        place: RwSignal::new(String::new()),
        anonymous: RwSignal::new(false),
        phone: RwSignal::new(session.user().map(|u| u.phone).unwrap_or_default()),
        photos: RwSignal::new(Vec::new()),
        geo: RwSignal::new(None),
        behalf: RwSignal::new(None),
    };
    let categories = reports::categories();
    let buildings = community::buildings();
    let residents: StoredValue<Vec<ResidentCard>> =
        StoredValue::new(use_synced().residents.values());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(draft_id.is_none());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));

    // Continue a draft kept on the device.
    if let Some(draft_id) = draft_id {
        spawn_local(async move {
            if let Ok(db) = sync.db().await
                && let Ok(list) = drafts::all(&db).await
                && let Some(draft) = list.into_iter().find(|d| d.args.id == draft_id)
            {
                form.fill(draft.args, draft.photos);
            }
            loaded.set(true);
        });
    }

    // Save as the person types: nothing typed is lost if the app closes.
    let draft_key = id.clone();
    Effect::new(move |first: Option<()>| {
        let args = residents.with_value(|r| form.args(&draft_key, r));
        let photos = form.photos.get();
        if first.is_none() || !loaded.get() || busy.get_untracked() {
            return;
        }
        let draft = Draft {
            args,
            photos,
            updated_at: now_ms(),
        };
        spawn_local(async move {
            let ok = match sync.db().await {
                Ok(db) => drafts::save(&db, &draft).await.is_ok(),
                Err(_) => false,
            };
            saved.set(Some(ok));
        });
    });

    let add_photos = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        spawn_local(async move {
            error.set(None);
            for file in picked {
                if form.photos.with_untracked(Vec::len) >= MAX_PHOTOS {
                    let invalid = Invalid::one("photos", format!("最多附 {MAX_PHOTOS} 张照片"));
                    error.set(Some(invalid.into()));
                    break;
                }
                match photos::shrink(&file).await {
                    Ok(blob) => form.photos.update(|p| {
                        p.push(LocalFile {
                            id: uuid::Uuid::new_v4().to_string(),
                            blob,
                        })
                    }),
                    Err(e) => error.set(Some(e)),
                }
            }
        });
    };

    let submit_id = id.clone();
    let nav = navigate.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = residents.with_value(|r| untrack(|| form.args(&submit_id, r)));
        let args = match args.validated() {
            Ok(args) => args,
            Err(invalid) => return error.set(Some(invalid.into())),
        };
        let files = form.photos.get_untracked();
        let navigate = nav.clone();
        busy.set(true);
        spawn_local(async move {
            match sync.write_with_files(report::SUBMIT, &args, &files).await {
                Ok(()) => {
                    if let Ok(db) = sync.db().await {
                        let _ = drafts::delete(&db, &args.id).await;
                    }
                    navigate(&format!("/reports/{}", args.id), Default::default());
                }
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };

    // The same matter already reported in the same building: join it instead.
    let similar_cases = Memo::new(move |_| {
        let (category, building) = (form.category.get(), form.building.get());
        if category.is_empty() || building.is_empty() {
            return Vec::new();
        }
        let all: Vec<_> = reports::reports().into_iter().map(|(r, _)| r).collect();
        similar(&all, &category, &building)
            .into_iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
    });
    let join_id = id.clone();
    let me_too = move |report_id: String| {
        let navigate = navigate.clone();
        let draft = join_id.clone();
        spawn_local(async move {
            let args = SupportArgs {
                report_id: report_id.clone(),
            };
            match sync.write(report::SUPPORT, &args).await {
                Ok(()) => {
                    if let Ok(db) = sync.db().await {
                        let _ = drafts::delete(&db, &draft).await;
                    }
                    navigate(&format!("/reports/{report_id}"), Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let promise = {
        let categories = categories.clone();
        move || {
            let chosen = form.category.get();
            categories
                .iter()
                .find(|c| c.id == chosen)
                .map(|c| c.promise())
        }
    };

    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"我要说事"</h1>
            {(!session.is_logged_in()).then(|| view! {
                <p class="notice-box">"请先" <a href="/login">"登录"</a> "，社区才能把处理结果告诉您。"</p>
            })}
            <form class="form" on:submit=submit novalidate>
                {is_staff.then(|| view! { <OnBehalfFields form=form error=field("on_behalf.name") /> })}
                <div class="field">
                    <label for="field-category_id">"是哪一类事？"</label>
                    <select id="field-category_id" on:change=move |ev| form.category.set(event_target_value(&ev))
                        aria-describedby="category-promise field-category_id-error">
                        <option value="" selected=move || form.category.read().is_empty()>"请选择"</option>
                        {categories.iter().map(|c| {
                            let cid = c.id.clone();
                            view! {
                                <option value=c.id.clone() selected=move || *form.category.read() == cid>{c.name.clone()}</option>
                            }
                        }).collect_view()}
                    </select>
                    <p class="field-hint promise" id="category-promise">{promise}</p>
                    <p class="field-error" id="field-category_id-error" aria-live="polite">{move || field("category_id").get()}</p>
                </div>
                <TextArea label="什么事？" name="description" value=form.description error=field("description")
                    max_chars=MAX_DESCRIPTION_CHARS hint="说清楚在哪里、什么情况、从什么时候开始" rows=5 />
                <fieldset class="field-group">
                    <legend>"在哪里？"</legend>
                    <div class="field">
                        <label for="field-building_id">"楼栋"</label>
                        <select id="field-building_id" on:change=move |ev| form.building.set(event_target_value(&ev))>
                            <option value="" selected=move || form.building.read().is_empty()>"不在楼里 / 不确定"</option>
                            {move || buildings.get().into_iter().map(|b| {
                                let bid = b.id.clone();
                                view! {
                                    <option value=b.id selected=move || *form.building.read() == bid>{b.name}</option>
                                }
                            }).collect_view()}
                        </select>
                        <p class="field-error" aria-live="polite">{move || field("building_id").get()}</p>
                    </div>
                    <div class="field-row">
                        <TextField label="单元（可不填）" name="unit" value=form.unit error=field("unit") inputmode="numeric" />
                        <TextField label="房号（可不填）" name="room" value=form.room error=field("room") inputmode="numeric" />
                    </div>
                    <TextField label="其他地点（可不填）" name="place" value=form.place error=field("place")
                        hint="例如：小区东门、3栋和5栋之间的路" />
                    <PlaceFromPhone geo=form.geo error=error />
                </fieldset>
                {move || {
                    let found = similar_cases.get();
                    (!found.is_empty()).then(|| view! {
                        <div class="card similar" role="region" aria-label="已有人反映">
                            <h2>"这栋楼已有人反映过同类问题"</h2>
                            <p>"如果是同一件事，点“我也遇到”就行，不用重复提交，处理结果会告诉您。"</p>
                            <ul class="plain-list">
                                {found.into_iter().map(|r| {
                                    let rid = r.id.clone();
                                    let me_too = me_too.clone();
                                    view! {
                                        <li>
                                            <p><strong>{r.state.label()}</strong> " · " {r.description.clone()}</p>
                                            <p class="meta">{format!("{} 人也遇到", r.supporters)}</p>
                                            <button type="button" class="button" on:click=move |_| me_too(rid.clone())>"我也遇到"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                }}
                <PhotoPicker photos=form.photos on_pick=add_photos error=field("photos") />
                <TextField label="联系电话（只有社区工作人员能看到）" name="contact_phone" value=form.phone
                    error=field("contact_phone") input_type="tel" inputmode="tel" autocomplete="tel" />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=form.anonymous />
                    "对其他居民匿名（社区工作人员仍能看到您的姓名）"
                </label>
                <FormAlert error=error />
                <button class="button button-primary button-large" type="submit" disabled=move || busy.get()>"提交"</button>
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

/// Up to four photos, shrunk on the device before they are kept.
#[component]
fn PhotoPicker(
    photos: RwSignal<Vec<LocalFile>>,
    on_pick: impl Fn(leptos::ev::Event) + 'static,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-photos">{format!("照片（可不拍，最多 {MAX_PHOTOS} 张）")}</label>
            <p class="field-hint">"照片会在手机上压缩后再发送，省流量。"</p>
            <input id="field-photos" type="file" accept="image/*" multiple on:change=on_pick
                disabled=move || { photos.read().len() >= MAX_PHOTOS } />
            <ul class="photo-list">
                <For each=move || photos.get() key=|p| p.id.clone() let(photo)>
                    {
                        let id = photo.id.clone();
                        view! {
                            <li>
                                <BlobImage blob=photo.blob alt="要发送的照片".to_owned() />
                                <button type="button" class="button"
                                    on:click=move |_| photos.update(|p| p.retain(|f| f.id != id))>"删除这张"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// Staff filing for a resident who phoned or came in (代办).
#[component]
fn OnBehalfFields(form: Form, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        let typed = name.get();
        form.behalf.update(|b| {
            if let Some(b) = b {
                b.0 = typed;
            }
        });
    });
    let channel = move || form.behalf.get().map(|b| b.1);
    let choose = move |c: Option<Channel>| {
        form.behalf.set(c.map(|c| (name.get_untracked(), c)));
        if c.is_some() && form.behalf.get_untracked().is_some() {
            form.phone.set(String::new());
        }
    };
    view! {
        <fieldset class="field-group card">
            <legend>"谁反映的？"</legend>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel().is_none() on:change=move |_| choose(None) />
                "我自己"
            </label>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel() == Some(Channel::Phone)
                    on:change=move |_| choose(Some(Channel::Phone)) />
                "替打电话来的居民登记（代办）"
            </label>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel() == Some(Channel::Visit)
                    on:change=move |_| choose(Some(Channel::Visit)) />
                "替上门来的居民登记（代办）"
            </label>
            {move || channel().is_some().then(|| view! {
                <TextField label="居民称呼" name="on_behalf_name" value=name error=error hint="例如：王秀兰、3栋的王阿姨" />
            })}
        </fieldset>
    }
}

/// The phone's location, added only when the person asks (useful outdoors; staff see it).
#[component]
fn PlaceFromPhone(
    geo: RwSignal<Option<GeoPoint>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let finding = RwSignal::new(false);
    let find = move |_| {
        finding.set(true);
        spawn_local(async move {
            match location::current().await {
                Ok(point) => geo.set(Some(point)),
                Err(e) => error.set(Some(e)),
            }
            finding.set(false);
        });
    };
    view! {
        <div class="field">
            {move || match geo.get() {
                Some(_) => view! {
                    <p class="ack-done">"✓ 已加上手机现在的位置（只有社区工作人员能看到）"</p>
                    <button type="button" class="button" on:click=move |_| geo.set(None)>"去掉位置"</button>
                }.into_any(),
                None => view! {
                    <button type="button" class="button" on:click=find disabled=move || finding.get()>
                        {move || if finding.get() { "正在取位置…" } else { "加上手机现在的位置（在室外时有用）" }}
                    </button>
                }.into_any(),
            }}
            <p class="field-error" aria-live="polite">{move || error.get().and_then(|e| e.field("geo"))}</p>
        </div>
    }
}
