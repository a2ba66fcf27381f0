//! The device's side of sync as a pure state machine: the server rows it has
//! pulled, the outbox of what the person did, and the view that combines them.
//! The app's driver persists this in IndexedDB and talks to the network; all
//! the rules live here, where they are tested natively.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::protocol::{Mutation, Outcome, PullResponse, PushResponse};
use crate::Millis;

/// Where an outbox entry stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Saved on the device, not yet confirmed by the server (待发送).
    Pending,
    /// The server's verdict. An applied entry is kept until a pull brings its
    /// effects, so the person never sees their change flicker away in between;
    /// a rejected one until the person fixes (sends a new one) or discards it.
    Done(Outcome),
}

impl EntryState {
    fn is_applied(&self) -> bool {
        matches!(self, EntryState::Done(Outcome::Applied { .. }))
    }

    /// The server refused it for good.
    pub fn is_rejected(&self) -> bool {
        matches!(self, EntryState::Done(Outcome::Rejected { .. }))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    pub state: EntryState,
}

impl OutboxEntry {
    pub fn seq(&self) -> u64 {
        self.mutation.seq
    }
}

/// What the person sees: server rows with the outbox applied on top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    rows: BTreeMap<String, BTreeMap<String, Value>>,
    pending: BTreeSet<(String, String)>,
    marking_pending: bool,
}

impl View {
    pub fn get(&self, collection: &str, id: &str) -> Option<&Value> {
        self.rows.get(collection)?.get(id)
    }

    /// The rows of one collection, by id.
    pub fn rows(&self, collection: &str) -> impl Iterator<Item = (&String, &Value)> {
        self.rows.get(collection).into_iter().flatten()
    }

    /// Whether a not-yet-sent write of the person's changed this row (待发送).
    pub fn is_pending(&self, collection: &str, id: &str) -> bool {
        self.pending
            .contains(&(collection.to_owned(), id.to_owned()))
    }

    /// Whether `collection`'s rows, or which of them wait to be sent, differ from `other`'s:
    /// what shows the collection needs redrawing only then.
    pub fn differs_in(&self, other: &View, collection: &str) -> bool {
        !self.rows(collection).eq(other.rows(collection))
            || !self.marks(collection).eq(other.marks(collection))
    }

    /// The ids of `collection`'s rows that wait to be sent.
    fn marks<'a>(&'a self, collection: &'a str) -> impl Iterator<Item = &'a String> {
        let mine = self.pending.iter().filter(move |(c, _)| c == collection);
        mine.map(|(_, id)| id)
    }

    /// For optimistic mutators: set a row as the mutation will leave it.
    pub fn upsert(&mut self, collection: &str, id: &str, data: Value) {
        self.mark(collection, id);
        self.rows
            .entry(collection.to_owned())
            .or_default()
            .insert(id.to_owned(), data);
    }

    /// For optimistic mutators: remove a row as the mutation will.
    pub fn delete(&mut self, collection: &str, id: &str) {
        self.mark(collection, id);
        if let Some(rows) = self.rows.get_mut(collection) {
            rows.remove(id);
        }
    }

    /// One row as `T`, if the view has it and it parses.
    pub fn row<T: DeserializeOwned>(&self, collection: &str, id: &str) -> Option<T> {
        T::deserialize(self.get(collection, id)?).ok()
    }

    /// For optimistic rules: set a row to `row`, as the mutation will leave it.
    pub fn put<T: Serialize>(&mut self, collection: &str, id: &str, row: &T) {
        if let Ok(data) = serde_json::to_value(row) {
            self.upsert(collection, id, data);
        }
    }

    /// For optimistic rules: change a row the view has; one it does not have stays absent.
    pub fn modify<T: Serialize + DeserializeOwned>(
        &mut self,
        collection: &str,
        id: &str,
        change: impl FnOnce(&mut T),
    ) {
        if let Some(mut row) = self.row::<T>(collection, id) {
            change(&mut row);
            self.put(collection, id, &row);
        }
    }

    fn mark(&mut self, collection: &str, id: &str) {
        if self.marking_pending {
            self.pending.insert((collection.to_owned(), id.to_owned()));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    pub client_id: String,
    /// The `seq` the next recorded mutation gets.
    pub next_seq: u64,
    /// The server cursor of the last completed pull.
    pub cursor: u64,
    /// The account's scope the rows were pulled under ([`PullResponse::scope`]).
    pub scope: u64,
    /// Server rows by collection and id, as last pulled.
    pub server: BTreeMap<String, BTreeMap<String, Value>>,
    /// Outbox entries by `seq`.
    pub outbox: BTreeMap<u64, OutboxEntry>,
}

/// What a pull changed, for the driver to persist.
#[derive(Debug, Default, PartialEq)]
pub struct PullEffect {
    /// Outbox entries now reflected in the server rows and removed.
    pub dropped: Vec<u64>,
}

impl Replica {
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            next_seq: 1,
            cursor: 0,
            scope: 0,
            server: BTreeMap::new(),
            outbox: BTreeMap::new(),
        }
    }

