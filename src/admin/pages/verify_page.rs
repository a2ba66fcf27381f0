use std::collections::BTreeMap;

use leptos::prelude::*;
use linli_core::account::{self, ResidentCard, VerifyArgs, mask_phone};

use crate::account::state::residents;
use crate::state::sync::Row;
use crate::state::write::use_form;

/// 待核实的居民 (楼栋长, 网格员, staff): the self-registered residents of their reach still
/// waiting, by building. Confirming works without a network (at a door): it is saved on
/// the phone at once, marked 待发送 until sent.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let by_building = Memo::new(|_| {
        let mut buildings: BTreeMap<String, Vec<Row<ResidentCard>>> = BTreeMap::new();
        for row in residents().rows().iter() {
            let r = &row.value;
            if r.role.is_resident() && !r.disabled && (!r.verified || row.pending) {
                let building = r
                    .building_name
                    .clone()
                    .unwrap_or_else(|| "没填楼栋".to_owned());
                buildings.entry(building).or_default().push(row.clone());
            }
        }
        buildings
    });
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"待核实的居民"</h1>
            <p class="lead">"新注册的居民要由社区或楼栋长确认住在这里，才能看到本楼的通知和居民说事。上门看过、认得本人后再确认。没有网络也能确认，有网络时自动发送。"</p>
            {move || {
                let buildings = by_building.get();
                if buildings.is_empty() {
                    return view! { <p class="summary">"现在没有等待核实的居民。"</p> }.into_any();
                }
                buildings.into_iter().map(|(building, people)| view! {
                    <div class="card">
                        <h2>{building}</h2>
                        <ul class="admin-list">
                            {people.into_iter().map(|row| view! { <Waiting row=row /> }).collect_view()}
                        </ul>
                    </div>
                }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn Waiting(row: Row<ResidentCard>) -> impl IntoView {
    let form = use_form();
    let r = row.value;
    let home = r.address.label(None);
    let id = r.id.clone();
    let name = r.display_name.clone();
    view! {
        <li class="waiting-person actions">
            <p><strong>{r.display_name.clone()}</strong>" "{home}</p>
            <a class="button" href=format!("tel:{}", r.phone)>{format!("打电话 {}", mask_phone(&r.phone))}</a>
            {if row.pending {
                view! { <p class="badge badge-pending">"已确认 · 待发送"</p> }.into_any()
            } else {
                view! {
                    <button class="button button-primary"
                        on:click=move |_| form.record(account::VERIFY, VerifyArgs { user_id: id.clone() })>
                        {format!("确认{name}住在这里")}
                    </button>
                }.into_any()
            }}
        </li>
    }
}
