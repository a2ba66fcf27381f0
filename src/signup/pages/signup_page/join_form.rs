use leptos::prelude::*;
use linli_core::report::Channel;
use linli_core::signup::{
    self, Applicant, Family, Opening, Session, SignUpArgs, check_sign_up, year_of,
};
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::browser::now_ms;
use crate::signup::state;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// Who comes (oneself or a family member, with the birth year when the opening asks for
/// an age) and which session: the sessions the household's building may take. Checked on
/// the phone by the core's rules, decided by the server when it is sent.
#[component]
pub(super) fn JoinForm(opening: Opening) -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let Some(user) = session.user() else {
        return view! { <p class="notice-box">"登录后才能报名。"</p> }.into_any();
    };
    let building = user.address.building_id.clone();
    let now = now_ms();
    let open: Vec<Session> = state::sessions_of(&opening.id)
        .into_iter()
        .filter(|s| {
            s.admits_building(building.as_deref()) && s.sitting().open_for_sign_up(now).is_ok()
        })
        .collect();
    if !opening.is_open(now) || open.is_empty() {
        return view! { <p class="notice-box">"现在没有您家能报的场次（已截止、已开始，或是其他楼栋的批次）。"</p> }.into_any();
    }
    let for_family = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let relation = RwSignal::new(String::new());
    let born = RwSignal::new(String::new());
    let chosen = RwSignal::new(open[0].id.clone());
    let needs_born = opening.who.needs_birth_year();
    let done = RwSignal::new(false);
    let sessions = open.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = now_ms();
        let born_text = born.get_untracked();
        let born_year = born_text.trim().parse::<i64>().ok();
        let family = for_family.get_untracked().then(|| Family {
            name: name.get_untracked(),
            relation: relation.get_untracked(),
        });
        let household_active = state::entries_of(&opening.id)
            .iter()
            .filter(|r| r.value.user_id == user.id && r.value.status.is_active())
            .count() as u32;
        let checked = if !born_text.trim().is_empty() && born_year.is_none() {
            Err(Invalid::one("born", "出生年份请填四位数字，如 1948"))
        } else {
            SignUpArgs {
                entry_id: uuid::Uuid::new_v4().to_string(),
                session_id: chosen.get_untracked(),
                user_id: user.id.clone(),
                family,
                born: born_year,
                channel: Channel::App,
            }
            .validated(year_of(now))
        }
        .and_then(|args| {
            let session = sessions.iter().find(|s| s.id == args.session_id);
            let applicant = Applicant {
                building_id: building.as_deref(),
                born: args.born,
                household_active,
            };
            match session.map(|s| check_sign_up(&opening, s, &applicant, now)) {
                Some(Err(r)) => Err(Invalid::one(r.field.unwrap_or("session_id"), r.reason)),
                _ => Ok(args),
            }
        });
        form.send(signup::SIGN_UP, checked, move |_| done.set(true));
    };
    view! {
        <form class="form card" on:submit=submit novalidate>
            <h2>"我要报名"</h2>
            <fieldset class="field-group choice-buttons">
                <legend>"给谁报名"</legend>
                <label class="radio">
                    <input type="radio" name="for" prop:checked=move || !for_family.get()
                        on:change=move |_| for_family.set(false) />
                    "给我自己"
                </label>
                <label class="radio">
                    <input type="radio" name="for" prop:checked=move || for_family.get()
                        on:change=move |_| for_family.set(true) />
                    "给家人（如父母）"
                </label>
            </fieldset>
            {move || for_family.get().then(|| view! {
                <TextField label="家人姓名" name="family-name" value=name error=form.field("family.name") />
                <TextField label="和您的关系" name="family-relation" value=relation error=form.field("family.relation")
                    hint="如：母亲、父亲" />
            })}
            {needs_born.then(|| view! {
                <TextField label="参加人的出生年份" name="born" value=born error=form.field("born")
                    inputmode="numeric" hint="如 1948" />
            })}
            <fieldset class="field-group">
                <legend>"选哪一场"</legend>
                {open.into_iter().map(|s| {
                    let id = s.id.clone();
                    let id2 = s.id.clone();
                    let places = if s.places_left() > 0 {
                        format!("还有 {} 个名额", s.places_left())
                    } else {
                        "已报满，可以候补".to_owned()
                    };
                    view! {
                        <label class="radio">
                            <input type="radio" name="session" prop:checked=move || chosen.get() == id
                                on:change=move |_| chosen.set(id2.clone()) />
                            {format!("{} · {} · {places}", s.time_label(), s.place)}
                        </label>
                    }
                }).collect_view()}
                <p class="field-error" aria-live="polite">{move || form.field("session_id").get()}</p>
                <p class="field-error" aria-live="polite">{move || form.field("user_id").get()}</p>
            </fieldset>
            <FormAlert error=form.error() />
            {move || done.get().then(|| view! {
                <p class="notice-box" role="status">"已报名。没有网络时显示“待确认”，联网后自动提交，社区确认后显示“已确认”或候补的位置。"</p>
            })}
            <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>
                "确认报名"
            </button>
        </form>
    }
    .into_any()
}
