use leptos::prelude::*;
use linli_core::report::Channel;
use linli_core::signup::{self, Family, Opening, Session, SignUpArgs, year_of};
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::browser::now_ms;
use crate::state::write::use_form;

/// 代办: staff sign up a resident who phoned or came to the desk (or a family member of
/// theirs), the channel recorded. The server checks the staff member's reach.
#[component]
pub(super) fn DeskForm(opening: Opening, sessions: Vec<Session>) -> impl IntoView {
    let form = use_form();
    let residents = crate::account::state::residents_by_building();
    let resident = RwSignal::new(String::new());
    let channel = RwSignal::new(Channel::Phone);
    let chosen = RwSignal::new(sessions.first().map(|s| s.id.clone()).unwrap_or_default());
    let name = RwSignal::new(String::new());
    let relation = RwSignal::new(String::new());
    let born = RwSignal::new(String::new());
    let needs_born = opening.who.needs_birth_year();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user_id = resident.get_untracked();
        let family_name = name.get_untracked();
        let checked = if user_id.is_empty() {
            Err(Invalid::one("user_id", "请选择为哪位居民报名"))
        } else {
            SignUpArgs {
                entry_id: uuid::Uuid::new_v4().to_string(),
                session_id: chosen.get_untracked(),
                user_id,
                family: (!family_name.trim().is_empty()).then(|| Family {
                    name: family_name,
                    relation: relation.get_untracked(),
                }),
                born: born.get_untracked().trim().parse().ok(),
                channel: channel.get_untracked(),
            }
            .validated(year_of(now_ms()))
        };
        form.send(signup::SIGN_UP, checked, move |_| {
            name.set(String::new());
            relation.set(String::new());
            born.set(String::new());
        });
    };
    view! {
        <form class="form card" on:submit=submit novalidate>
            <h2>"代居民报名（电话或上门）"</h2>
            <div class="field">
                <label for="field-resident">"居民"</label>
                <select id="field-resident" on:change=move |ev| resident.set(event_target_value(&ev))>
                    <option value="">"请选择"</option>
                    {residents.into_iter().map(|r| view! {
                        <option value=r.id.clone()>
                            {format!("{} {}", r.display_name, r.address.label(r.building_name.as_deref()))}
                        </option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || form.field("user_id").get()}</p>
            </div>
            <fieldset class="field-group">
                <legend>"怎么报的名"</legend>
                {[Channel::Phone, Channel::Visit].into_iter().map(|c| view! {
                    <label class="radio">
                        <input type="radio" name="channel" prop:checked=move || channel.get() == c
                            on:change=move |_| channel.set(c) />
                        {if c == Channel::Phone { "打电话来报" } else { "到窗口来报" }}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="field-desk-session">"场次"</label>
                <select id="field-desk-session" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {sessions.into_iter().map(|s| view! {
                        <option value=s.id.clone()>{format!("{} · {}", s.time_label(), s.place)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField label="参加的家人姓名（本人参加不填）" name="desk-family" value=name error=form.field("family.name") />
            <TextField label="和居民的关系" name="desk-relation" value=relation error=form.field("family.relation") />
            {needs_born.then(|| view! {
                <TextField label="参加人的出生年份" name="desk-born" value=born error=form.field("born") inputmode="numeric" />
            })}
            <FormAlert error=form.error() />
            <button type="submit" class="button button-primary" disabled=move || form.pending().get()>"代为报名"</button>
        </form>
    }
}
