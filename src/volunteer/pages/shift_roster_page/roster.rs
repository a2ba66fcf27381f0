use leptos::prelude::*;
use linli_core::volunteer::{Shift, Signup, shift_time_label};

use super::roster_line::RosterLine;
use crate::components::download::Download;
use crate::platform::browser::now_ms;
use crate::volunteer::state as rows;

/// The roster of one shift, with its exports.
#[component]
pub(super) fn Roster(shift: Shift) -> impl IntoView {
    let title = rows::activity(&shift.activity_id)
        .map(|a| a.title)
        .unwrap_or_default();
    let shift_id = shift.id.clone();
    // A memo: lines are redrawn when the roster changes, not at every sync.
    let list = Memo::new(move |_| {
        let mut list: Vec<Signup> = rows::signups()
            .into_iter()
            .filter(|s| s.shift_id == shift_id)
            .collect();
        list.sort_by_key(Signup::roster_rank);
        list
    });
    let ended = now_ms() >= shift.ends_at;
    let csv = format!("/volunteer/shifts/{}/roster.csv", shift.id);
    view! {
        <a href=format!("/volunteer/activities/{}", shift.activity_id) class="back-link">"‹ 返回活动"</a>
        <h1>"报名名单"</h1>
        <p class="lead">{title} " · " {shift_time_label(shift.starts_at, shift.ends_at)}</p>
        <p class="meta">{format!("已确认 {} / {} 人，候补 {} 人", shift.confirmed, shift.capacity, shift.waitlisted)}</p>
        <div class="actions">
            <Download path=csv name="名单.csv" label="导出名单（Excel 可打开）" />
            <Download path="/volunteer/hours.csv".to_owned() name="志愿服务时长.csv" label="导出全部服务时长" />
        </div>
        <ul class="people roster">
            {move || list.get().into_iter().map(|s| view! { <RosterLine signup=s ended=ended /> }).collect_view()}
        </ul>
    }
}
