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
    /// The account that did it. Only that account's log-in ever sends it: an entry sent
    /// under someone else's would be done in their name. `None` for entries recorded
    /// before devices kept the account (they were sent by whoever was logged in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

/// An account as the outbox names it: its id, and how to name it to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub id: String,
    /// "王秀兰（138****0004）".
    pub label: String,
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
    /// Who is logged in on the device now: what is recorded is theirs, and only their
    /// entries are sent, shown and counted. Not stored with the replica: the log-in is.
    #[serde(skip)]
    pub owner: Option<Owner>,
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
            owner: None,
        }
    }

    /// Whether `entry` is the logged-in account's to send (or an entry from before
    /// entries named their account).
    pub fn is_mine(&self, entry: &OutboxEntry) -> bool {
        match (&entry.owner, &self.owner) {
            (None, _) => true,
            (Some(theirs), Some(mine)) => theirs.id == mine.id,
            (Some(_), None) => false,
        }
    }

    /// Entries of other accounts not yet sent (or refused), which this log-in never sends:
    /// they wait for their account to log in again, or for someone to give them up.
    pub fn others(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox
            .values()
            .filter(|e| !self.is_mine(e) && !e.state.is_applied())
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
            owner: self.owner.clone(),
        };
        self.next_seq += 1;
        self.outbox.insert(entry.seq(), entry.clone());
        entry
    }

    /// The logged-in account's next mutations to push, oldest first.
    pub fn to_push(&self, max: usize) -> Vec<Mutation> {
        self.outbox
            .values()
            .filter(|e| e.state == EntryState::Pending && self.is_mine(e))
            .take(max)
            .map(|e| e.mutation.clone())
            .collect()
    }

    /// The logged-in account's entries waiting to be sent (待发送).
    pub fn pending_count(&self) -> usize {
        self.outbox
            .values()
            .filter(|e| e.state == EntryState::Pending && self.is_mine(e))
            .count()
    }

    /// The arguments of the logged-in account's entries of the mutation `name` waiting to
    /// be sent.
    pub fn pending_args<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Value> {
        self.outbox
            .values()
            .filter(move |e| {
                e.state == EntryState::Pending && self.is_mine(e) && e.mutation.name == name
            })
            .map(|e| &e.mutation.args)
    }

    /// The logged-in account's entries the server refused, to fix or discard.
    pub fn rejected(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox
            .values()
            .filter(|e| e.state.is_rejected() && self.is_mine(e))
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

    /// Server rows with every pending or applied entry of the logged-in account applied on
    /// top by `mutator`, oldest first (usually [`super::feature::apply`] with the rules
    /// known so far). Rejected entries are left out: what they would have done did not
    /// happen; and another account's, which this one does not see done.
    pub fn view(&self, mutator: impl Fn(&Mutation, &mut View)) -> View {
        let mut view = View {
            rows: self.server.clone(),
            ..View::default()
        };
        for entry in self.outbox.values() {
            if entry.state.is_rejected() || !self.is_mine(entry) {
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

    fn owner(id: &str) -> Option<Owner> {
        Some(Owner {
            id: id.into(),
            label: format!("{id}（138****0000）"),
        })
    }

    /// An account disabled (or simply logged out) with writes unsent: they stay its own,
    /// never sent under the next log-in, and are sent when it logs in again.
    #[test]
    fn entries_are_sent_only_by_the_account_that_made_them() {
        let mut replica = Replica::new("device");
        replica.owner = owner("a");
        let a = replica.record("note.set", json!({"n": 1}), Uuid::new_v4(), 1);
        assert_eq!(a.owner, owner("a"));

        replica.owner = owner("b");
        assert!(replica.to_push(10).is_empty(), "b never sends a's");
        assert_eq!(replica.pending_count(), 0);
        assert_eq!(
            replica.others().map(OutboxEntry::seq).collect::<Vec<_>>(),
            [a.seq()]
        );
        assert!(
            replica
                .view(|_, v| v.upsert("notes", "n", json!(1)))
                .get("notes", "n")
                .is_none(),
            "b does not see a's change as done"
        );
        let b = replica.record("note.set", json!({"n": 2}), Uuid::new_v4(), 2);
        let seqs = |r: &Replica| r.to_push(10).iter().map(|m| m.seq).collect::<Vec<_>>();
        assert_eq!(seqs(&replica), [b.seq()]);

        replica.owner = None;
        assert!(
            replica.to_push(10).is_empty(),
            "nobody logged in sends nothing"
        );
        assert_eq!(replica.others().count(), 2);

        replica.owner = owner("a");
        assert_eq!(seqs(&replica), [a.seq()], "a's own, after logging in again");
        assert_eq!(replica.discard(b.seq()).map(|e| e.owner), Some(owner("b")));
        assert_eq!(replica.others().count(), 0);
    }

    /// Entries recorded before entries named their account go with whoever is logged in.
    #[test]
    fn entries_without_an_owner_are_anyones() {
        let mut replica = Replica::new("device");
        let old = replica.record("note.set", json!({}), Uuid::new_v4(), 1);
        assert_eq!(old.owner, None);
        replica.owner = owner("a");
        assert_eq!(replica.to_push(10).len(), 1);
        assert_eq!(replica.others().count(), 0);
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
