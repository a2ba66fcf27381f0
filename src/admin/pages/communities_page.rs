use leptos::prelude::*;
use linli_core::admin::{CommunityFigures, CommunityInfo, CommunitySummary, NewCommunity};

use crate::admin::components::loaded::loaded;
use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::{load, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

mod admin_form;

use admin_form::AdminForm;

/// 社区 (街道管理员): the street office's communities with their admins and figures; a new
/// community, and its first admin with a one-time code to set a password.
#[component]
pub fn CommunitiesPage() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || {
        load::<Vec<CommunitySummary>>(session.token(), "/street/communities".into())
    });
    let figures = LocalResource::new(move || {
        load::<Vec<CommunityFigures>>(session.token(), "/street/figures".into())
    });
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let office_hours = RwSignal::new(String::new());
    let duty_phone = RwSignal::new(String::new());
    let form = use_form();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        let req = NewCommunity {
            name: name.get_untracked(),
            info: CommunityInfo {
                address: address.get_untracked(),
                office_hours: office_hours.get_untracked(),
                duty_phone: duty_phone.get_untracked(),
                ..CommunityInfo::default()
            },
        };
        form.submit(
            req.validated(),
            move |req| async move {
                write::<_, CommunitySummary>(&token, Method::POST, "/street/communities", &req)
                    .await
            },
            move |_| {
                name.set(String::new());
                list.refetch();
                figures.refetch();
            },
        );
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"社区"</h1>
            <NeedsNetwork />
            {loaded(list, move |list| view! {
                <ul class="admin-list">
                    {list.into_iter().map(|c| {
                        let id = c.id.clone();
                        let figures = Signal::derive(move || {
                            figures.get().and_then(Result::ok).and_then(|all| all.into_iter().find(|f| f.community_id == id))
                        });
                        view! { <CommunityCard community=c figures=figures /> }
                    }).collect_view()}
                </ul>
            })}
            <form class="form card" on:submit=on_submit novalidate>
                <h2>"新建社区"</h2>
                <TextField label="社区名称" name="name" value=name error=form.field("name") hint="例如：金石社区" />
                <TextField label="地址" name="address" value=address error=form.field("address") />
                <TextField label="办公时间" name="office_hours" value=office_hours error=form.field("office_hours")
                    hint="例如：周一至周五 8:30–17:30" />
                <TextField label="值班电话" name="duty_phone" value=duty_phone error=form.field("duty_phone")
                    input_type="tel" />
                <FormAlert error=form.error() />
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"新建社区"</button>
            </form>
        </section>
    }
}

#[component]
fn CommunityCard(
    community: CommunitySummary,
    figures: Signal<Option<CommunityFigures>>,
) -> impl IntoView {
    let admins = if community.admins.is_empty() {
        "还没有管理员".to_owned()
    } else {
        community
            .admins
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    view! {
        <li class="card">
            <h2>{community.name.clone()}</h2>
            <p>{format!("管理员：{admins}")}</p>
            {move || figures.get().map(|f| view! {
                <p class="community-figures">{format!(
                    "{} 栋 · {} 户 · 居民 {} 人（待核实 {}）· 工作人员 {} · 志愿者 {} · 未办结说事 {} 件（超时 {}）",
                    f.buildings, f.households, f.residents, f.waiting, f.staff, f.volunteers, f.open_cases, f.overdue_cases,
                )}</p>
            })}
            <AdminForm community_id=community.id.clone() />
        </li>
    }
}
