//! Every synced collection as the pages read it: the one place that says which row type each
//! collection is read as. A handle is only a key: the rows are parsed, and kept until they
//! change, once per collection in the sync context, for every page that reads them.

use linli_core::account::{RESIDENTS, ResidentCard};
use linli_core::directory::{SERVICES, ServiceItem};
use linli_core::inbox::{INBOX, InboxMessage};
use linli_core::notice::{NOTICE_ACKS, NOTICES, Notice, NoticeAck};
use linli_core::report::{CATEGORIES, Category, REPORTS, Report};
use linli_core::volunteer::{
    ACTIVITIES, Activity, LEDGER, LedgerEntry, SHIFTS, SIGNUPS, Shift, Signup, VOLUNTEERS,
    VolunteerProfile,
};

use crate::state::sync::{Collection, SyncContext, use_sync};

#[derive(Clone, Copy)]
pub struct Synced {
    pub notices: Collection<Notice>,
    /// By `{notice_id}:{user_id}`.
    pub notice_acks: Collection<NoticeAck>,
    pub services: Collection<ServiceItem>,
    pub residents: Collection<ResidentCard>,
    pub activities: Collection<Activity>,
    pub shifts: Collection<Shift>,
    pub signups: Collection<Signup>,
    /// Volunteer profiles, by user id.
    pub volunteers: Collection<VolunteerProfile>,
    pub ledger: Collection<LedgerEntry>,
    pub inbox: Collection<InboxMessage>,
    pub categories: Collection<Category>,
    pub reports: Collection<Report>,
}

impl Synced {
    fn of(sync: SyncContext) -> Self {
        Self {
            notices: sync.collection(NOTICES),
            notice_acks: sync.collection(NOTICE_ACKS),
            services: sync.collection(SERVICES),
            residents: sync.collection(RESIDENTS),
            activities: sync.collection(ACTIVITIES),
            shifts: sync.collection(SHIFTS),
            signups: sync.collection(SIGNUPS),
            volunteers: sync.collection(VOLUNTEERS),
            ledger: sync.collection(LEDGER),
            inbox: sync.collection(INBOX),
            categories: sync.collection(CATEGORIES),
            reports: sync.collection(REPORTS),
        }
    }
}

pub fn use_synced() -> Synced {
    Synced::of(use_sync())
}
