use leptos::prelude::*;
use linli_core::care::{EmergencyContact, Household, Member};
use linli_core::validate::Invalid;

use crate::components::text_field::TextField;
use crate::state::write::Form;

/// One member as typed.
#[derive(Clone)]
struct Draft {
    id: String,
    name: RwSignal<String>,
    born: RwSignal<String>,
    phone: RwSignal<String>,
    relation: RwSignal<String>,
    lives_here: RwSignal<bool>,
}

impl Draft {
    fn of(m: &Member) -> Self {
        Draft {
            id: m.id.clone(),
            name: RwSignal::new(m.name.clone()),
            born: RwSignal::new(m.birth_year.map(|b| b.to_string()).unwrap_or_default()),
            phone: RwSignal::new(m.phone.clone().unwrap_or_default()),
            relation: RwSignal::new(m.relation.clone()),
            lives_here: RwSignal::new(m.lives_here),
        }
    }

    fn blank() -> Self {
        Draft::of(&Member {
            id: uuid::Uuid::new_v4().to_string(),
            name: String::new(),
            birth_year: None,
            phone: None,
            relation: String::new(),
            lives_here: true,
        })
    }

    fn member(&self, i: usize, invalid: &mut Invalid) -> Member {
        let born = self.born.get_untracked();
        let born = born.trim();
        let birth_year = match born.parse::<i64>() {
            _ if born.is_empty() => None,
            Ok(year) => Some(year),
            Err(_) => {
                invalid.add(
                    &format!("members.{i}.birth_year"),
                    "出生年份请填四位数字，如 1948",
                );
                None
            }
        };
        let phone = self.phone.get_untracked();
        Member {
            id: self.id.clone(),
            name: self.name.get_untracked(),
            birth_year,
            phone: (!phone.trim().is_empty()).then_some(phone),
            relation: self.relation.get_untracked(),
            lives_here: self.lives_here.get_untracked(),
        }
    }
}

/// A household's members and emergency contact as they are being typed.
#[derive(Clone, Copy)]
pub struct People {
    drafts: RwSignal<Vec<Draft>>,
    e_name: RwSignal<String>,
    e_phone: RwSignal<String>,
    e_relation: RwSignal<String>,
}

impl People {
    /// The household's people to edit; one blank member for a new household.
    pub fn of(household: Option<&Household>) -> Self {
        let drafts = match household {
            Some(h) => h.members.iter().map(Draft::of).collect(),
            None => vec![Draft::blank()],
        };
        let emergency = household.and_then(|h| h.emergency.as_ref());
        let part = |f: fn(&EmergencyContact) -> &String| {
            RwSignal::new(emergency.map(f).cloned().unwrap_or_default())
        };
        People {
            drafts: RwSignal::new(drafts),
            e_name: part(|e| &e.name),
            e_phone: part(|e| &e.phone),
            e_relation: part(|e| &e.relation),
        }
    }

    /// The members and emergency contact as typed; a birth year that is not a number is
    /// added to `invalid`.
    pub fn read(&self, invalid: &mut Invalid) -> (Vec<Member>, Option<EmergencyContact>) {
        let members = self
            .drafts
            .get_untracked()
            .iter()
            .enumerate()
            .map(|(i, d)| d.member(i, invalid))
            .collect();
        let (name, phone) = (self.e_name.get_untracked(), self.e_phone.get_untracked());
        let emergency =
            (!name.trim().is_empty() || !phone.trim().is_empty()).then(|| EmergencyContact {
                name,
                phone,
                relation: self.e_relation.get_untracked(),
            });
        (members, emergency)
    }
}

/// The members, one card each (添加, 删去), and the emergency contact, with what to fix in
/// each field from `form`. `relation` names the emergency contact's relation field.
#[component]
pub fn PeopleFields(people: People, form: Form, relation: &'static str) -> impl IntoView {
    let drafts = people.drafts;
    view! {
        {move || drafts.get().into_iter().enumerate().map(|(i, d)| {
            let id = d.id.clone();
            let field = move |part: &str| {
                let key = format!("members.{i}.{part}");
                Signal::derive(move || form.error().with(|e| e.as_ref().and_then(|e| e.field(&key))))
            };
            view! {
                <fieldset class="card care-member">
                    <legend>{format!("家庭成员 {}", i + 1)}</legend>
                    <MemberInput label="姓名" value=d.name error=field("name") />
                    <MemberInput label="出生年份" value=d.born error=field("birth_year") inputmode="numeric" />
                    <MemberInput label="手机号（可不填）" value=d.phone error=field("phone") inputmode="tel" />
                    <MemberInput label="与户主关系" value=d.relation error=field("relation") />
                    <label class="check">
                        <input type="checkbox" bind:checked=d.lives_here />
                        " 住在家里"
                    </label>
                    <button type="button" class="button"
                        on:click=move |_| drafts.update(|all| all.retain(|x| x.id != id))>"删去这位"</button>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" class="button button-wide"
            on:click=move |_| drafts.update(|d| d.push(Draft::blank()))>"添加家庭成员"</button>
        <fieldset class="card">
            <legend>"紧急联系人"</legend>
            <TextField label="姓名" name="emergency.name" value=people.e_name error=form.field("emergency.name") />
            <TextField label="电话" name="emergency.phone" value=people.e_phone error=form.field("emergency.phone") input_type="tel" />
            <TextField label=relation name="emergency.relation" value=people.e_relation error=form.field("emergency.relation") />
        </fieldset>
    }
}

/// A labelled input of one member's details.
#[component]
fn MemberInput(
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" inputmode=inputmode bind:value=value
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" } />
            <span class="field-error" aria-live="polite">{move || error.get()}</span>
        </label>
    }
}
