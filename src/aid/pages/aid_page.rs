use leptos::prelude::*;
use linli_core::access::Action;
use linli_core::account::UserProfile;
use linli_core::aid::check_take;
use linli_core::volunteer::{balance, format_hours};

use crate::aid::components::request_card::RequestCard;
use crate::aid::state;
use crate::state::session::use_session;
use crate::state::sync::Row;
use crate::volunteer::state as volunteering;

/// 邻里互助: ask for help in one tap, one's own requests with where they stand, the
/// requests one has taken and, for volunteers, those they could take.
#[component]
pub fn AidPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"邻里互助"</h1>
            <p class="lead">"需要人陪着看病、帮忙买菜、陪着说说话、上门理发或修个小家电，都可以请社区的志愿者帮忙。帮忙的时长从您的时间银行里记。"</p>
            {move || match session.user() {
                None => view! { <p class="notice-box">"请先" <a href="/login">"登录"</a> "。"</p> }.into_any(),
                Some(user) => view! { <Lists user=user /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Lists(user: UserProfile) -> impl IntoView {
    let me = user.id.clone();
    let balance_line = {
        let me = me.clone();
        move || {
            let minutes = balance(&volunteering::ledger(&me));
            format!(
                "我的时间银行余额：{}（最低可到 {}）",
                format_hours(minutes),
                format_hours(state::floors().person_minutes)
            )
        }
    };
    let lists = move || {
        let rows = state::requests();
        let skills = state::skills(&user);
        let looker = state::looker(&user, skills.as_deref());
        let pick = |keep: &dyn Fn(&Row<_>) -> bool| {
            rows.iter().filter(|r| keep(r)).cloned().collect::<Vec<_>>()
        };
        let mine = pick(&|r| r.value.requester_id == me);
        let taken = pick(&|r| r.value.taker_id.as_deref() == Some(me.as_str()));
        let open = pick(&|r| check_take(&looker, &r.value).is_ok());
        // Staff who act for residents see the community's requests, to confirm or call off.
        let community = user.role.may(Action::ActForResidents).then(|| {
            pick(&|r| {
                r.value.requester_id != me && r.value.taker_id.as_deref() != Some(me.as_str())
            })
        });
        view! {
            <Section title="我的求助" empty="还没有求助。" rows=mine />
            {(!taken.is_empty()).then(|| view! { <Section title="我接的求助" empty="" rows=taken /> })}
            {skills.is_some().then(|| view! {
                <Section title="可以帮忙的求助" empty="现在没有等人帮忙的求助。有新的会在这里出现。" rows=open />
            })}
            {community.map(|rows| view! { <Section title="社区里的求助" empty="社区里还没有求助。" rows=rows /> })}
        }
    };
    view! {
        <a href="/aid/new" class="button button-primary button-large">"我要求助"</a>
        <p class="meta">{balance_line}</p>
        {lists}
        <p><a href="/volunteer/me">"查看我的时间银行"</a> " · " <a href="/volunteer/profile">"登记成为志愿者"</a></p>
    }
}

#[component]
fn Section(
    title: &'static str,
    empty: &'static str,
    rows: Vec<Row<linli_core::aid::HelpRequest>>,
) -> impl IntoView {
    view! {
        <h2>{title}</h2>
        {if rows.is_empty() {
            view! { <p>{empty}</p> }.into_any()
        } else {
            view! {
                <ul class="notice-list">
                    {rows.into_iter().map(|r| view! { <RequestCard request=r.value pending=r.pending /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
