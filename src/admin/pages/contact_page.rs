use leptos::prelude::*;
use linli_core::admin::{Contacts, StaffContact};

use crate::admin::state::contacts;

/// A line of whom to call, with a big button that dials.
#[component]
fn CallLine(title: String, detail: String, phone: Option<String>) -> impl IntoView {
    view! {
        <li class="card contact-line">
            <h2>{title.clone()}</h2>
            {(!detail.is_empty()).then(|| view! { <p>{detail}</p> })}
            {phone.map(|p| view! {
                <a class="button button-primary button-wide" href=format!("tel:{p}")
                    aria-label=format!("打电话 {p}（{title}）")>{format!("打电话 {p}")}</a>
            })}
        </li>
    }
}

fn person_line(title: &str, person: StaffContact, fallback: &str) -> impl IntoView {
    let detail = if person.duty.is_empty() {
        person.name.clone()
    } else {
        format!("{} · {}", person.name, person.duty)
    };
    let phone = person
        .phone
        .or_else(|| Some(fallback.to_owned()).filter(|p| !p.is_empty()));
    view! { <CallLine title=title.to_owned() detail=detail phone=phone /> }
}

/// 联系社区: the office (where, when, 值班电话), my 网格员 and 楼栋长, the 物业 24-hour line and
/// the staff who published their duty, each one tap from a call. Kept on the phone, so it
/// also opens without a network.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"联系社区"</h1>
            {move || match contacts() {
                None => view! {
                    <p class="lead">"社区的联系方式还没有下载到这台手机上。请连上网络打开一次，以后没有网络也能看。"</p>
                }.into_any(),
                Some(c) => view! { <ContactList contacts=c /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ContactList(contacts: Contacts) -> impl IntoView {
    let duty = contacts.duty_phone.clone();
    let office = [contacts.address.clone(), contacts.office_hours.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <p class="lead">{contacts.community_name.clone()}</p>
        <ul class="contact-list">
            <CallLine title="社区值班电话".to_owned() detail=office phone=Some(duty.clone()).filter(|p| !p.is_empty()) />
            {contacts.grid_worker.map(|p| person_line("我的网格员", p, &duty))}
            {contacts.building_head.map(|p| person_line("我的楼栋长", p, &duty))}
            {contacts.property.map(|p| view! {
                <CallLine title="物业 24 小时电话".to_owned() detail=p.name phone=Some(p.phone) />
            })}
            {contacts.staff.into_iter().map(|s| {
                let title = format!("{}（{}）", s.name, s.role.label());
                let detail = s.duty.clone();
                view! { <CallLine title=title detail=detail phone=s.phone /> }
            }).collect_view()}
        </ul>
    }
}
