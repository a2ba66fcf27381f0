use leptos::prelude::*;

/// Answers staff give often, to start a note from.
const TEMPLATES: [&str; 6] = [
    "您反映的问题已收到，我们已安排专人跟进，请耐心等待。",
    "工作人员已到现场查看，正在安排处理。",
    "已转交物业公司处理，物业会尽快联系您。",
    "问题已处理完毕。如果还有问题，请在 7 天内点“还没解决”告诉我们。",
    "这件事需要上级部门协调，暂时无法解决，我们会继续反映并告诉您进展。",
    "与其他居民反映的是同一件事，已合并跟进，处理结果会一起告诉您。",
];

/// 常用回复: picking one puts it in the note, to change as needed.
#[component]
pub(super) fn TemplateField(note: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-template">"常用回复（可选）"</label>
            <select id="field-template" on:change=move |ev| {
                if let Some(t) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| TEMPLATES.get(i)) {
                    note.set((*t).to_owned());
                }
            }>
                <option value="">"选一条，再按需要修改"</option>
                {TEMPLATES.iter().enumerate().map(|(i, t)| view! { <option value=i.to_string()>{*t}</option> }).collect_view()}
            </select>
        </div>
    }
}
