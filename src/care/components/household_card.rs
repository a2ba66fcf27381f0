use leptos::prelude::*;
use linli_core::care::{DueItem, Household, Tag};

/// One household of a list: its flat and people, its tags, when it is due, and whether
/// a contact logged on this phone waits to be sent.
#[component]
pub fn HouseholdCard(household: Household, item: Option<DueItem>, pending: bool) -> impl IntoView {
    let href = format!("/care/households/{}", household.id);
    let names: Vec<String> = household.members.iter().map(|m| m.name.clone()).collect();
    let tags: Vec<String> = household.tags.iter().map(Tag::label).collect();
    let aged = household.kinds.contains(&linli_core::care::TagKind::Aged);
    let urgent = item
        .as_ref()
        .is_some_and(|i| i.overdue_days > 0 || i.welfare.is_some());
    view! {
        <li class="card care-card">
            <a class="care-card-link" href=href>
                <span class="care-flat">{household.flat()}</span>
                <span class="care-names">{names.join("、")}</span>
            </a>
            <p class="care-tags">
                {aged.then(|| view! { <span class="badge">"高龄"</span> })}
                {tags.into_iter().map(|t| view! { <span class="badge">{t}</span> }).collect_view()}
                {item.map(|i| {
                    let class = if urgent { "badge badge-urgent" } else { "badge badge-important" };
                    let tried = i.tried_today.then_some("（今天没见到人）");
                    view! { <span class=class>{i.label()}{tried}</span> }
                })}
                {pending.then(|| view! { <span class="badge badge-pending">"待发送"</span> })}
            </p>
        </li>
    }
}
