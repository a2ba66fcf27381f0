use leptos::prelude::*;
use linli_core::care::{self, CorrectHouseholdArgs, EmergencyContact, Household, Member};
use linli_core::validate::Invalid;

use crate::care::state;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::browser;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 我的家庭: the household's members and emergency contact as the community has them,
/// which the resident corrects themselves (saved on the phone at once, sent later).
#[component]
pub fn MyHouseholdPage() -> impl IntoView {
    let session = use_session();
    // The editor starts from the household once; a sync while typing does not undo it.
    let household_id = Memo::new(move |_| state::my_household().map(|h| h.id));
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"我的家庭"</h1>
            {move || match (session.user(), household_id.get()) {
                (None, _) => view! {
                    <p class="notice-box">"请先" <a href="/login">"登录"</a> "。"</p>
                }.into_any(),
                (Some(_), None) => view! {
                    <p class="notice-box">"社区还没有登记您家的信息，或您的账号还在等待核实。有问题请找您的网格员或楼栋长。"</p>
                }.into_any(),
                (Some(_), Some(_)) => match untrack(state::my_household) {
                    Some(h) => view! { <Editor household=h /> }.into_any(),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}

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

#[component]
fn Editor(household: Household) -> impl IntoView {
    let form = use_form();
    let drafts = RwSignal::new(household.members.iter().map(Draft::of).collect::<Vec<_>>());
    let emergency = household.emergency.clone();
    let e_name = RwSignal::new(
        emergency
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default(),
    );
    let e_phone = RwSignal::new(
        emergency
            .as_ref()
            .map(|e| e.phone.clone())
            .unwrap_or_default(),
    );
    let e_relation = RwSignal::new(emergency.map(|e| e.relation).unwrap_or_default());
    let saved = RwSignal::new(false);
    let household_id = household.id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let mut invalid = Invalid::default();
        let members: Vec<Member> = drafts
            .get_untracked()
            .iter()
            .enumerate()
            .map(|(i, d)| d.member(i, &mut invalid))
            .collect();
        let (name, phone) = (e_name.get_untracked(), e_phone.get_untracked());
        let emergency =
            (!name.trim().is_empty() || !phone.trim().is_empty()).then(|| EmergencyContact {
                name,
                phone,
                relation: e_relation.get_untracked(),
            });
        let args = CorrectHouseholdArgs {
            household_id: household_id.clone(),
            members,
            emergency,
        };
        let checked = invalid
            .finish()
            .and_then(|()| args.validated(care::china_year(browser::now_ms())));
        form.send(care::CORRECT_HOUSEHOLD, checked, move |_| saved.set(true));
    };
    let add = move |_| {
        let id = uuid::Uuid::new_v4().to_string();
        drafts.update(|d| {
            d.push(Draft::of(&Member {
                id,
                name: String::new(),
                birth_year: None,
                phone: None,
                relation: String::new(),
                lives_here: true,
            }))
        });
    };
    view! {
        <p class="lead">{household.flat()}</p>
        <p class="lead">"这是社区登记的您家的情况。有不对的地方，直接改好再点“保存”。"</p>
        <form class="form" on:submit=save>
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
            <button type="button" class="button button-wide" on:click=add>"添加家庭成员"</button>
            <fieldset class="card">
                <legend>"紧急联系人"</legend>
                <TextField label="姓名" name="emergency.name" value=e_name error=form.field("emergency.name") />
                <TextField label="电话" name="emergency.phone" value=e_phone error=form.field("emergency.phone") input_type="tel" />
                <TextField label="与您的关系" name="emergency.relation" value=e_relation error=form.field("emergency.relation") />
            </fieldset>
            <FormAlert error=form.error() />
            <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>"保存"</button>
            <p class="lead" role="status">{move || saved.get().then_some("已保存在手机上，有网络时会自动发给社区。")}</p>
        </form>
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
