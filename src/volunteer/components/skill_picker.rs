use leptos::prelude::*;
use linli_core::volunteer::Skill;

/// Checkboxes for volunteer skills (医护, 维修, …), any number of them.
#[component]
pub fn SkillPicker(legend: &'static str, skills: RwSignal<Vec<Skill>>) -> impl IntoView {
    view! {
        <fieldset class="field-group">
            <legend>{legend}</legend>
            {Skill::ALL.into_iter().map(|skill| view! {
                <label class="checkbox">
                    <input type="checkbox"
                        prop:checked=move || skills.read().contains(&skill)
                        on:change=move |_| skills.update(|list| {
                            if let Some(i) = list.iter().position(|s| *s == skill) {
                                list.remove(i);
                            } else {
                                list.push(skill);
                            }
                        }) />
                    {skill.label()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}
