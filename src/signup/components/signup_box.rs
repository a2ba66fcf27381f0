use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use linli_core::access::Action;
use linli_core::signup::{Opening, Subject};

use super::entry_line::EntryLine;
use crate::signup::state;
use crate::state::session::use_session;

/// The sign-ups of the notice or directory item whose page this is (`/notices/:id`,
/// `/services/:id`).
#[component]
pub fn SignupsHere() -> impl IntoView {
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    let subject = if use_location()
        .pathname
        .get_untracked()
        .starts_with("/services")
    {
        Subject::Service(id)
    } else {
        Subject::Notice(id)
    };
    view! { <SignupBox subject=subject /> }
}

/// On a notice or a directory item: what is open for sign-up, each session with the
/// places left, the person's own sign-ups (from the phone, offline too) and the way to
/// 报名; for staff, the list, or opening sign-ups here.
#[component]
pub fn SignupBox(subject: Subject) -> impl IntoView {
    let session = use_session();
    let openings = Memo::new({
        let subject = subject.clone();
        move |_| state::openings_on(&subject)
    });
    let open_link = match &subject {
        Subject::Notice(id) => format!("/signup/open/notice/{id}"),
        Subject::Service(id) => format!("/signup/open/service/{id}"),
    };
    view! {
        {move || openings.get().into_iter().map(|o| view! { <OpeningCard opening=o /> }).collect_view()}
        {move || {
            let staff = session.user().is_some_and(|u| u.role.may(Action::PublishActivities));
            (staff && openings.with(Vec::is_empty)).then(|| view! {
                <a href=open_link.clone() class="button button-wide">"在这里开放报名"</a>
            })
        }}
    }
}

#[component]
fn OpeningCard(opening: Opening) -> impl IntoView {
    let session = use_session();
    let id = opening.id.clone();
    // Memos: redrawn when the places or the person's sign-ups change, not at every sync.
    let sessions = Memo::new({
        let id = id.clone();
        move |_| state::sessions_of(&id)
    });
    let mine = Memo::new({
        let id = id.clone();
        move |_| match session.user() {
            Some(u) => state::entries_of(&id)
                .into_iter()
                .filter(|r| r.value.user_id == u.id)
                .collect(),
            None => Vec::new(),
        }
    });
    let staff = session.user().is_some_and(|u| u.role.is_staff());
    view! {
        <section class="card signup-box" aria-label="报名">
            <h2>{format!("报名：{}", opening.title)}</h2>
            {(!opening.note.is_empty()).then(|| view! { <p class="lead">{opening.note.clone()}</p> })}
            <p class="meta">{opening.who.label()}
                {opening.per_household.map(|n| format!(" · 每户限报 {n} 人"))}</p>
            <ul class="signup-sessions">
                {move || sessions.get().into_iter().map(|s| {
                    let places = if s.places_left() > 0 {
                        format!("还有 {} 个名额", s.places_left())
                    } else {
                        format!("已报满，候补 {} 人", s.waitlisted)
                    };
                    view! { <li><strong>{s.time_label()}</strong> " · " {s.place.clone()} <br/> <span class="meta">{places}</span></li> }
                }).collect_view()}
            </ul>
            {move || {
                let mine = mine.get();
                (!mine.is_empty()).then(|| view! {
                    <h3>"我的报名"</h3>
                    <ul class="signup-mine">{mine.into_iter().map(|row| view! { <EntryLine row=row /> }).collect_view()}</ul>
                })
            }}
            <a href=format!("/signup/{id}") class="button button-primary button-large">"报名"</a>
            {staff.then(|| view! {
                <a href=format!("/signup/{}/list", opening.id) class="button button-wide">"报名名单"</a>
            })}
        </section>
    }
}
