//! The register's rows on the device, as the pages read them. Each function reads its
//! collection, so a page that calls it updates when those rows change.

use linli_core::care::export::CareFigures;
use linli_core::care::{
    self, ContactKind, Day, DueItem, HOUSEHOLDS, Household, HouseholdRecord, Sight, VISITS, Visit,
};

use crate::error::AppError;
use crate::platform::api::{self, Method};
use crate::platform::browser;
use crate::state::sync::{Collection, Row, use_sync};

fn households_collection() -> Collection<Household> {
    use_sync().collection(HOUSEHOLDS)
}

/// Every household on the device, with whether a write to it waits to be sent.
pub fn households() -> std::rc::Rc<Vec<Row<Household>>> {
    households_collection().rows()
}

pub fn household(id: &str) -> Option<Household> {
    households_collection().get(id)
}

/// Whether a contact or change logged for the household waits to be sent (待发送).
pub fn is_pending(id: &str) -> bool {
    households_collection().is_pending(id)
}

/// Today in China time, by the phone's clock.
pub fn today() -> Day {
    care::day_of(browser::now_ms())
}

/// The households on the device whose `kind` of contact is due today or overdue, in the
/// order of the way (the core's `today_list`), each with its household; calls begin with
/// the households an urgent notice asks to call first (the core's `call_list`).
pub fn due(kind: ContactKind) -> Vec<(DueItem, Household)> {
    let listed: Vec<Household> = households()
        .iter()
        .map(|r| r.value.clone())
        .filter(|h| h.sight != Sight::Own)
        .collect();
    let items = match kind {
        ContactKind::Visit => care::today_list(&listed, today(), kind),
        ContactKind::Call => {
            let checks = care::welfare_checks(
                &listed,
                &crate::notices::state::all().values(),
                &crate::notices::state::acks().values(),
                &crate::account::state::residents().values(),
                browser::now_ms(),
            );
            care::call_list(&listed, today(), &checks)
        }
    };
    items
        .into_iter()
        .filter_map(|item| {
            let h = listed.iter().find(|h| h.id == item.household_id)?.clone();
            Some((item, h))
        })
        .collect()
}

/// The households flagged to the community worker, with their flags.
pub fn flagged() -> Vec<(Household, Vec<care::Flag>)> {
    let today = today();
    households()
        .iter()
        .filter(|r| r.value.sight != Sight::Own)
        .map(|r| (r.value.clone(), care::flags(&r.value, today)))
        .filter(|(_, flags)| !flags.is_empty())
        .collect()
}

/// This year's reminders for the households whose whole record is on the device, each
/// with its household.
pub fn entitlements() -> Vec<(care::Entitlement, Household)> {
    let whole: Vec<Household> = households()
        .iter()
        .filter(|r| r.value.sight == Sight::Full)
        .map(|r| r.value.clone())
        .collect();
    care::entitlements(&whole, today())
        .into_iter()
        .filter_map(|e| {
            let h = whole.iter().find(|h| h.id == e.household_id)?.clone();
            Some((e, h))
        })
        .collect()
}

/// The household the person lives in (their own, as residents see it).
pub fn my_household() -> Option<Household> {
    households()
        .iter()
        .find(|r| r.value.sight == Sight::Own)
        .map(|r| r.value.clone())
}

/// The contacts with a household on the device, newest first.
pub fn visits_of(household_id: &str) -> Vec<Visit> {
    let mut visits: Vec<Visit> = use_sync()
        .collection::<Visit>(VISITS)
        .values()
        .into_iter()
        .filter(|v| v.household_id == household_id)
        .collect();
    visits.sort_by_key(|v| std::cmp::Reverse(v.at));
    visits
}

/// A household's whole record, read online (staff whose phone keeps only its summary; the
/// server writes the read to the audit log).
pub async fn whole_record(token: String, id: String) -> Result<HouseholdRecord, AppError> {
    let path = format!("/care/households/{id}");
    api::call::<(), HouseholdRecord>(Method::GET, &path, Some(&token), None).await
}

/// A month's figures of the register the caller keeps ("2026-11"), read online.
pub async fn figures(token: String, month: String) -> Result<CareFigures, AppError> {
    let path = format!("/care/figures?month={month}");
    api::call::<(), CareFigures>(Method::GET, &path, Some(&token), None).await
}
