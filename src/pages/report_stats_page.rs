use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::Millis;
use linli_core::report::{self, Category, Figures, Report, stats};

use crate::error::AppError;
use crate::state::community;
use crate::state::reports;
use crate::state::session::use_session;
use crate::state::sync::use_sync;

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

/// Staff set what each category promises residents.
#[component]
fn CategorySettings() -> impl IntoView {
    let sync = use_sync();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(None::<String>);
    let rows = reports::categories()
        .into_iter()
        .map(|c| {
            let name = c.name.clone();
            let respond = RwSignal::new(c.respond_hours.to_string());
            let resolve = RwSignal::new(c.resolve_hours.to_string());
            let save = move |_| {
                let category = Category {
                    respond_hours: respond.get_untracked().trim().parse().unwrap_or(0),
                    resolve_hours: resolve.get_untracked().trim().parse().unwrap_or(0),
                    ..c.clone()
                };
                match category.validated() {
                    Ok(category) => spawn_local(async move {
                        match sync.write(report::SAVE_CATEGORY, &category).await {
                            Ok(()) => {
                                error.set(None);
                                saved.set(Some(format!("已保存：{}", category.promise())));
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    }),
                    Err(invalid) => error.set(Some(invalid.into())),
                }
            };
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    <td><input class="hours" type="number" min="1" max="720" inputmode="numeric" bind:value=respond
                        aria-label=format!("{name}受理时限（小时）") /></td>
                    <td><input class="hours" type="number" min="1" max="720" inputmode="numeric" bind:value=resolve
                        aria-label=format!("{name}办结时限（小时）") /></td>
                    <td><button type="button" class="button" on:click=save>"保存"</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"各类事的承诺时限"</h2>
        <p>"居民提交前会看到这里的承诺，超过时限的事在“处理说事”里标为超时。单位：小时。"</p>
        <TableWrap label="各类事的承诺时限">
            <table>
                <thead><tr><th scope="col">"类别"</th><th scope="col">"受理"</th><th scope="col">"办结"</th><th scope="col">"保存修改"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
        <p class="ack-done" aria-live="polite">{move || saved.get()}</p>
        <p class="field-error" aria-live="polite">{move || error.get().map(|e| {
            e.field("resolve_hours").or_else(|| e.field("respond_hours")).unwrap_or_else(|| e.message())
        })}</p>
    }
}

/// A table that scrolls sideways on a narrow screen. It can be focused, so the
/// keyboard scrolls it too, and is named for screen readers.
#[component]
fn TableWrap(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

/// Printable QR codes that open the report form for a building.
#[component]
fn BuildingCodes() -> impl IntoView {
    let session = use_session();
    let buildings = community::buildings();
    view! {
        <h2>"楼栋二维码"</h2>
        <p>"打印后贴在楼道里，居民扫码就能直接反映这栋楼的问题。"</p>
        <ul class="building-grid plain-list">
            {move || {
                let community = session.user().map(|u| u.community_id).unwrap_or_default();
                buildings.get().into_iter().map(|b| view! {
                    <li><a class="tap-link" target="_blank" href=format!("/api/communities/{community}/buildings/{}/report-qr.svg", b.id)>{b.name}</a></li>
                }).collect_view()
            }}
        </ul>
    }
}
