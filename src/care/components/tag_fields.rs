use leptos::prelude::*;
use linli_core::care::Tag;

use crate::components::text_field::TextField;

/// The tags chosen with a tick, each on its own (低保 with its review month apart).
const TICKED: [Tag; 5] = [
    Tag::Alone,
    Tag::EmptyNest,
    Tag::Dibian,
    Tag::Youfu,
    Tag::LeftBehindChild,
];

/// A household's care tags as they are being chosen.
#[derive(Clone, Copy)]
pub struct TagChoice {
    ticked: [RwSignal<bool>; TICKED.len()],
    /// "", "partial" (半失能) or "full" (失能).
    incapacitated: RwSignal<String>,
    /// "", "0" (grade not known) or "1"–"4".
    disability: RwSignal<String>,
    dibao: RwSignal<bool>,
    /// "2027-03", as the month input gives it.
    review: RwSignal<String>,
    other: RwSignal<String>,
}

impl TagChoice {
    pub fn of(tags: &[Tag]) -> Self {
        let incapacitated = tags.iter().find_map(|t| match t {
            Tag::Incapacitated { partial: true } => Some("partial"),
            Tag::Incapacitated { partial: false } => Some("full"),
            _ => None,
        });
        let disability = tags.iter().find_map(|t| match t {
            Tag::Disability { grade } => Some(grade.unwrap_or(0).to_string()),
            _ => None,
        });
        let dibao = tags.iter().find_map(|t| match t {
            Tag::Dibao { review } => Some(review.clone().unwrap_or_default()),
            _ => None,
        });
        let other = tags.iter().find_map(|t| match t {
            Tag::Other { text } => Some(text.clone()),
            _ => None,
        });
        TagChoice {
            ticked: TICKED.map(|tag| RwSignal::new(tags.contains(&tag))),
            incapacitated: RwSignal::new(incapacitated.unwrap_or_default().to_owned()),
            disability: RwSignal::new(disability.unwrap_or_default()),
            dibao: RwSignal::new(dibao.is_some()),
            review: RwSignal::new(dibao.unwrap_or_default()),
            other: RwSignal::new(other.unwrap_or_default()),
        }
    }

    /// The tags as chosen.
    pub fn read(&self) -> Vec<Tag> {
        let mut tags: Vec<Tag> = TICKED
            .into_iter()
            .zip(self.ticked)
            .filter(|(_, on)| on.get_untracked())
            .map(|(tag, _)| tag)
            .collect();
        match self.incapacitated.get_untracked().as_str() {
            "partial" => tags.push(Tag::Incapacitated { partial: true }),
            "full" => tags.push(Tag::Incapacitated { partial: false }),
            _ => {}
        }
        if let Ok(grade) = self.disability.get_untracked().parse::<u8>() {
            let grade = (grade > 0).then_some(grade);
            tags.push(Tag::Disability { grade });
        }
        if self.dibao.get_untracked() {
            let review = self.review.get_untracked();
            let review = (!review.is_empty()).then_some(review);
            tags.push(Tag::Dibao { review });
        }
        let other = self.other.get_untracked();
        if !other.trim().is_empty() {
            tags.push(Tag::Other { text: other });
        }
        tags
    }
}

/// 照护标签: a tick for each plain tag, 低保 with its review month, 失能 and 残疾 with
/// their degree, 其他 in words.
#[component]
pub fn TagFields(tags: TagChoice, error: Signal<Option<String>>) -> impl IntoView {
    let choice = |id: &'static str,
                  label: &'static str,
                  value: RwSignal<String>,
                  options: &'static [(&'static str, &'static str)]| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                    {options.iter().map(|(v, name)| view! {
                        <option value=*v selected=move || *value.read() == *v>{*name}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <fieldset class="field-group">
            <legend>"照护标签"</legend>
            <p class="field-hint">"80 岁以上的“高龄”按出生年份自动算出，不用选。"</p>
            {TICKED.into_iter().zip(tags.ticked).map(|(tag, on)| view! {
                <label class="check">
                    <input type="checkbox" bind:checked=on />
                    {format!(" {}", tag.label())}
                </label>
            }).collect_view()}
            <label class="check">
                <input type="checkbox" bind:checked=tags.dibao />
                " 低保"
            </label>
            {move || tags.dibao.get().then(|| view! {
                <div class="field">
                    <label for="field-review">"低保下次复核月份（可不填）"</label>
                    <input id="field-review" type="month" bind:value=tags.review />
                </div>
            })}
            {choice("field-incapacitated", "失能", tags.incapacitated,
                &[("", "不是"), ("partial", "半失能"), ("full", "失能")])}
            {choice("field-disability", "残疾", tags.disability,
                &[("", "不是"), ("0", "残疾（等级不清楚）"), ("1", "一级"), ("2", "二级"), ("3", "三级"), ("4", "四级")])}
            <TextField label="其他（可不填）" name="other_tag" value=tags.other error=error
                hint="例如：刚做完手术、行动不便" />
        </fieldset>
    }
}
