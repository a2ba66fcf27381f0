use leptos::prelude::*;
use linli_core::report::{self, Category};

use super::table_wrap::TableWrap;
use crate::reports::state as reports;
use crate::state::write::{Form, use_form};

/// Staff name the kinds of matter, set what each promises residents, add new ones and
/// stop offering old ones (cases filed under a stopped kind keep its name).
#[component]
pub(super) fn CategorySettings() -> impl IntoView {
    let form = use_form();
    let saved = RwSignal::new(None::<String>);
    // Keyed by id: a sync arriving meanwhile leaves what is being typed in a row alone.
    let list = Memo::new(move |_| reports::categories());
    view! {
        <h2>"说事的类别和承诺时限"</h2>
        <p>"居民提交前会看到这里的承诺，超过时限的事在“处理说事”里标为超时。单位：小时。停用的类别不再出现在新的说事里，以前的说事保留原来的类别。"</p>
        <TableWrap label="说事的类别和承诺时限">
            <table>
                <thead><tr>
                    <th scope="col">"类别"</th><th scope="col">"受理"</th><th scope="col">"办结"</th>
                    <th scope="col">"停用"</th><th scope="col">"保存修改"</th>
                </tr></thead>
                <tbody>
                    <For each=move || list.get() key=|c| c.id.clone() let:c>
                        <CategoryRow category=c form saved />
                    </For>
                    <CategoryRow category=new_category() form saved />
                </tbody>
            </table>
        </TableWrap>
        <p class="ack-done" aria-live="polite">{move || saved.get()}</p>
        <p class="field-error" aria-live="polite">{move || form.error().get().map(|e| {
            e.field("name")
                .or_else(|| e.field("resolve_hours"))
                .or_else(|| e.field("respond_hours"))
                .unwrap_or_else(|| e.message())
        })}</p>
    }
}

/// An empty line for a new kind of matter (placed after the others when added).
fn new_category() -> Category {
    Category {
        id: uuid::Uuid::new_v4().to_string(),
        name: String::new(),
        respond_hours: 24,
        resolve_hours: 72,
        position: 0,
        retired: false,
    }
}

/// After every category there is.
fn next_position() -> u32 {
    reports::categories()
        .iter()
        .map(|c| c.position + 1)
        .max()
        .unwrap_or(0)
}

/// One kind of matter, edited in place; the empty one adds a kind, and is empty again
/// for the next.
#[component]
fn CategoryRow(category: Category, form: Form, saved: RwSignal<Option<String>>) -> impl IntoView {
    let adding = category.name.is_empty();
    let id = RwSignal::new(category.id.clone());
    let name = RwSignal::new(category.name.clone());
    let respond = RwSignal::new(category.respond_hours.to_string());
    let resolve = RwSignal::new(category.resolve_hours.to_string());
    let retired = RwSignal::new(category.retired);
    let label = move || match name.get() {
        n if n.trim().is_empty() => "新类别".to_owned(),
        n => n,
    };
    let save = move |_| {
        let edited = Category {
            id: id.get_untracked(),
            name: name.get_untracked(),
            respond_hours: respond.get_untracked().trim().parse().unwrap_or(0),
            resolve_hours: resolve.get_untracked().trim().parse().unwrap_or(0),
            position: match adding {
                true => next_position(),
                false => category.position,
            },
            retired: retired.get_untracked(),
        };
        form.send(report::SAVE_CATEGORY, edited.validated(), move |c| {
            if adding {
                id.set(uuid::Uuid::new_v4().to_string());
                name.set(String::new());
            }
            saved.set(Some(match c.retired {
                true => format!("已停用：{}", c.name),
                false => format!("已保存：{}，{}", c.name, c.promise()),
            }))
        });
    };
    view! {
        <tr>
            <th scope="row"><input class="category-name" type="text" maxlength="10" bind:value=name
                placeholder=adding.then_some("添加新类别") aria-label=move || format!("{}的名称", label()) /></th>
            <td><input class="hours" type="number" min="1" max="720" inputmode="numeric" bind:value=respond
                aria-label=move || format!("{}受理时限（小时）", label()) /></td>
            <td><input class="hours" type="number" min="1" max="720" inputmode="numeric" bind:value=resolve
                aria-label=move || format!("{}办结时限（小时）", label()) /></td>
            <td><label class="checkbox"><input type="checkbox" bind:checked=retired disabled=adding
                aria-label=move || format!("停用{}", label()) />"停用"</label></td>
            <td><button type="button" class="button" on:click=save>{if adding { "添加" } else { "保存" }}</button></td>
        </tr>
    }
}
