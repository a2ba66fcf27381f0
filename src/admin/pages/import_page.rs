use leptos::prelude::*;
use linli_core::access::{Action, Reach};
use linli_core::admin::import::{ImportReport, RowStatus};
use linli_core::care;

use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::may;
use crate::components::form_alert::FormAlert;
use crate::error::AppError;
use crate::platform::{api, files, photos};
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::write::use_form;

fn status_label(status: RowStatus) -> &'static str {
    match status {
        RowStatus::Add => "新增",
        RowStatus::Change => "修改",
        RowStatus::Same => "不变",
        RowStatus::Refuse => "不能导入",
    }
}

/// What the page imports: the API path, its name, and the columns its file has.
const KINDS: [(&str, &str, &str); 3] = [
    (
        "/admin/import/buildings",
        "楼栋",
        "楼栋表：楼栋、单元数、层数。",
    ),
    (
        "/admin/import/residents",
        "居民",
        "居民表：姓名、手机号、楼栋，可以再加单元、房号、居民代表（是/否）。",
    ),
    (
        "/care/import/households",
        "一户一表",
        "一户一表：每人一行，写楼栋、单元、房号、姓名，可以再加出生年份、手机号、与户主关系、是否在住（是/否）、标签（如：独居、低保、残疾二级）、紧急联系人、紧急联系电话、紧急联系人关系、备注。同一套房的几行算一户。",
    ),
];

/// 从表格导入: buildings, residents or 一户一表 from an .xlsx or .csv file (the 台账): first a
/// preview of every row (新增, 修改, 不变, 不能导入 with the column and why); nothing is
/// written until the person confirms, and then all of it at once.
#[component]
pub fn ImportPage() -> impl IntoView {
    let session = use_session();
    let user = session.user();
    let allowed = |path: &str| {
        user.as_ref().is_some_and(|u| match path {
            "/admin/import/buildings" => may(u, Action::ManageBuildings),
            "/admin/import/residents" => may(u, Action::ImportResidents),
            _ => care::register_reach(u.role) != Reach::Nowhere,
        })
    };
    let kinds: Vec<(&str, &str, &str)> = KINDS.into_iter().filter(|k| allowed(k.0)).collect();
    // Those who import only the register came from 走访.
    let (back, back_label) = if allowed("/admin/import/residents") {
        ("/admin", "‹ 返回社区管理")
    } else {
        ("/care", "‹ 返回走访")
    };
    let kind = RwSignal::new(kinds.first().map_or("", |k| k.0).to_owned());
    let help = {
        let kinds = kinds.clone();
        move || {
            let chosen = kind.get();
            kinds.iter().find(|k| k.0 == chosen).map_or("", |k| k.2)
        }
    };
    let file = StoredValue::new(None::<Vec<u8>>);
    let report = RwSignal::new(None::<ImportReport>);
    let form = use_form();
    let sync = use_sync();
    let send = move |confirm: bool| {
        let (Some(token), Some(bytes)) = (session.token(), file.get_value()) else {
            return;
        };
        let path = format!(
            "{}{}",
            kind.get_untracked(),
            if confirm { "?confirm=true" } else { "" }
        );
        form.run(
            async move { api::post_file::<ImportReport>(&path, &token, bytes).await },
            move |r| {
                // What was imported reaches the phone's lists at once.
                if r.applied {
                    sync.sync_now();
                }
                report.set(Some(r))
            },
        );
    };
    let picked = move |ev: leptos::ev::Event| {
        let Some(chosen) = photos::take_picked(&ev).into_iter().next() else {
            return;
        };
        report.set(None);
        form.run(
            async move {
                files::bytes(&chosen)
                    .await
                    .map_err(|_| AppError::Unexpected("读不出这个文件".into()))
            },
            move |bytes| {
                file.set_value(Some(bytes));
                send(false);
            },
        );
    };
    view! {
        <section class="page">
            <a href=back class="back-link">{back_label}</a>
            <h1>"从表格导入"</h1>
            <NeedsNetwork />
            <p>"表格第一行写列名。" {help} "先看预览，确认后才会保存；同一个文件导入两次不会重复。"</p>
            <div class="field">
                <label for="field-kind">"导入什么"</label>
                <select id="field-kind" bind:value=kind on:change=move |_| report.set(None)>
                    {kinds.into_iter().map(|(path, label, _)| view! { <option value=path>{label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="field-file">"选择表格文件（.xlsx 或 .csv）"</label>
                <input id="field-file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                    on:change=picked />
            </div>
            <FormAlert error=form.error() />
            {move || report.get().map(|r| {
                let counts = format!("新增 {}，修改 {}，不变 {}，不能导入 {}", r.added, r.changed, r.same, r.refused);
                let to_apply = r.added + r.changed;
                view! {
                    <h2>{if r.applied { "已导入" } else { "预览" }}</h2>
                    <p class="summary" role="status">{counts}</p>
                    <div class="table-wrap">
                        <table class="import-preview">
                            <thead><tr><th>"行"</th><th>"结果"</th><th>"内容"</th><th>"问题"</th></tr></thead>
                            <tbody>
                                {r.rows.into_iter().map(|row| view! {
                                    <tr class=format!("import-{}", status_label(row.status))>
                                        <td>{row.row}</td>
                                        <td>{status_label(row.status)}</td>
                                        <td>{row.summary}</td>
                                        <td>{row.problems.into_iter().map(|p| format!("{}：{}", p.column, p.reason)).collect::<Vec<_>>().join("；")}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(!r.applied && to_apply > 0).then(|| view! {
                        <button class="button button-primary button-wide" disabled=move || form.pending().get()
                            on:click=move |_| send(true)>
                            {format!("确认导入 {to_apply} 行")}
                        </button>
                    })}
                }
            })}
        </section>
    }
}
