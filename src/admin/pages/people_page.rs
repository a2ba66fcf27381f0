use leptos::prelude::*;
use linli_core::account::Role;
use linli_core::admin::{BuildingInfo, PersonSummary};

use crate::admin::components::loaded::loaded;
use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::load;
use crate::platform::api::query;
use crate::state::session::use_session;

mod new_person;
mod person_card;

use new_person::NewPerson;
use person_card::PersonCard;

/// 人员: the accounts within reach, found by name, phone or building, by role and
/// standing; staff, 物业 and 楼栋长 accounts created; each person's role, 居民代表,
/// standing, home, phone and desk reset code.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    // The search asked for; typing changes it only when the person taps 查找.
    let asked = RwSignal::new(String::new());
    let people = LocalResource::new(move || {
        load::<Vec<PersonSummary>>(session.token(), format!("/admin/people{}", asked.get()))
    });
    let buildings = LocalResource::new(move || {
        load::<Vec<BuildingInfo>>(session.token(), "/admin/buildings".into())
    });
    let building_list =
        Signal::derive(move || buildings.get().and_then(Result::ok).unwrap_or_default());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set(query(&[
            ("q", q.get_untracked().trim().to_owned()),
            ("role", role.get_untracked()),
            ("status", status.get_untracked()),
        ]));
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"人员"</h1>
            <NeedsNetwork />
            <form class="form card" role="search" on:submit=search>
                <div class="field">
                    <label for="field-q">"姓名、手机号或楼栋"</label>
                    <input id="field-q" type="search" bind:value=q />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="field-role">"身份"</label>
                        <select id="field-role" bind:value=role>
                            <option value="">"全部"</option>
                            {Role::ALL.into_iter().filter(|r| *r != Role::StreetAdmin).map(|r| view! {
                                <option value=r.as_str()>{r.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="field-status">"状态"</label>
                        <select id="field-status" bind:value=status>
                            <option value="">"全部"</option>
                            <option value="waiting">"待核实"</option>
                            <option value="active">"正常"</option>
                            <option value="disabled">"已停用"</option>
                        </select>
                    </div>
                </div>
                <button class="button button-primary" type="submit">"查找"</button>
            </form>
            {loaded(people, move |list| view! {
                <p class="summary">{format!("找到 {} 人", list.len())}</p>
                <ul class="admin-list">
                    {list.into_iter().map(|p| view! {
                        <PersonCard person=p buildings=building_list on_change=Callback::new(move |()| people.refetch()) />
                    }).collect_view()}
                </ul>
            })}
            <NewPerson on_created=Callback::new(move |()| people.refetch()) />
        </section>
    }
}
