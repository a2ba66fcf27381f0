//! Sync on the device: keeps the device's copy in IndexedDB, records what the person does
//! durably, and pushes and pulls when it can. The rules of the data (outbox, overlay, what
//! to drop when) are `linli_core::sync::Replica`'s and those of timing (when to run, back-off,
//! the account guard) the `Scheduler`'s; the `driver` carries out their decisions against
//! storage and the network, and `collections` gives the pages the rows, typed and per
//! collection.

mod collections;
mod driver;

use std::collections::BTreeMap;
use std::rc::Rc;

use futures_channel::oneshot;
use indexed_db_futures::database::Database;
use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::Millis;
use linli_core::sync::scheduler::{Event, Scheduler, Status, Storage};
use linli_core::sync::{OutboxEntry, Replica, Rules, View};
use serde::Serialize;
use serde_json::Value;

pub use collections::{Collection, Row};
pub use linli_core::sync::scheduler::Phase;

use crate::error::AppError;
use crate::platform::browser;
use crate::platform::events::{self, TabChannel, Timer};
use crate::platform::files::LocalFile;
use crate::platform::replica_store::{self, FirstScreen};
use crate::state::session::SessionContext;

/// How often to pull while the app is on screen.
const PERIODIC_MS: u64 = 60_000;
/// How long a switch to a new version waits for what is being sent.
const PUT_AWAY_WAIT_MS: i64 = 15_000;
/// The tab lock and the tab channel.
const LOCK: &str = "linli-sync";
/// The optimistic rules of what the first screens show; the other features' come with
/// the parts that show their pages.
pub const FIRST_SCREENS: [Rules; 2] = [linli_core::notice::RULES, linli_core::directory::RULES];

/// What everyone can see about syncing.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    /// Whether the server answered last time we asked (and the browser thinks it is online).
    pub online: bool,
    /// Things done on this device not yet sent (待发送).
    pub pending: usize,
    /// Things the server refused, with reasons to show.
    pub rejected: usize,
    /// Things other accounts did on this device and have not sent: whose, and how many.
    /// This log-in never sends them.
    pub others: Vec<(String, usize)>,
    pub last_sync_at: Option<Millis>,
    pub phase: Phase,
}

struct Driver {
    scheduler: Scheduler,
    db: Option<Rc<Database>>,
    /// Callers of `db()` that came before the database was open.
    awaiting_db: Vec<oneshot::Sender<Rc<Database>>>,
    replica: Replica,
    retry: Option<Timer>,
    channel: Option<TabChannel>,
    /// How the features loaded so far show their not-yet-confirmed writes: those of the
    /// first screens from the start, the others' when their pages load.
    rules: Vec<Rules>,
    /// What the person sees: pulled rows with their own changes on top.
    view: View,
    /// The replica or the rules changed since the view was made: the next refresh makes
    /// it anew (otherwise it has nothing to do).
    stale: bool,
    /// Each collection's rows as the pages read them.
    collections: Vec<collections::Slot>,
    /// The rows last kept for the next cold start's first screen.
    first_screen: FirstScreen,
    /// The seqs of the outbox entries the server refused (a verdict is final, so an entry
    /// refused stays as it is until discarded).
    rejected: Vec<u64>,
}

#[derive(Clone, Copy)]
pub struct SyncContext {
    driver: StoredValue<Driver, LocalStorage>,
    status: RwSignal<SyncStatus>,
    /// Notified when the refused entries change.
    rejected_changed: Trigger,
    session: SessionContext,
}

