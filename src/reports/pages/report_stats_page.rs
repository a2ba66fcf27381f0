use leptos::prelude::*;
use linli_core::Millis;
use linli_core::report::{Figures, Report, stats};

use crate::reports::state as reports;
use crate::state::session::use_session;

mod building_codes;
mod category_settings;
mod table_wrap;

use building_codes::BuildingCodes;
use category_settings::CategorySettings;
use table_wrap::TableWrap;

fn duration_label(ms: Option<Millis>) -> String {
    match ms {
        None => "—".to_owned(),
        Some(ms) if ms < 3_600_000 => format!("{} 分钟", (ms / 60_000).max(1)),
        Some(ms) if ms < 48 * 3_600_000 => format!("{:.1} 小时", ms as f64 / 3_600_000.0),
        Some(ms) => format!("{:.1} 天", ms as f64 / 86_400_000.0),
    }
}

fn figure_cells(f: &Figures) -> impl IntoView {
    view! {
        <td>{f.received}</td>
        <td>{f.accepted}</td>
        <td>{f.closed}</td>
        <td>{f.closure_percent().map_or("—".to_owned(), |p| format!("{p}%"))}</td>
        <td>{duration_label(f.median_to_accept)}</td>
        <td>{duration_label(f.median_to_close)}</td>
        <td>{f.average_rating.map_or("—".to_owned(), |r| format!("{r:.1}"))}</td>
    }
}

const HEADINGS: [&str; 7] = [
    "收到",
    "受理",
    "办结",
    "办结率",
    "受理用时（中位）",
    "办结用时（中位）",
    "平均满意度",
];

/// 说事统计 for staff: figures per category and per month, with a chart.
#[component]
pub fn ReportStatsPage() -> impl IntoView {
    let session = use_session();
    let figures = Memo::new(|_| {
        let all: Vec<Report> = reports::reports().into_iter().map(|(r, _)| r).collect();
        let names: Vec<String> = reports::categories().into_iter().map(|c| c.name).collect();
        stats(&all, &names)
    });
    let chart = move || {
        let s = figures.get();
        let most = s
            .by_month
            .iter()
            .map(|m| m.figures.received)
            .max()
            .unwrap_or(0)
            .max(1);
        view! {
            <ul class="bar-chart" aria-label="每月收到和办结的件数">
                {s.by_month.into_iter().map(|m| {
                    let got = m.figures.received * 100 / most;
                    let done = m.figures.closed * 100 / most;
                    view! {
                        <li>
                            <span class="bar-label">{m.month.clone()}</span>
                            <span class="bars">
                                <span class="bar bar-received" style:width=format!("{got}%")></span>
                                <span class="bar bar-closed" style:width=format!("{done}%")></span>
                            </span>
                            <span class="bar-value">{format!("收到 {} · 办结 {}", m.figures.received, m.figures.closed)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <section class="page">
            <a href="/reports" class="back-link">"‹ 返回居民说事"</a>
            <h1>"说事统计"</h1>
            {move || (!session.user().is_some_and(|u| u.role.is_staff())).then(|| view! {
                <p class="notice-box">"只有社区工作人员可以看统计。"</p>
            })}
            {move || {
                let t = figures.get().total;
                view! {
                    <p class="lead">{format!(
                        "共收到 {} 件，办结 {} 件，办结率 {}，平均满意度 {}。",
                        t.received,
                        t.closed,
                        t.closure_percent().map_or("—".to_owned(), |p| format!("{p}%")),
                        t.average_rating.map_or("—".to_owned(), |r| format!("{r:.1} 星")),
                    )}</p>
                }
            }}
            <h2>"每月"</h2>
            <p class="legend"><span class="bar bar-received legend-key"></span>"收到" <span class="bar bar-closed legend-key"></span>"办结"</p>
            {chart}
            <TableWrap label="每月数字">
                <table>
                    <thead><tr><th scope="col">"月份"</th>{HEADINGS.map(|h| view! { <th scope="col">{h}</th> })}</tr></thead>
                    <tbody>
                        {move || figures.get().by_month.into_iter().map(|m| view! {
                            <tr><th scope="row">{m.month.clone()}</th>{figure_cells(&m.figures)}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
            <h2>"按类别"</h2>
            <TableWrap label="按类别的数字">
                <table>
                    <thead><tr><th scope="col">"类别"</th>{HEADINGS.map(|h| view! { <th scope="col">{h}</th> })}</tr></thead>
                    <tbody>
                        {move || figures.get().by_category.into_iter().map(|(name, f)| view! {
                            <tr><th scope="row">{name}</th>{figure_cells(&f)}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
            <CategorySettings />
            <BuildingCodes />
        </section>
    }
}
