use leptos::prelude::*;

/// The waits staff choose from, in hours (0: at once).
const CHOICES: [u32; 6] = [0, 1, 2, 4, 12, 24];

fn choice_label(hours: Option<u32>) -> String {
    match hours {
        None => "不用".to_owned(),
        Some(0) => "马上".to_owned(),
        Some(h) => format!("{h} 小时后"),
    }
}

/// For an urgent notice: after how long the care register's households (独居, 高龄 and the
/// other tags) that have not confirmed it go to the top of their 网格员's and 楼栋长's
/// call list.
#[component]
pub(super) fn WelfareCheck(
    hours: RwSignal<Option<u32>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let options = std::iter::once(None).chain(CHOICES.map(Some));
    view! {
        <div class="field">
            <label for="field-call_after_hours">"重点户没有确认，多久后请网格员打电话"</label>
            <p class="field-hint" id="field-call_after_hours-hint">
                "独居、高龄等登记了的人家没有点“我已知晓”，到时候排到网格员和楼栋长电话名单的最前面，三天内有效"
            </p>
            <select id="field-call_after_hours" aria-describedby="field-call_after_hours-hint"
                on:change=move |ev| hours.set(event_target_value(&ev).parse().ok())>
                {options.map(|h| view! {
                    <option value=h.map(|h| h.to_string()).unwrap_or_default()
                        selected=move || hours.get() == h>{choice_label(h)}</option>
                }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
