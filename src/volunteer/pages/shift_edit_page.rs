use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use linli_core::time::{china_time_inputs, parse_china_time};
use linli_core::validate::Invalid;
use linli_core::volunteer::{self, ShiftArgs};

use crate::components::after_loading::AfterLoading;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::browser::now_ms;
use crate::state::write::use_form;
use crate::volunteer::state as rows;

/// A fresh six-digit check-in code.
fn new_code() -> String {
    format!("{:06}", uuid::Uuid::new_v4().as_u128() % 1_000_000)
}

/// Staff add a shift to an activity, or change one (places never below those confirmed).
#[component]
pub fn ShiftEditPage() -> impl IntoView {
    view! { <AfterLoading><ShiftEditor /></AfterLoading> }
}

#[component]
fn ShiftEditor() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let existing = params
        .read_untracked()
        .get("id")
        .and_then(|id| rows::shift(&id));
    let activity_id = existing.as_ref().map_or_else(
        || query.read_untracked().get("activity").unwrap_or_default(),
        |s| s.activity_id.clone(),
    );
    let id = existing
        .as_ref()
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), |s| s.id.clone());
    // A new shift starts tomorrow morning, which staff then change.
    let (start_date, start_time) = china_time_inputs(
        existing
            .as_ref()
            .map_or(now_ms() + 24 * 3_600_000, |s| s.starts_at),
    );
    let end_time = existing
        .as_ref()
        .map_or_else(|| "11:00".to_owned(), |s| china_time_inputs(s.ends_at).1);
    let date = RwSignal::new(start_date);
    let start = RwSignal::new(if existing.is_some() {
        start_time
    } else {
        "09:00".to_owned()
    });
    let end = RwSignal::new(end_time);
    let capacity = RwSignal::new(
        existing
            .as_ref()
            .map_or("10".to_owned(), |s| s.capacity.to_string()),
    );
    let code = RwSignal::new(
        existing
            .as_ref()
            .and_then(|s| s.check_in_code.clone())
            .unwrap_or_else(new_code),
    );
    let title = rows::activity(&activity_id)
        .map(|a| a.title)
        .unwrap_or_default();

    let navigate = use_navigate();
    let form = use_form();
    let back = format!("/volunteer/activities/{activity_id}");
    let submit = {
        let back = back.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let times = parse_china_time(&date.get_untracked(), &start.get_untracked())
                .zip(parse_china_time(
                    &date.get_untracked(),
                    &end.get_untracked(),
                ))
                .ok_or_else(|| Invalid::one("date", "请选择日期和开始、结束时间"));
            let checked = times.and_then(|(starts_at, ends_at)| {
                ShiftArgs {
                    id: id.clone(),
                    activity_id: activity_id.clone(),
                    starts_at,
                    ends_at,
                    capacity: capacity.get_untracked().trim().parse().unwrap_or(0),
                    check_in_code: code.get_untracked(),
                }
                .validated()
            });
            let navigate = navigate.clone();
            let back = back.clone();
            form.send(volunteer::SAVE_SHIFT, checked, move |_| {
                navigate(&back, Default::default())
            });
        }
    };
    view! {
        <section class="page">
            <a href=back class="back-link">"‹ 返回活动"</a>
            <h1>"班次：" {title}</h1>
            <form class="form" on:submit=submit novalidate>
                <TextField label="日期" name="date" value=date error=form.field("date") input_type="date" />
                <div class="field-row">
                    <TextField label="开始时间" name="start" value=start error=form.field("starts_at") input_type="time" />
                    <TextField label="结束时间" name="end" value=end error=form.field("ends_at") input_type="time" />
                </div>
                <TextField label="需要多少人" name="capacity" value=capacity error=form.field("capacity")
                    input_type="number" inputmode="numeric" />
                <TextField label="签到码（6 位数字，到现场告诉志愿者）" name="check_in_code" value=code
                    error=form.field("check_in_code") inputmode="numeric" />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit">"保存班次"</button>
            </form>
        </section>
    }
}
