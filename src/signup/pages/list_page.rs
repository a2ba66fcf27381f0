use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::access::Action;

use crate::components::download::Download;
use crate::signup::state;
use crate::state::session::use_session;

mod desk_form;
mod list_line;

use desk_form::DeskForm;
use list_line::ListLine;

/// Staff: everyone signed up, session by session, with attendance, the CSV for Excel,
/// and signing up a resident who phoned or came to the desk (代办).
#[component]
pub fn ListPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page">
            {move || {
                let Some(opening) = state::opening(&id()) else {
                    return view! { <h1>"找不到这个报名"</h1> }.into_any();
                };
                let user = session.user();
                let may = |action| user.as_ref().is_some_and(|u| u.role.may(action));
                let attendance = may(Action::MarkNoShows);
                let entries = state::entries_of(&opening.id);
                let sessions = state::sessions_of(&opening.id);
                view! {
                    <a href=format!("/signup/{}", opening.id) class="back-link">"‹ 返回报名"</a>
                    <h1>{format!("报名名单：{}", opening.title)}</h1>
                    {may(Action::ExportCsv).then(|| view! {
                        <div class="actions">
                            <Download path=format!("/signup/openings/{}/list.csv", opening.id)
                                name="报名名单.csv" label="导出名单（Excel 可打开）" />
                        </div>
                    })}
                    {sessions.iter().map(|s| {
                        let lines: Vec<_> = entries.iter().filter(|r| r.value.session_id == s.id).cloned().collect();
                        view! {
                            <h2>{format!("{} · {}", s.time_label(), s.place)}</h2>
                            <p class="meta">{format!("已确认 {} / {} 人，候补 {} 人", s.confirmed, s.capacity, s.waitlisted)}</p>
                            <ul class="people roster">
                                {lines.into_iter().map(|row| view! { <ListLine row=row attendance=attendance /> }).collect_view()}
                            </ul>
                        }
                    }).collect_view()}
                    {may(Action::ActForResidents).then(|| view! { <DeskForm opening=opening.clone() sessions=sessions.clone() /> })}
                }.into_any()
            }}
        </section>
    }
}
