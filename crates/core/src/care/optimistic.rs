//! How care mutations change what the person sees before the server decides: a contact
//! logged at the door moves the household off today's list at once, offline too.

use super::*;
use crate::report::{self, Channel, OnBehalf, Raiser, Report, SubmitArgs};
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[
    Rule {
        mutation: SAVE_HOUSEHOLD,
        apply: save_household,
    },
    Rule {
        mutation: SET_TAGS,
        apply: set_tags,
    },
    Rule {
        mutation: CORRECT_HOUSEHOLD,
        apply: correct_household,
    },
    Rule {
        mutation: LOG_CONTACT,
        apply: log_contact,
    },
    Rule {
        mutation: SAVE_RHYTHM,
        apply: save_rhythm,
    },
];

/// The community's rules as the device has them, or the defaults before the first pull.
fn rules(view: &View) -> Vec<RhythmRule> {
    let rules: Vec<RhythmRule> = view
        .rows(RHYTHMS)
        .filter_map(|(_, v)| RhythmRule::deserialize(v).ok())
        .collect();
    if rules.is_empty() {
        default_rhythms()
    } else {
        rules
    }
}

fn save_household(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<SaveHouseholdArgs>() else {
        return;
    };
    let old = view.row::<Household>(HOUSEHOLDS, &a.id);
    // The building's name, from the household itself or a neighbour in the same building.
    let building_name = view
        .rows(HOUSEHOLDS)
        .filter(|(_, row)| row["building_id"] == a.building_id.as_str())
        .find_map(|(_, row)| row["building_name"].as_str().filter(|n| !n.is_empty()))
        .unwrap_or_default()
        .to_owned();
    let mut h = a.into_household(old.as_ref(), m.created_at);
    h.building_name = building_name;
    h.derive(&rules(view), m.created_at);
    view.put(HOUSEHOLDS, &h.id.clone(), &h);
}

fn set_tags(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<SetTagsArgs>() {
        let rules = rules(view);
        view.modify(HOUSEHOLDS, &a.household_id, |h: &mut Household| {
            h.tags = a.tags;
            h.derive(&rules, m.created_at);
        });
    }
}

fn correct_household(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<CorrectHouseholdArgs>() {
        view.modify(HOUSEHOLDS, &a.household_id, |h: &mut Household| {
            h.members = a.members;
            h.emergency = a.emergency;
        });
    }
}

fn log_contact(m: &Mutation, view: &mut View) {
    let Ok(a) = m.args::<LogContactArgs>() else {
        return;
    };
    let Some(mut h) = view.row::<Household>(HOUSEHOLDS, &a.household_id) else {
        return;
    };
    h.contacts = h.contacts.after(a.kind, a.outcome, m.created_at);
    view.put(HOUSEHOLDS, &h.id.clone(), &h);
    let help = a.outcome == Outcome::NeedsHelp;
    if help && let Some(case) = help_case(&a, &h, view, m.created_at) {
        view.put(report::REPORTS, &case.id.clone(), &case);
    }
    let visit = Visit {
        id: a.id.clone(),
        household_id: a.household_id,
        kind: a.kind,
        outcome: a.outcome,
        note: a.note,
        at: m.created_at,
        by_name: "我".to_owned(),
        case_id: help.then_some(a.id),
    };
    view.put(VISITS, &visit.id.clone(), &visit);
}

/// The case a 需要帮助 files, as the device shows it until the server's arrives.
fn help_case(a: &LogContactArgs, h: &Household, view: &View, at: Millis) -> Option<Report> {
    let category = view
        .row::<report::Category>(report::CATEGORIES, HELP_CATEGORY)
        .or_else(|| {
            report::default_categories()
                .into_iter()
                .find(|c| c.id == HELP_CATEGORY)
        })?;
    let args = help_submission(a, h, None);
    let raiser = Raiser {
        reporter_id: None,
        reporter_name: h.main_name().to_owned(),
        channel: args
            .on_behalf
            .as_ref()
            .map_or(Channel::Visit, |b| b.channel),
        filed_by_name: Some("我".to_owned()),
    };
    let mut case = Report::filed(args, &category, raiser, at);
    case.handles = true;
    Some(case)
}

/// The 说事 category a 需要帮助 is filed under.
pub const HELP_CATEGORY: &str = "other";

/// The 说事 case a 需要帮助 files for the household (代办): its id is the visit's; the
/// phone is the household's, else `fallback_phone` (the one who logged it).
pub fn help_submission(
    a: &LogContactArgs,
    h: &Household,
    fallback_phone: Option<&str>,
) -> SubmitArgs {
    SubmitArgs {
        id: a.id.clone(),
        category_id: HELP_CATEGORY.to_owned(),
        description: a.case_description(),
        building_id: Some(h.building_id.clone()),
        unit: Some(h.unit.clone()),
        room: Some(h.room.clone()),
        place: None,
        geo: None,
        photos: Vec::new(),
        anonymous: false,
        contact_phone: h.contact_phone().or(fallback_phone).map(str::to_owned),
        on_behalf: Some(OnBehalf {
            resident_id: None,
            name: h.main_name().to_owned(),
            channel: match a.kind {
                ContactKind::Visit => Channel::Visit,
                ContactKind::Call => Channel::Phone,
            },
        }),
    }
}

fn save_rhythm(m: &Mutation, view: &mut View) {
    let Ok(rule) = m.args::<RhythmRule>() else {
        return;
    };
    view.put(RHYTHMS, &rule.id.clone(), &rule);
    let rules = rules(view);
    let ids: Vec<String> = view.rows(HOUSEHOLDS).map(|(id, _)| id.clone()).collect();
    for id in ids {
        view.modify(HOUSEHOLDS, &id, |h: &mut Household| {
            if h.sight == Sight::Full {
                h.rhythm = rhythm_for(&rules, &h.kinds);
            }
        });
    }
}
