use leptos::prelude::*;
use linli_core::access::Reach;
use linli_core::care::export::{CareFigures, GridFigures};
use linli_core::care::{self, Month, day_of};

use crate::care::state;
use crate::components::download::Download;
use crate::components::form_alert::FormAlert;
use crate::platform::browser;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 台账: for whoever keeps the register, a month's figures grid by grid and the households
/// by tag, read online; the register and the month's calls and visits as files Excel
/// opens, for the reports staff hand in.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let session = use_session();
    let keeps = session
        .user()
        .is_some_and(|u| care::register_reach(u.role) != Reach::Nowhere);
    view! {
        <section class="page">
            <a href="/care" class="back-link">"‹ 返回走访名单"</a>
            <h1>"台账"</h1>
            {if keeps {
                view! { <Ledger /> }.into_any()
            } else {
                view! { <p class="notice-box">{care::NOT_KEEPER}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Ledger() -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let this_month = Month::of(day_of(browser::now_ms()));
    let month = RwSignal::new(this_month.text());
    let figures = RwSignal::new(None::<CareFigures>);
    Effect::new(move |_| {
        let asked = month.get();
        let Some(token) = session.token() else { return };
        form.run(state::figures(token, asked), move |f| figures.set(Some(f)));
    });
    view! {
        <p class="lead">"这一页要联网。走访和电话按月份统计；“该上门”“该打电话”是到今天为止的情况。"</p>
        <div class="field">
            <label for="field-month">"月份"</label>
            <input id="field-month" type="month" bind:value=month />
        </div>
        <FormAlert error=form.error() />
        {move || figures.get().map(|f| view! {
            <h2>{format!("{}的情况", f.month)}</h2>
            <ul class="ledger-grids">
                {f.grids.into_iter().map(|g| view! { <li><GridCard figures=g /></li> }).collect_view()}
            </ul>
            <h2>"按标签数户"</h2>
            <dl class="facts">
                {f.tags.into_iter().map(|t| view! { <dt>{t.label}</dt> <dd>{format!("{} 户", t.households)}</dd> }).collect_view()}
            </dl>
        })}
        <h2>"下载表格（Excel 可打开）"</h2>
        <p class="lead">"一户一表的列和“从表格导入”的一样：改好后可以再导入。"</p>
        <Download path="/care/register.csv".to_owned() name="一户一表.csv" label="下载一户一表" />
        {move || view! {
            <Download path=format!("/care/visits.csv?month={}", month.get()) name="走访记录.csv" label="下载这个月的走访记录" />
        }}
    }
}

#[component]
fn GridCard(figures: GridFigures) -> impl IntoView {
    let f = figures;
    let with_overdue = |due: u32, overdue: u32| match overdue {
        0 => format!("{due} 户"),
        n => format!("{due} 户（超期 {n} 户）"),
    };
    view! {
        <div class="card">
            <h3>{f.grid}</h3>
            <dl class="facts">
                <dt>"登记户数"</dt> <dd>{format!("{} 户，重点户 {} 户", f.households, f.tagged)}</dd>
                <dt>"该上门"</dt> <dd>{with_overdue(f.visits_due, f.visits_overdue)}</dd>
                <dt>"该打电话"</dt> <dd>{with_overdue(f.calls_due, f.calls_overdue)}</dd>
                <dt>"本月上门"</dt> <dd>{format!("{} 次", f.visits_done)}</dd>
                <dt>"本月电话"</dt> <dd>{format!("{} 次", f.calls_done)}</dd>
                <dt>"没见到人"</dt> <dd>{format!("{} 次", f.not_seen)}</dd>
            </dl>
        </div>
    }
}
