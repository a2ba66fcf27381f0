use leptos::prelude::*;
use linli_core::access::Reach;
use linli_core::care::{self, ContactKind, DueItem, Household};
use linli_core::directory::{SERVICES, ServiceItem};

use crate::care::components::household_card::HouseholdCard;
use crate::care::state;
use crate::state::session::use_session;
use crate::state::sync::use_sync;

/// 今天该走访 / 该打电话: the households due today or overdue, longest waiting first, then
/// along the way through the buildings; for staff, also what is flagged. Works offline:
/// the lists are worked out on the phone from what it keeps.
#[component]
pub fn CareListPage() -> impl IntoView {
    let session = use_session();
    let keeps_list = move || {
        session
            .user()
            .is_some_and(|u| care::list_reach(u.role) != Reach::Nowhere)
    };
    view! {
        <section class="page">
            <h1>"今天该走访"</h1>
            {move || if keeps_list() {
                view! { <Lists /> }.into_any()
            } else {
                view! {
                    <p class="notice-box">"走访名单只给网格员、楼栋长和社区工作者看。想看自己家登记的信息，请到"
                        <a href="/care/mine">"我的家庭"</a>"。"</p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Lists() -> impl IntoView {
    let session = use_session();
    let staff = move || session.user().is_some_and(|u| u.role.is_staff());
    view! {
        <p class="lead">"到了该联系的日子的人家，超期最久的在最前面，再按楼栋、单元、楼层排；紧急通知发出后还没确认的重点户，排在电话名单最前面。没有网络也能看、也能登记。"</p>
        <DueList kind=ContactKind::Visit empty="今天没有要上门走访的人家。" />
        <h2>"今天该打电话"</h2>
        <DueList kind=ContactKind::Call empty="今天没有要打电话问候的人家。" />
        {move || staff().then(|| view! { <Flagged /> <Entitlements /> })}
        {move || session.user().is_some_and(|u| care::register_reach(u.role) != Reach::Nowhere).then(|| view! {
            <a class="button button-wide" href="/care/new">"登记一户"</a>
            <a class="button button-wide" href="/admin/import">"从表格导入一户一表"</a>
            <a class="button button-wide" href="/care/ledger">"台账：统计和下载表格"</a>
        })}
        {move || session.user().is_some_and(|u| care::may_set_rhythms(u.role)).then(|| view! {
            <a class="button button-wide" href="/care/rhythms">"走访频次"</a>
        })}
        {move || session.user().is_some_and(|u| u.role.is_resident()).then(|| view! {
            <a class="button button-wide" href="/care/mine">"我的家庭"</a>
        })}
    }
}

#[component]
fn DueList(kind: ContactKind, empty: &'static str) -> impl IntoView {
    let rows = move || state::due(kind);
    view! {
        {move || {
            let rows: Vec<(DueItem, Household)> = rows();
            if rows.is_empty() {
                view! { <p class="lead">{empty}</p> }.into_any()
            } else {
                let label = match kind {
                    ContactKind::Visit => "该走访的人家",
                    ContactKind::Call => "该打电话的人家",
                };
                view! {
                    <p class="care-count">{format!("共 {} 户", rows.len())}</p>
                    <ul class="care-list" aria-label=label>
                        {rows.into_iter().map(|(item, h)| {
                            let pending = state::is_pending(&h.id);
                            view! { <HouseholdCard household=h item=Some(item) pending=pending /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

/// What the community worker is told: 没见到人 twice in a row, overdue 独居 households.
#[component]
fn Flagged() -> impl IntoView {
    view! {
        {move || {
            let flagged = state::flagged();
            (!flagged.is_empty()).then(|| view! {
                <h2>"需要关注"</h2>
                <ul class="care-list" aria-label="需要关注的人家">
                    {flagged.into_iter().map(|(h, flags)| {
                        let href = format!("/care/households/{}", h.id);
                        let words: Vec<&str> = flags.iter().map(|f| f.label()).collect();
                        view! {
                            <li class="card care-card">
                                <a class="care-card-link" href=href>
                                    <span class="care-flat">{h.flat()}</span>
                                    <span class="care-names">{h.main_name().to_owned()}</span>
                                </a>
                                <p class="care-tags"><span class="badge badge-urgent">{words.join("；")}</span></p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

/// 今年可以申请的: people of the households whose whole record is on the phone who turn 60
/// or 80 this year, and 低保 reviews due, each with the directory item on how to apply.
#[component]
fn Entitlements() -> impl IntoView {
    let services = use_sync().collection::<ServiceItem>(SERVICES);
    view! {
        {move || {
            let due = state::entitlements();
            (!due.is_empty()).then(|| {
                let items = services.values();
                view! {
                    <h2>"要提醒办理的补贴和证件"</h2>
                    <ul class="care-list" aria-label="今年可以申请的">
                        {due.into_iter().map(|(e, h)| {
                            let guide = items
                                .iter()
                                .find(|s| s.content.name == e.service)
                                .map(|s| format!("/services/{}", s.id));
                            view! {
                                <li class="card care-card">
                                    <a class="care-card-link" href=format!("/care/households/{}", h.id)>
                                        <span class="care-flat">{h.flat()}</span>
                                        <span class="care-names">{e.label}</span>
                                    </a>
                                    {guide.map(|href| view! { <a class="button" href=href>"怎么办理"</a> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })
        }}
    }
}