    /// Records what the person did as a pending outbox entry and returns it.
    pub fn record(
        &mut self,
        name: &str,
        args: Value,
        mutation_id: Uuid,
        now: Millis,
    ) -> OutboxEntry {
        let entry = OutboxEntry {
            mutation: Mutation {
                client_id: self.client_id.clone(),
                seq: self.next_seq,
                mutation_id,
                name: name.to_owned(),
                args,
                created_at: now,
            },
            state: EntryState::Pending,
        };
        self.next_seq += 1;
        self.outbox.insert(entry.seq(), entry.clone());
        entry
    }

    /// The next mutations to push, oldest first.
    pub fn to_push(&self, max: usize) -> Vec<Mutation> {
        self.outbox
            .values()
            .filter(|e| e.state == EntryState::Pending)
            .take(max)
            .map(|e| e.mutation.clone())
            .collect()
    }

    /// Entries waiting to be sent (待发送).
    pub fn pending_count(&self) -> usize {
        self.outbox
            .values()
            .filter(|e| e.state == EntryState::Pending)
            .count()
    }

    /// Entries the server refused, for the person to fix or discard.
    pub fn rejected(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox.values().filter(|e| e.state.is_rejected())
    }

    /// Takes the server's verdicts. Returns the entries that changed state.
    pub fn apply_push(&mut self, response: &PushResponse) -> Vec<OutboxEntry> {
        let mut changed = Vec::new();
        for result in &response.results {
            let Some(entry) = self.outbox.get_mut(&result.seq) else {
                continue;
            };
            if entry.mutation.mutation_id != result.mutation_id
                || entry.state != EntryState::Pending
            {
                continue;
            }
            entry.state = EntryState::Done(result.outcome.clone());
            changed.push(entry.clone());
        }
        changed
    }

    /// Whether `response` was read for another scope than the rows the device holds (staff
    /// verified the person, or gave them a new role or building): then the device forgets
    /// its pulled rows and pulls from the start instead of applying it.
    pub fn outdated_by(&self, response: &PullResponse) -> bool {
        self.cursor > 0 && response.scope != self.scope
    }

    /// Takes one page of pulled changes. After the last page (`has_more` false),
    /// applied entries whose effects the server rows now show leave the outbox.
    pub fn apply_pull(&mut self, response: &PullResponse) -> PullEffect {
        if self.cursor == 0 {
            self.scope = response.scope;
        }
        for change in &response.changes {
            let rows = self.server.entry(change.collection.clone()).or_default();
            match &change.data {
                Some(data) => {
                    rows.insert(change.id.clone(), data.clone());
                }
                None => {
                    rows.remove(&change.id);
                }
            }
        }
        self.cursor = self.cursor.max(response.cursor);
        let mut effect = PullEffect::default();
        if !response.has_more {
            self.outbox.retain(|seq, entry| {
                let done = entry.state.is_applied() && *seq <= response.last_applied_seq;
                if done {
                    effect.dropped.push(*seq);
                }
                !done
            });
        }
        effect
    }

    /// The person gives up on an entry (e.g. a rejected one). Pending entries can be
    /// discarded too, before they are sent.
    pub fn discard(&mut self, seq: u64) -> Option<OutboxEntry> {
        self.outbox.remove(&seq)
    }

    /// Server rows with every pending or applied entry applied on top by `mutator`,
    /// oldest first (usually [`super::feature::apply`] with the rules known so far).
    /// Rejected entries are left out: what they would have done did not happen.
    pub fn view(&self, mutator: impl Fn(&Mutation, &mut View)) -> View {
        let mut view = View {
            rows: self.server.clone(),
            ..View::default()
        };
        for entry in self.outbox.values() {
            if entry.state.is_rejected() {
                continue;
            }
            view.marking_pending = entry.state == EntryState::Pending;
            mutator(&entry.mutation, &mut view);
        }
        view.marking_pending = false;
        view
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sync::protocol::{Change, PROTOCOL_VERSION};

    fn page(cursor: u64, scope: u64) -> PullResponse {
        PullResponse {
            protocol: PROTOCOL_VERSION,
            cursor,
            has_more: false,
            last_applied_seq: 0,
            changes: vec![Change {
                collection: "notices".into(),
                id: "n1".into(),
                version: cursor,
                data: Some(json!({"title": "停水"})),
            }],
            scope,
        }
    }

    /// Verified, or given another role: what was pulled before is pulled again.
    #[test]
    fn rows_of_another_scope_are_outdated() {
        let mut replica = Replica::new("device");
        assert!(
            !replica.outdated_by(&page(5, 3)),
            "a fresh device takes any scope"
        );
        replica.apply_pull(&page(5, 3));
        assert_eq!(replica.scope, 3);
        assert!(!replica.outdated_by(&page(9, 3)));
        replica.apply_pull(&page(9, 3));
        assert_eq!(
            (replica.cursor, replica.scope),
            (9, 3),
            "later pages keep it"
        );
        assert!(replica.outdated_by(&page(12, 11)));
    }
}
