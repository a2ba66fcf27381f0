use leptos::prelude::*;
use linli_core::care::{self, CorrectHouseholdArgs, Household};
use linli_core::validate::Invalid;

use crate::care::components::people_editor::{People, PeopleFields};
use crate::care::state;
use crate::components::form_alert::FormAlert;
use crate::platform::browser;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 我的家庭: the household's members and emergency contact as the community has them,
/// which the resident corrects themselves (saved on the phone at once, sent later).
#[component]
pub fn MyHouseholdPage() -> impl IntoView {
    let session = use_session();
    // The editor starts from the household once; a sync while typing does not undo it.
    let household_id = Memo::new(move |_| state::my_household().map(|h| h.id));
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"我的家庭"</h1>
            {move || match (session.user(), household_id.get()) {
                (None, _) => view! {
                    <p class="notice-box">"请先" <a href="/login">"登录"</a> "。"</p>
                }.into_any(),
                (Some(_), None) => view! {
                    <p class="notice-box">"社区还没有登记您家的信息，或您的账号还在等待核实。有问题请找您的网格员或楼栋长。"</p>
                }.into_any(),
                (Some(_), Some(_)) => match untrack(state::my_household) {
                    Some(h) => view! { <Editor household=h /> }.into_any(),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn Editor(household: Household) -> impl IntoView {
    let form = use_form();
    let people = People::of(Some(&household));
    let saved = RwSignal::new(false);
    let household_id = household.id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let mut invalid = Invalid::default();
        let (members, emergency) = people.read(&mut invalid);
        let args = CorrectHouseholdArgs {
            household_id: household_id.clone(),
            members,
            emergency,
        };
        let checked = invalid
            .finish()
            .and_then(|()| args.validated(care::china_year(browser::now_ms())));
        form.send(care::CORRECT_HOUSEHOLD, checked, move |_| saved.set(true));
    };
    view! {
        <p class="lead">{household.flat()}</p>
        <p class="lead">"这是社区登记的您家的情况。有不对的地方，直接改好再点“保存”。"</p>
        <form class="form" on:submit=save>
            <PeopleFields people=people form=form relation="与您的关系" />
            <FormAlert error=form.error() />
            <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>"保存"</button>
            <p class="lead" role="status">{move || saved.get().then_some("已保存在手机上，有网络时会自动发给社区。")}</p>
        </form>
    }
}
