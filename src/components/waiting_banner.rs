use leptos::prelude::*;

use crate::state::session::use_session;

/// For a resident still 待核实: on every screen, why they see less than their neighbours
/// and who will confirm them (the server's words, naming their 楼栋长).
#[component]
pub fn WaitingBanner() -> impl IntoView {
    let session = use_session();
    let note = Memo::new(move |_| {
        session
            .user()
            .filter(|u| !u.verified)
            .map(|u| u.waiting_note.unwrap_or_default())
    });
    move || {
        note.get().map(|note| {
            view! {
                <section class="notice-box waiting-banner" aria-label="等待核实">
                    <h2>"等待社区核实"</h2>
                    <p>{note}</p>
                </section>
            }
        })
    }
}