impl SyncContext {
    /// Opens the device's data, starts syncing, and provides the context to the app.
    pub fn provide(session: SessionContext) -> Self {
        let online = events::use_online();
        let visible = events::use_page_visible();
        let scheduler = Scheduler::new(
            online.get_untracked(),
            visible.get_untracked(),
            browser::random,
        );
        let shown = scheduler.status();
        let ctx = Self {
            driver: StoredValue::new_local(Driver {
                scheduler,
                db: None,
                awaiting_db: Vec::new(),
                replica: Replica::new(""),
                retry: None,
                channel: None,
                rules: FIRST_SCREENS.to_vec(),
                view: View::default(),
                stale: true,
                collections: collections::slots(),
                first_screen: FirstScreen::new(),
                rejected: Vec::new(),
            }),
            status: RwSignal::new(SyncStatus {
                online: shown.online,
                pending: 0,
                rejected: 0,
                others: Vec::new(),
                last_sync_at: shown.last_sync_at,
                phase: shown.phase,
            }),
            rejected_changed: Trigger::new(),
            session,
        };
        provide_context(ctx);
        // Another tab changed the stored data: show it. Syncing is that tab's part
        // (syncing here too would have each tab wake the other without end).
        let channel = events::use_tab_channel(LOCK, move || ctx.reload());
        ctx.driver.update_value(|d| d.channel = Some(channel));
        // Sync on reconnect, on returning to the app, and periodically while it is on screen.
        events::on_set(online, move |online| {
            ctx.feed(if online {
                Event::Online
            } else {
                Event::Offline
            });
        });
        events::on_set(visible, move |visible| {
            ctx.feed(Event::Visibility(visible));
        });
        events::use_interval_fn(
            move || {
                ctx.feed(Event::Tick);
            },
            PERIODIC_MS,
        );
        spawn_local(ctx.open());
        ctx
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    /// Outbox entries the server refused, for the person to see and discard.
    pub fn rejected(&self) -> Vec<OutboxEntry> {
        self.rejected_changed.track();
        self.driver
            .with_value(|d| d.replica.rejected().cloned().collect())
    }

    /// The arguments of the person's writes of the mutation `name` waiting to be sent, for
    /// a screen that must know of them before the feature's rules have come with its
    /// pages. Updates when what waits changes.
    pub fn pending_args(&self, name: &str) -> Vec<serde_json::Value> {
        self.status.with(|s| s.pending);
        self.driver
            .with_value(|d| d.replica.pending_args(name).cloned().collect())
    }

    /// Syncs now, as the periodic timer does: after the person changed the server's rows
    /// another way (a spreadsheet import), the pages show them without waiting a minute.
    pub fn sync_now(self) {
        self.feed(Event::Tick);
    }

    /// Records what the person did. When this returns `Ok`, it is saved on the
    /// device and will be sent, whatever happens to the tab or the network.
    pub async fn write<A: Serialize>(&self, name: &str, args: &A) -> Result<(), AppError> {
        self.write_with_files(name, args, &[]).await
    }

    /// Like [`Self::write`], for a mutation that refers to files (photos): they
    /// are saved with it, and uploaded before it is sent.
    pub async fn write_with_files<A: Serialize>(
        &self,
        name: &str,
        args: &A,
        files: &[LocalFile],
    ) -> Result<(), AppError> {
        let db = self.db().await?;
        let args = serde_json::to_value(args).map_err(|e| AppError::Unexpected(e.to_string()))?;
        // Recording needs only the device id and the next seq, not a copy of every row.
        let mut replica = self.driver.with_value(|d| {
            let mut scratch = Replica::new(d.replica.client_id.clone());
            scratch.next_seq = d.replica.next_seq;
            scratch.owner = d.replica.owner.clone();
            scratch
        });
        replica_store::record(&db, &mut replica, name, args, files, browser::now_ms()).await?;
        // Entries other tasks added meanwhile are in the database too; take both.
        self.driver.update_value(|d| {
            d.replica.next_seq = d.replica.next_seq.max(replica.next_seq);
            d.replica.outbox.extend(replica.outbox);
            d.stale = true;
        });
        self.refresh();
        self.notify_tabs();
        self.feed(Event::Wrote);
        Ok(())
    }

    /// Drops a refused (or unsent) entry the person chose to give up.
    pub async fn discard(&self, seq: u64) -> Result<(), AppError> {
        let db = self.db().await?;
        replica_store::discard(&db, seq).await?;
        self.driver.update_value(|d| {
            d.replica.discard(seq);
            d.stale = true;
        });
        self.refresh();
        self.notify_tabs();
        Ok(())
    }

    /// Gives up what other accounts left unsent on this device, as the person agreed to.
    pub async fn discard_others(&self) -> Result<(), AppError> {
        let seqs: Vec<u64> = self
            .driver
            .with_value(|d| d.replica.others().map(|e| e.seq()).collect());
        for seq in seqs {
            self.discard(seq).await?;
        }
        Ok(())
    }

    /// Another account logged in (or out), or a visitor chose another community:
    /// forget the rows pulled for the previous one, and pull afresh. What is recorded
    /// from now on is the new account's, and only its own entries are sent.
    pub fn restart_for_new_account(self) {
        let owner = self.session.owner();
        self.driver.update_value(|d| d.replica.owner = owner);
        self.refresh();
        self.feed(Event::AccountChanged);
    }

    /// The device's database, waiting for it to open when the app has just started
    /// (a page opened directly, e.g. a draft after a reload, must still find its data).
    pub async fn db(&self) -> Result<Rc<Database>, AppError> {
        let waiting = self
            .driver
            .try_update_value(|d| match (&d.db, d.scheduler.storage()) {
                (Some(db), _) => Ok(db.clone()),
                (None, Storage::Opening) => {
                    let (sender, receiver) = oneshot::channel();
                    d.awaiting_db.push(sender);
                    Err(Some(receiver))
                }
                (None, _) => Err(None),
            });
        let receiver = match waiting {
            Some(Ok(db)) => return Ok(db),
            Some(Err(Some(receiver))) => receiver,
            _ => return Err(self.no_database()),
        };
        receiver.await.map_err(|_| self.no_database())
    }

    /// Why there is no database: it would not open, or a newer version took it over.
    fn no_database(&self) -> AppError {
        match self.driver.try_with_value(|d| d.scheduler.storage()) {
            Some(Storage::Closed) => AppError::Outdated,
            _ => storage_unavailable(),
        }
    }

    /// Before a new version of the app takes over: sends what waits if the server
    /// can be reached, then closes the device's database. The browser finishes the
    /// writes already under way first, so everything the person saw saved is kept
    /// for the new version to send, and this old code can write nothing more into
    /// a database the new version may restructure.
    pub async fn put_away(self) {
        let pending = self.status.with_untracked(|s| s.pending) > 0;
        self.feed(Event::PutAway { pending });
        // The scheduler closes once the runs are over; a server that takes too long
        // does not hold up the switch.
        let deadline = browser::now_ms() + PUT_AWAY_WAIT_MS;
        while self.driver.with_value(|d| d.scheduler.storage()) != Storage::Closed
            && browser::now_ms() < deadline
        {
            browser::sleep(100).await;
        }
        self.close_for_new_version();
    }

    /// A newer version of the app runs (in this tab after a reload, or already in
    /// another): let go of the database and ask for a refresh.
    pub fn close_for_new_version(self) {
        self.feed(Event::ClosedForNewVersion);
    }

    /// A feature whose pages just loaded shows its writes not yet confirmed, as the
    /// server is expected to apply them (once per feature; the view is redrawn).
    pub fn add_rules(self, rules: Rules) {
        let added = self.driver.try_update_value(|d| {
            let known = d.rules.iter().any(|r| std::ptr::eq(*r, rules));
            if !known {
                d.rules.push(rules);
                d.stale = true;
            }
            !known
        });
        if added == Some(true) {
            self.refresh();
        }
    }

    /// The first screen shows the rows `ids` of `collection` (and no others of it) first:
    /// they are kept for the next cold start to draw before it has read everything. Only
    /// what the server sent is kept (what waits to be sent comes back from the outbox), and
    /// only once everything is loaded (before that, the first screen shows what was kept).
    pub fn keep_first_screen(self, collection: &'static str, ids: Vec<String>) {
        let save = self
            .driver
            .try_update_value(|d| {
                let db = d.db.clone()?;
                let server = d.replica.server.get(collection);
                let rows: BTreeMap<String, Value> = ids
                    .into_iter()
                    .filter_map(|id| {
                        let row = server?.get(&id)?.clone();
                        Some((id, row))
                    })
                    .collect();
                if d.first_screen.get(collection) == Some(&rows) {
                    return None;
                }
                d.first_screen.insert(collection.to_owned(), rows);
                Some((db, d.first_screen.clone()))
            })
            .flatten();
        if let Some((db, rows)) = save {
            spawn_local(async move {
                // Only a head start for next time: failing to keep it loses nothing.
                let _ = replica_store::save_first_screen(&db, &rows).await;
            });
        }
    }

    /// Shows what the scheduler says, with the counts of the outbox.
    fn show(self, shown: Status) {
        self.status.maybe_update(|s| {
            let changed = (s.online, s.last_sync_at, s.phase)
                != (shown.online, shown.last_sync_at, shown.phase);
            s.online = shown.online;
            s.last_sync_at = shown.last_sync_at;
            s.phase = shown.phase;
            changed
        });
    }
}

pub fn use_sync() -> SyncContext {
    expect_context()
}

fn storage_unavailable() -> AppError {
    AppError::Unexpected("这台手机的浏览器打不开本机存储，内容没法保存在手机上".into())
}
