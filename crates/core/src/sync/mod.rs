//! Sync between devices and the server.
//!
//! A device records what a person does as [`Mutation`]s in an outbox and pushes
//! them; the server applies each exactly once. The device pulls every change
//! since its cursor. What the person sees is the pulled server state with their
//! not-yet-confirmed mutations applied on top ([`Replica::view`]).

pub mod backoff;
pub mod protocol;
pub mod replica;

pub use protocol::*;
pub use replica::{EntryState, ModuleMutator, OutboxEntry, Replica, View};

pub mod mutators;

/// Every synced collection. The device keeps one IndexedDB object store for each.
pub const COLLECTIONS: [&str; 12] = [
    crate::notice::NOTICES,
    crate::notice::NOTICE_ACKS,
    crate::directory::SERVICES,
    crate::account::RESIDENTS,
    crate::volunteer::ACTIVITIES,
    crate::volunteer::SHIFTS,
    crate::volunteer::SIGNUPS,
    crate::volunteer::VOLUNTEERS,
    crate::volunteer::LEDGER,
    crate::volunteer::INBOX,
    crate::report::CATEGORIES,
    crate::report::REPORTS,
];
