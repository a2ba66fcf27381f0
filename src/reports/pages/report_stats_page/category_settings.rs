use leptos::prelude::*;
use linli_core::report::{self, Category};

use super::table_wrap::TableWrap;
use crate::reports::state as reports;
use crate::state::write::use_form;

/// Staff set what each category promises residents.
#[component]
pub(super) fn CategorySettings() -> impl IntoView {
    let form = use_form();
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
                form.send(report::SAVE_CATEGORY, category.validated(), move |category| {
                    saved.set(Some(format!("已保存：{}", category.promise())))
                });
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
        <p class="field-error" aria-live="polite">{move || form.error().get().map(|e| {
            e.field("resolve_hours").or_else(|| e.field("respond_hours")).unwrap_or_else(|| e.message())
        })}</p>
    }
}
