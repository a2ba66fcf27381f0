use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::admin::ranges::parse_building_names;
use linli_core::signup::{self, Opening, SessionArgs, Subject, Who};
use linli_core::time::parse_china_time;
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::state::community;
use crate::state::write::use_form;

/// Staff open sign-ups on a notice or a directory item, then add its sessions one by one
/// (a batch of buildings each, if it goes by building).
#[component]
pub fn OpenPage() -> impl IntoView {
    let params = use_params_map();
    let subject = move || {
        let p = params.read();
        let id = p.get("id").unwrap_or_default();
        match p.get("kind").as_deref() {
            Some("service") => Subject::Service(id),
            _ => Subject::Notice(id),
        }
    };
    let form = use_form();
    let buildings = community::buildings();
    let opening_id = RwSignal::new(None::<String>);
    let title = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let aged = RwSignal::new(false);
    let per_household = RwSignal::new(String::new());
    let start_date = RwSignal::new(String::new());
    let start_time = RwSignal::new("09:00".to_owned());
    let end_date = RwSignal::new(String::new());
    let end_time = RwSignal::new("11:00".to_owned());
    let place = RwSignal::new(String::new());
    let capacity = RwSignal::new("30".to_owned());
    let batch = RwSignal::new(String::new());
    let saved = RwSignal::new(0u32);
    let save_opening = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let per = per_household.get_untracked();
        let checked = Opening {
            id: uuid::Uuid::new_v4().to_string(),
            subject: subject(),
            title: title.get_untracked(),
            note: note.get_untracked(),
            who: if aged.get_untracked() {
                Who::Aged { from_age: 65 }
            } else {
                Who::Everyone
            },
            per_household: per.trim().parse().ok(),
            closes_at: None,
        }
        .validated();
        form.send(signup::SAVE_OPENING, checked, move |o| {
            opening_id.set(Some(o.id))
        });
    };
    let save_session = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(opening) = opening_id.get_untracked() else {
            return;
        };
        let starts = parse_china_time(&start_date.get_untracked(), &start_time.get_untracked());
        let end_day = end_date.get_untracked();
        let end_day = if end_day.is_empty() {
            start_date.get_untracked()
        } else {
            end_day
        };
        let ends = parse_china_time(&end_day, &end_time.get_untracked());
        let names = batch.get_untracked();
        let batch_ids = if names.trim().is_empty() {
            Ok(None)
        } else {
            parse_building_names(&names).map(|names| {
                let all = buildings.get_untracked();
                Some(
                    all.into_iter()
                        .filter(|b| names.contains(&b.name))
                        .map(|b| b.id)
                        .collect::<Vec<_>>(),
                )
            })
        };
        let checked = match (starts, ends, batch_ids) {
            (None, _, _) | (_, None, _) => Err(Invalid::one("starts_at", "请选择日期和时间")),
            (_, _, Err(why)) => Err(Invalid::one("buildings", why)),
            (Some(starts_at), Some(ends_at), Ok(buildings)) => SessionArgs {
                id: uuid::Uuid::new_v4().to_string(),
                opening_id: opening,
                starts_at,
                ends_at,
                place: place.get_untracked(),
                capacity: capacity.get_untracked().trim().parse().unwrap_or(0),
                buildings,
            }
            .validated(),
        };
        form.send(signup::SAVE_SESSION, checked, move |_| {
            saved.update(|n| *n += 1)
        });
    };
    view! {
        <section class="page">
            <a href="/notices" class="back-link">"‹ 返回"</a>
            <h1>"开放报名"</h1>
            {move || match opening_id.get() {
                None => view! {
                    <form class="form" on:submit=save_opening novalidate>
                        <TextField label="报名名称" name="title" value=title error=form.field("title") hint="如：冬至暖心饺子宴" />
                        <TextField label="说明（可不填）" name="note" value=note error=form.field("note") hint="如：80岁以上独居老人优先" />
                        <label class="radio"><input type="checkbox" prop:checked=move || aged.get()
                            on:change=move |ev| aged.set(event_target_checked(&ev)) />"只限65岁以上老人（按出生年份）"</label>
                        <TextField label="每户限报几人（不限不填）" name="per-household" value=per_household
                            error=form.field("per_household") inputmode="numeric" />
                        <FormAlert error=form.error() />
                        <button type="submit" class="button button-primary button-large">"下一步：添加场次"</button>
                    </form>
                }.into_any(),
                Some(id) => view! {
                    <form class="form" on:submit=save_session novalidate>
                        {move || (saved.get() > 0).then(|| view! {
                            <p class="notice-box" role="status">{format!("已添加 {} 场。可以再加一场。", saved.get())}</p>
                        })}
                        <TextField label="开始日期" name="start-date" value=start_date error=form.field("starts_at") input_type="date" />
                        <TextField label="开始时间" name="start-time" value=start_time error=form.field("starts_at") input_type="time" />
                        <TextField label="结束日期（当天结束不填）" name="end-date" value=end_date error=form.field("ends_at") input_type="date" />
                        <TextField label="结束时间" name="end-time" value=end_time error=form.field("ends_at") input_type="time" />
                        <TextField label="地点" name="place" value=place error=form.field("place") />
                        <TextField label="名额" name="capacity" value=capacity error=form.field("capacity") inputmode="numeric" />
                        <TextField label="按楼栋分批（不分批不填）" name="batch" value=batch error=form.field("buildings") hint="如：1-18栋" />
                        <FormAlert error=form.error() />
                        <button type="submit" class="button button-primary button-large">"添加这一场"</button>
                        <a href=format!("/signup/{id}") class="button button-wide">"完成，去看报名"</a>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
