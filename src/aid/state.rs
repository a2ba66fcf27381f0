//! The 互助 rows on the device, as the pages read them, and the person as the core's
//! rules see them (what they may do to a request is the core's to say).

use linli_core::account::UserProfile;
use linli_core::aid::{AidSettings, Floors, HelpRequest, Looker, REQUESTS, SETTINGS};
use linli_core::volunteer::Skill;

use crate::state::sync::{Collection, Row, use_sync};
use crate::volunteer::state as volunteering;

fn requests_collection() -> Collection<HelpRequest> {
    use_sync().collection(REQUESTS)
}

/// Every request on the device, soonest first, each with whether a write waits to be sent.
pub fn requests() -> Vec<Row<HelpRequest>> {
    let mut rows: Vec<Row<HelpRequest>> = requests_collection().rows().iter().cloned().collect();
    rows.sort_by_key(|r| (!r.value.status.is_active(), r.value.at));
    rows
}

/// One request, with whether a write to it waits to be sent.
pub fn request(id: &str) -> Option<(HelpRequest, bool)> {
    let all = requests_collection();
    Some((all.get(id)?, all.is_pending(id)))
}

/// The community's floors: as staff set them, or the defaults.
pub fn floors() -> Floors {
    use_sync()
        .collection::<AidSettings>(SETTINGS)
        .values()
        .into_iter()
        .next()
        .map_or_else(Floors::default, |s| s.floors)
}

/// The skills of the person's volunteer profile; `None`: not a volunteer.
pub fn skills(user: &UserProfile) -> Option<Vec<Skill>> {
    volunteering::profile(&user.id).map(|p| p.skills)
}

/// The person as the core's rules see them.
pub fn looker<'a>(user: &'a UserProfile, skills: Option<&'a [Skill]>) -> Looker<'a> {
    Looker {
        user_id: &user.id,
        role: user.role,
        verified: user.verified,
        standing: user.standing(),
        skills,
    }
}
