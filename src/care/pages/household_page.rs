use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_core::access::Reach;
use linli_core::care::{
    self, ContactKind, Household, HouseholdRecord, Sight, Tag, Visit, day_label,
};

use crate::care::components::contact_buttons::ContactButtons;
use crate::care::state;
use crate::components::form_alert::FormAlert;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// One household as this phone keeps it: people, emergency contact, tags, when it is
/// next due, logging a contact, and the contacts so far.
#[component]
pub fn HouseholdPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Logging a contact changes the household: what is drawn once (the buttons and what
    // they said) stays, and only the record is drawn again.
    let found = Memo::new(move |_| state::household(&id()).is_some());
    view! {
        <section class="page">
            <a href="/care" class="back-link">"‹ 返回走访名单"</a>
            {move || match found.get().then(|| untrack(|| state::household(&id()))).flatten() {
                Some(h) => view! { <Details household=h /> }.into_any(),
                None => view! {
                    <h1>"找不到这一户"</h1>
                    <p class="lead">"这台手机上没有这一户，可能不在您负责的范围内。"</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Details(household: Household) -> impl IntoView {
    let session = use_session();
    let logs = move || {
        session
            .user()
            .is_some_and(|u| care::list_reach(u.role) != Reach::Nowhere)
    };
    let this_year = care::china_year(crate::platform::browser::now_ms());
    let (call, visit) = household
        .rhythm
        .due(&household.contacts, household.registered_at);
    let kind = match call {
        Some(c) if visit.is_none_or(|v| c < v) => ContactKind::Call,
        _ => ContactKind::Visit,
    };
    let staff_summary = household.sight == Sight::Summary;
    let id = household.id.clone();
    view! {
        {move || state::household(&id).map(|h| view! { <Record household=h this_year=this_year /> })}
        {
            let edit = format!("/care/households/{}/edit", household.id);
            let whole = household.sight == Sight::Full;
            move || (whole && session.user().is_some_and(|u| care::register_reach(u.role) != Reach::Nowhere))
                .then(|| view! { <a class="button button-wide" href=edit.clone()>"修改一户一表"</a> })
        }
        {
            let id = household.id.clone();
            move || (staff_summary && session.user().is_some_and(|u| u.role.is_staff()))
                .then(|| view! { <WholeRecord household_id=id.clone() this_year=this_year /> })
        }
        {
            let id = household.id.clone();
            move || logs().then(|| view! { <ContactButtons household_id=id.clone() kind=kind /> })
        }
        <Visits household_id=household.id.clone() this_year=this_year />
    }
}

/// The household's people, tags and rhythm, as the device now has them.
#[component]
fn Record(household: Household, this_year: i64) -> impl IntoView {
    let (call, visit) = household
        .rhythm
        .due(&household.contacts, household.registered_at);
    let due = |day: Option<care::Day>| day.map(|d| day_label(d, this_year));
    let tags: Vec<String> = household.tags.iter().map(Tag::label).collect();
    let aged = household.kinds.contains(&care::TagKind::Aged);
    let id = household.id.clone();
    let rhythm = [
        household
            .rhythm
            .visit
            .map(|p| format!("上门 {}", p.label())),
        household.rhythm.call.map(|p| format!("电话 {}", p.label())),
    ];
    let rhythm: Vec<String> = rhythm.into_iter().flatten().collect();
    view! {
        <h1>{household.flat()}</h1>
        {move || state::is_pending(&id).then(|| view! { <p><span class="badge badge-pending">"待发送"</span></p> })}
        <p class="care-tags">
            {aged.then(|| view! { <span class="badge">"高龄"</span> })}
            {tags.into_iter().map(|t| view! { <span class="badge">{t}</span> }).collect_view()}
        </p>
        <div class="card">
            <h2>"家庭成员"</h2>
            <ul class="care-members">
                {household.members.iter().map(|m| {
                    let age = m.birth_year.map(|b| format!("{} 岁", this_year - b));
                    let away = (!m.lives_here).then_some("不在这里住");
                    let details: Vec<String> = [Some(m.relation.clone()).filter(|r| !r.is_empty()), age, away.map(str::to_owned)]
                        .into_iter().flatten().collect();
                    view! {
                        <li>
                            <span class="care-member-name">{m.name.clone()}</span>
                            " " <span class="lead">{details.join(" · ")}</span>
                            {m.phone.clone().map(|p| view! { " " <a class="button" href=format!("tel:{p}")>{format!("打电话 {p}")}</a> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {household.emergency.clone().map(|e| view! {
                <h2>"紧急联系人"</h2>
                <p>{format!("{}（{}）", e.name, e.relation)} " "
                    <a class="button" href=format!("tel:{}", e.phone)>{format!("打电话 {}", e.phone)}</a></p>
            })}
            {(!household.note.is_empty()).then(|| view! { <h2>"备注"</h2> <p>{household.note.clone()}</p> })}
        </div>
        <div class="card">
            <h2>"联系频次"</h2>
            <p>{if rhythm.is_empty() { "没有设定".to_owned() } else { rhythm.join("，") }}</p>
            <dl class="facts">
                {due(visit).map(|d| view! { <dt>"下次上门"</dt> <dd>{d}</dd> })}
                {due(call).map(|d| view! { <dt>"下次电话"</dt> <dd>{d}</dd> })}
            </dl>
        </div>
    }
}

/// For staff whose phone keeps the summary: the whole record, read online and audited.
#[component]
fn WholeRecord(household_id: String, this_year: i64) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let record = RwSignal::new(None::<HouseholdRecord>);
    let read = move |_| {
        let Some(token) = session.token() else { return };
        form.run(state::whole_record(token, household_id.clone()), move |r| {
            record.set(Some(r))
        });
    };
    view! {
        {move || match record.get() {
            Some(r) => view! {
                <div class="card">
                    <h2>"完整信息"</h2>
                    <Record household=r.household this_year=this_year />
                    <VisitList visits=r.visits this_year=this_year />
                </div>
            }.into_any(),
            None => view! {
                <div class="card">
                    <p class="lead">"手机上只存了姓名、住址和标签。需要时可以联网查看完整信息，查看会记入操作记录。"</p>
                    <button type="button" class="button button-wide" disabled=move || form.pending().get()
                        on:click=read.clone()>"查看完整信息"</button>
                    <FormAlert error=form.error() />
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn Visits(household_id: String, this_year: i64) -> impl IntoView {
    view! {
        {move || {
            let visits: Vec<Visit> = state::visits_of(&household_id);
            view! { <VisitList visits=visits this_year=this_year /> }
        }}
    }
}

/// Contacts with a household, newest first.
#[component]
fn VisitList(visits: Vec<Visit>, this_year: i64) -> impl IntoView {
    view! {
        {
            (!visits.is_empty()).then(|| view! {
                <h2>"联系记录"</h2>
                <ul class="care-visits">
                    {visits.into_iter().map(|v| view! {
                        <li class="card">
                            <p><strong>{day_label(care::day_of(v.at), this_year)}</strong>" "
                                {v.kind.label()}" · "{v.outcome.label()}" · "{v.by_name}</p>
                            {(!v.note.is_empty()).then(|| view! { <p>{v.note}</p> })}
                            {v.case_id.map(|c| view! { <a href=format!("/reports/{c}")>"看说事进展"</a> })}
                        </li>
                    }).collect_view()}
                </ul>
            })
        }
    }
}
