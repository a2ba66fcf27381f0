use leptos::prelude::*;

use crate::reports::components::case_list::case_list;
use crate::reports::state as reports;

/// 我反映的事: the cases the person raised or said 我也遇到 to.
#[component]
pub(super) fn MyCases() -> impl IntoView {
    let mine = Memo::new(|_| {
        reports::reports()
            .into_iter()
            .filter(|(r, _)| r.is_followed())
            .collect::<Vec<_>>()
    });
    view! {
        <h2>"我反映的事"</h2>
        {move || case_list(mine.get(), "还没有反映过问题。")}
    }
}
