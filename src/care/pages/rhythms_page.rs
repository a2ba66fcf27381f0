use leptos::prelude::*;
use linli_core::care::{self, Period, RHYTHMS, RhythmRule, Unit};

use crate::components::form_alert::FormAlert;
use crate::state::session::use_session;
use crate::state::sync::use_sync;
use crate::state::write::use_form;

/// The periods offered for calls and for visits.
const CALLS: [Period; 4] = [
    Period::weeks(1),
    Period::weeks(2),
    Period::months(1),
    Period::months(3),
];
const VISITS: [Period; 5] = [
    Period::months(1),
    Period::months(2),
    Period::months(3),
    Period::months(6),
    Period::months(12),
];

/// A period as an option's value: "w2", "m6"; "" for none.
fn option_value(p: Option<Period>) -> String {
    p.map_or_else(String::new, |p| {
        let unit = match p.unit {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
        };
        format!("{unit}{}", p.every)
    })
}

fn period(value: &str) -> Option<Period> {
    let unit = match value.chars().next()? {
        'd' => Unit::Day,
        'w' => Unit::Week,
        'm' => Unit::Month,
        _ => return None,
    };
    let every = value.get(1..)?.parse().ok()?;
    Some(Period { every, unit })
}

/// 走访频次: how often households with each set of tags are called and visited, which
/// 社区工作者 change for the community (saved on the phone at once, sent later; every
/// household's due dates follow).
#[component]
pub fn RhythmsPage() -> impl IntoView {
    let session = use_session();
    let may = session
        .user()
        .is_some_and(|u| care::may_set_rhythms(u.role));
    let rules = use_sync().collection::<RhythmRule>(RHYTHMS);
    view! {
        <section class="page">
            <a href="/care" class="back-link">"‹ 返回走访名单"</a>
            <h1>"走访频次"</h1>
            {if may {
                view! {
                    <p class="lead">"一户有几个标签时，按其中最勤的算。改了以后，每一户下次该联系的日子随之改变。"</p>
                    // Keyed, so that a card saved (and so changed) keeps what it said.
                    <For
                        each=move || {
                            let mut all = rules.values();
                            all.sort_by_key(|r| r.position);
                            all
                        }
                        key=|r| r.id.clone()
                        children=|r| view! { <RuleCard rule=r /> }
                    />
                }.into_any()
            } else {
                view! { <p class="notice-box">{care::NOT_RHYTHM_SETTER}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn RuleCard(rule: RhythmRule) -> impl IntoView {
    let form = use_form();
    let call = RwSignal::new(option_value(rule.call));
    let visit = RwSignal::new(option_value(rule.visit));
    let saved = RwSignal::new(false);
    let label = rule.label();
    let id = rule.id.clone();
    let save = move |_| {
        saved.set(false);
        let changed = RhythmRule {
            call: period(&call.get_untracked()),
            visit: period(&visit.get_untracked()),
            ..rule.clone()
        };
        form.send(care::SAVE_RHYTHM, changed.validated(), move |_| {
            saved.set(true)
        });
    };
    view! {
        <div class="card">
            <h2>{label}</h2>
            <PeriodSelect id=format!("call-{id}") label="打电话" none="不用打" value=call offered=&CALLS />
            <PeriodSelect id=format!("visit-{id}") label="上门" none="不用上门" value=visit offered=&VISITS />
            <FormAlert error=form.error() />
            <button type="button" class="button button-primary" disabled=move || form.pending().get()
                on:click=save>"保存"</button>
            <p class="lead" role="status">{move || saved.get().then_some("已保存")}</p>
        </div>
    }
}

/// A choice of period, with the rule's own when it is not among those offered.
#[component]
fn PeriodSelect(
    id: String,
    label: &'static str,
    none: &'static str,
    value: RwSignal<String>,
    offered: &'static [Period],
) -> impl IntoView {
    let mut choices: Vec<Option<Period>> = std::iter::once(None)
        .chain(offered.iter().copied().map(Some))
        .collect();
    let own = period(&value.get_untracked());
    if own.is_some() && !choices.contains(&own) {
        choices.push(own);
    }
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {choices.into_iter().map(|p| {
                    let v = option_value(p);
                    let shown = p.map_or_else(|| none.to_owned(), Period::label);
                    let chosen = v.clone();
                    view! { <option value=v selected=move || *value.read() == chosen>{shown}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
