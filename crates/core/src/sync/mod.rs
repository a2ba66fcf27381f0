//! Sync between devices and the server.
//!
//! A device records what a person does as [`Mutation`]s in an outbox and pushes
//! them; the server applies each exactly once. The device pulls every change
//! since its cursor. What the person sees is the pulled server state with their
//! not-yet-confirmed mutations applied on top ([`Replica::view`]). When to push and
//! pull is the [`scheduler`]'s decision.

pub mod backoff;
pub mod feature;
pub mod protocol;
pub mod replica;
pub mod scheduler;

pub use feature::{Collection, Feature, Rule, Rules};
pub use protocol::*;
pub use replica::{EntryState, OutboxEntry, Owner, Replica, View};
