//! The sync driver: keeps the device's copy in IndexedDB, records what the
//! person does durably, and pushes and pulls when it can. The rules (outbox,
//! overlay, what to drop when) are `linli_core::sync::Replica`'s; this only
//! decides when to run and talks to storage and the network.

use std::rc::Rc;
use std::sync::Arc;

use futures_channel::oneshot;
use indexed_db_futures::database::Database;
use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::Millis;
use linli_core::error::ErrorCode;
use linli_core::sync::backoff::retry_delay_ms;
use linli_core::sync::{
    MAX_PUSH_BATCH, OutboxEntry, PROTOCOL_VERSION, PullQuery, PushRequest, Replica, Rules, View,
    feature,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::platform::browser::{self, TabChannel};
use crate::platform::files::{self, LocalFile, Upload};
use crate::platform::{api, idb, replica_store};
use crate::state::session::SessionContext;

/// How often to pull while the app is on screen.
const PERIODIC_MS: u64 = 60_000;
/// How long a switch to a new version waits for what is being sent.
const PUT_AWAY_WAIT_MS: i64 = 15_000;
const LOCK: &str = "linli-sync";
/// The optimistic rules of what the first screens show; other features bring theirs.
const FIRST_SCREENS: [Rules; 2] = [linli_core::notice::RULES, linli_core::directory::RULES];

/// What everyone can see about syncing.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    /// Whether the server answered last time we asked (and the browser thinks it is online).
    pub online: bool,
    /// Things done on this device not yet sent (待发送).
    pub pending: usize,
    /// Things the server refused, with reasons to show.
    pub rejected: usize,
    pub last_sync_at: Option<Millis>,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Opening the data kept on the device.
    Loading,
    Idle,
    Syncing,
    /// The last attempt failed; another comes after the back-off.
    Failed(AppError),
    /// The server speaks a newer protocol, or a newer version of the app has taken
    /// over the device's data: the page must be refreshed.
    Outdated,
}

struct Driver {
    db: Option<Rc<Database>>,
    /// Callers of `db()` that came before the database was open.
    awaiting_db: Vec<oneshot::Sender<Rc<Database>>>,
    /// Counts account changes: a pull that started before one must not land after
    /// it, or the device would skip what the new account may see.
    account_generation: u64,
    replica: Replica,
    running: bool,
    again: bool,
    failures: u32,
    retry: Option<TimeoutHandle>,
    channel: Option<TabChannel>,
    /// The database was closed for a newer version of the app: this page writes nothing more.
    closed: bool,
    /// How the features loaded so far show their not-yet-confirmed writes: those of the
    /// first screens from the start, the others' when their pages load.
    rules: Vec<Rules>,
}

#[derive(Clone, Copy)]
pub struct SyncContext {
    driver: StoredValue<Driver, LocalStorage>,
    view: RwSignal<Arc<View>>,
    status: RwSignal<SyncStatus>,
    session: SessionContext,
}

impl SyncContext {
    /// Opens the device's data, starts syncing, and provides the context to the app.
    pub fn provide(session: SessionContext) -> Self {
        let ctx = Self {
            driver: StoredValue::new_local(Driver {
                db: None,
                awaiting_db: Vec::new(),
                account_generation: 0,
                replica: Replica::new(""),
                running: false,
                again: false,
                failures: 0,
                retry: None,
                channel: None,
                closed: false,
                rules: FIRST_SCREENS.to_vec(),
            }),
            view: RwSignal::new(Arc::new(View::default())),
            status: RwSignal::new(SyncStatus {
                online: browser::navigator_online(),
                pending: 0,
                rejected: 0,
                last_sync_at: None,
                phase: Phase::Loading,
            }),
            session,
        };
        provide_context(ctx);
        spawn_local(async move {
            if let Err(err) = ctx.open().await {
                ctx.status.update(|s| s.phase = Phase::Failed(err));
                // Those waiting for the database learn that it will not open.
                ctx.driver.update_value(|d| d.awaiting_db.clear());
                return;
            }
            ctx.listen();
            ctx.sync_now();
            browser::persist_storage().await;
        });
        ctx
    }

    async fn open(self) -> Result<(), AppError> {
        let db = Rc::new(idb::open(idb::DB_NAME).await?);
        let replica = replica_store::load(&db).await?;
        let last_sync_at = replica_store::last_sync_at(&db).await?;
        if self.driver.with_value(|d| d.closed) {
            // A newer version took over while this page was opening the database.
            Database::clone(&db).close();
            return Ok(());
        }
        let channel = TabChannel::open(LOCK, move || self.reload());
        let awaiting = self.driver.try_update_value(|d| {
            d.db = Some(db.clone());
            d.replica = replica;
            d.channel = Some(channel);
            std::mem::take(&mut d.awaiting_db)
        });
        for waiter in awaiting.into_iter().flatten() {
            let _ = waiter.send(db.clone());
        }
        self.status.update(|s| {
            s.last_sync_at = last_sync_at;
            s.phase = Phase::Idle;
        });
        self.refresh();
        Ok(())
    }

    /// Sync on reconnect, on returning to the app, and periodically while it is on screen.
    fn listen(self) {
        let on_online = window_event_listener(leptos::ev::online, move |_| self.sync_now());
        let on_offline = window_event_listener(leptos::ev::offline, move |_| {
            self.status.update(|s| s.online = false);
        });
        let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if browser::page_visible() {
                self.sync_now();
            }
        });
        let interval = set_interval_with_handle(
            move || {
                if browser::page_visible() {
                    self.sync_now();
                }
            },
            std::time::Duration::from_millis(PERIODIC_MS),
        );
        // These live as long as the app: the context is provided once, at the top.
        std::mem::forget((on_online, on_offline, on_visible, interval));
    }

    /// What the person sees: pulled rows with their own changes on top.
    pub fn view(&self) -> Arc<View> {
        self.view.get()
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    /// Rows of a collection that parse as `T`, each with whether it waits to be sent.
    pub fn rows<T: DeserializeOwned>(&self, collection: &str) -> Vec<(T, bool)> {
        let view = self.view.get();
        view.rows(collection)
            .filter_map(|(id, data)| {
                let row = serde_json::from_value(data.clone()).ok()?;
                Some((row, view.is_pending(collection, id)))
            })
            .collect()
    }

    /// Whether a write of the person's that changed this row waits to be sent.
    pub fn is_pending(&self, collection: &str, id: &str) -> bool {
        self.view.with(|v| v.is_pending(collection, id))
    }

    /// One row of a collection as `T`, if the device has it.
    pub fn row<T: DeserializeOwned>(&self, collection: &str, id: &str) -> Option<T> {
        serde_json::from_value(self.view.get().get(collection, id)?.clone()).ok()
    }

    /// Outbox entries the server refused, for the person to see and discard.
    pub fn rejected(&self) -> Vec<OutboxEntry> {
        self.view.track();
        self.driver
            .with_value(|d| d.replica.rejected().cloned().collect())
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
            scratch
        });
        replica_store::record(&db, &mut replica, name, args, files, browser::now_ms()).await?;
        // Entries other tasks added meanwhile are in the database too; take both.
        self.driver.update_value(|d| {
            d.replica.next_seq = d.replica.next_seq.max(replica.next_seq);
            d.replica.outbox.extend(replica.outbox);
        });
        self.refresh();
        self.notify_tabs();
        self.sync_now();
        Ok(())
    }

    /// Drops a refused (or unsent) entry the person chose to give up.
    pub async fn discard(&self, seq: u64) -> Result<(), AppError> {
        let db = self.db().await?;
        replica_store::discard(&db, seq).await?;
        self.driver.update_value(|d| {
            d.replica.discard(seq);
        });
        self.refresh();
        self.notify_tabs();
        Ok(())
    }

    /// Another account logged in (or out), or a visitor chose another community:
    /// forget the rows pulled for the previous one.
    pub fn restart_for_new_account(self) {
        self.driver.update_value(|d| d.account_generation += 1);
        // What the device had was for someone else: it is not "up to date" until pulled.
        self.status.update(|s| {
            s.phase = Phase::Syncing;
            s.last_sync_at = None;
        });
        spawn_local(async move {
            let Ok(db) = self.db().await else { return };
            if replica_store::reset_pulled(&db).await.is_ok() && self.load_from_db().await.is_ok() {
                self.refresh();
                self.sync_now();
            }
        });
    }

    /// The device's database, waiting for it to open when the app has just started
    /// (a page opened directly, e.g. a draft after a reload, must still find its data).
    pub async fn db(&self) -> Result<Rc<Database>, AppError> {
        let waiting = self.driver.try_update_value(|d| match &d.db {
            Some(db) => Ok(db.clone()),
            None => {
                let (sender, receiver) = oneshot::channel();
                // Once closed for a newer version, nobody is waited for: the sender drops.
                if !d.closed {
                    d.awaiting_db.push(sender);
                }
                Err(receiver)
            }
        });
        match waiting {
            Some(Ok(db)) => Ok(db),
            // Given up on: the database would not open, or a newer version took it over.
            Some(Err(receiver)) => receiver.await.map_err(|_| {
                if self.driver.with_value(|d| d.closed) {
                    AppError::Outdated
                } else {
                    storage_unavailable()
                }
            }),
            None => Err(storage_unavailable()),
        }
    }

    /// Before a new version of the app takes over: sends what waits if the server
    /// can be reached, then closes the device's database. The browser finishes the
    /// writes already under way first, so everything the person saw saved is kept
    /// for the new version to send, and this old code can write nothing more into
    /// a database the new version may restructure.
    pub async fn put_away(self) {
        if self.status.with_untracked(|s| s.pending) > 0 {
            self.sync_now();
        }
        let deadline = browser::now_ms() + PUT_AWAY_WAIT_MS;
        while self.driver.with_value(|d| d.running) && browser::now_ms() < deadline {
            browser::sleep(100).await;
        }
        self.close_for_new_version();
    }

    /// A newer version of the app runs (in this tab after a reload, or already in
    /// another): let go of the database and ask for a refresh.
    pub fn close_for_new_version(self) {
        self.driver.update_value(|d| {
            d.closed = true;
            if let Some(db) = d.db.take() {
                Database::clone(&db).close();
            }
            d.awaiting_db.clear();
            if let Some(retry) = d.retry.take() {
                retry.clear();
            }
        });
        self.status.update(|s| s.phase = Phase::Outdated);
    }

    /// A feature whose pages just loaded shows its writes not yet confirmed, as the
    /// server is expected to apply them (once per feature; the view is redrawn).
    pub fn add_rules(self, rules: Rules) {
        let added = self.driver.try_update_value(|d| {
            let known = d.rules.iter().any(|r| std::ptr::eq(*r, rules));
            if !known {
                d.rules.push(rules);
            }
            !known
        });
        if added == Some(true) {
            self.refresh();
        }
    }

    /// Recomputes the view and the counts from the replica.
    fn refresh(&self) {
        let (view, pending, rejected) = self.driver.with_value(|d| {
            (
                d.replica.view(|m, view| {
                    feature::apply(&d.rules, m, view);
                }),
                d.replica.pending_count(),
                d.replica.rejected().count(),
            )
        });
        self.view.set(Arc::new(view));
        self.status.update(|s| {
            s.pending = pending;
            s.rejected = rejected;
        });
    }

    fn notify_tabs(&self) {
        self.driver.with_value(|d| {
            if let Some(channel) = &d.channel {
                channel.notify();
            }
        });
    }

    /// Another tab changed the stored data: show it. Syncing is that tab's part
    /// (syncing here too would have each tab wake the other without end).
    fn reload(self) {
        spawn_local(async move {
            if self.load_from_db().await.is_ok() {
                self.refresh();
            }
        });
    }

    async fn load_from_db(self) -> Result<(), AppError> {
        let db = self.db().await?;
        let replica = replica_store::load(&db).await?;
        self.driver.update_value(|d| d.replica = replica);
        Ok(())
    }

    /// Starts a sync now, or right after the one running.
    pub fn sync_now(self) {
        let start = self.driver.try_update_value(|d| {
            if d.closed {
                return false;
            }
            if let Some(retry) = d.retry.take() {
                retry.clear();
            }
            if d.running {
                d.again = true;
                false
            } else {
                d.running = true;
                true
            }
        });
        if start != Some(true) {
            return;
        }
        spawn_local(async move {
            loop {
                self.driver.update_value(|d| d.again = false);
                // Only one tab talks to the server at a time; the others hear when it is done.
                browser::with_lock(LOCK, async move { self.run_once().await }).await;
                if !self.driver.with_value(|d| d.again) {
                    break;
                }
            }
            self.driver.update_value(|d| d.running = false);
        });
    }

    async fn run_once(self) {
        self.status.update(|s| s.phase = Phase::Syncing);
        let result = self.sync_cycle().await;
        self.refresh();
        self.notify_tabs();
        if self.driver.with_value(|d| d.closed) {
            // Put away for a new version mid-cycle: what is unconfirmed goes again from it.
            self.status.update(|s| s.phase = Phase::Outdated);
            return;
        }
        match result {
            Ok(pulled) => {
                self.driver.update_value(|d| d.failures = 0);
                self.status.update(|s| {
                    s.online = browser::navigator_online();
                    if pulled {
                        s.last_sync_at = Some(browser::now_ms());
                    }
                    s.phase = Phase::Idle;
                });
            }
            Err(AppError::Api(err)) if err.code == ErrorCode::ProtocolMismatch => {
                self.status.update(|s| s.phase = Phase::Outdated);
            }
            Err(err) => {
                let offline = err == AppError::Offline;
                self.status.update(|s| {
                    s.online = !offline && browser::navigator_online();
                    s.phase = Phase::Failed(err);
                });
                self.schedule_retry();
            }
        }
    }

    fn schedule_retry(self) {
        let failures = self.driver.with_value(|d| d.failures) + 1;
        let delay = retry_delay_ms(failures, js_sys::Math::random());
        let handle = set_timeout_with_handle(
            move || self.sync_now(),
            std::time::Duration::from_millis(delay),
        )
        .ok();
        self.driver.update_value(|d| {
            d.failures = failures;
            d.retry = handle;
        });
    }

    /// Push everything waiting, then pull until caught up. `Ok(false)`: there was
    /// nothing to pull yet (a visitor who has not chosen a community).
    async fn sync_cycle(self) -> Result<bool, AppError> {
        // What other tabs change reaches this one through the tab channel, which reloads.
        let db = self.db().await?;
        let generation = self.driver.with_value(|d| d.account_generation);
        let token = self.session.token();
        if let Some(token) = &token {
            upload_files(&db, token).await?;
            loop {
                let (client_id, mutations) = self.driver.with_value(|d| {
                    (
                        d.replica.client_id.clone(),
                        d.replica.to_push(MAX_PUSH_BATCH),
                    )
                });
                if mutations.is_empty() {
                    break;
                }
                let sent = mutations.len();
                let response = api::push(
                    token,
                    &PushRequest {
                        protocol: PROTOCOL_VERSION,
                        client_id,
                        mutations,
                    },
                )
                .await?;
                let changed = self
                    .driver
                    .try_update_value(|d| d.replica.apply_push(&response))
                    .unwrap_or_default();
                replica_store::save_entries(&db, &changed).await?;
                self.refresh();
                if response.results.len() < sent {
                    // The server stopped early; the rest goes next time.
                    break;
                }
            }
        }
        let Some(community_id) = untrack(|| self.session.pull_community()) else {
            return Ok(false);
        };
        let community_id = token.is_none().then_some(community_id);
        loop {
            let query = self.driver.with_value(|d| PullQuery {
                protocol: PROTOCOL_VERSION,
                since: d.replica.cursor,
                client_id: d.replica.client_id.clone(),
                community_id: community_id.clone(),
            });
            let page = api::pull(token.as_deref(), &query).await?;
            if self.driver.with_value(|d| d.account_generation) != generation {
                // Pulled for the previous account: the restart pulls afresh.
                return Ok(false);
            }
            // No await between the check and the start of the save, so the restart's
            // reset of the stored rows comes after this page, never before it.
            let effect = self
                .driver
                .try_update_value(|d| d.replica.apply_pull(&page))
                .unwrap_or_default();
            replica_store::save_pull(&db, &page, &effect.dropped, browser::now_ms()).await?;
            if !page.has_more {
                return Ok(true);
            }
        }
    }
}

/// Uploads every file still waiting, before the mutations that name them are
/// pushed. A file the server refuses for good is marked so, with its reason.
async fn upload_files(db: &Database, token: &str) -> Result<(), AppError> {
    for file in files::waiting(db).await? {
        let bytes = files::bytes(&file.blob).await?;
        match api::put_blob(token, &file.id, bytes).await {
            Ok(()) => files::mark(db, &file, Upload::Done).await?,
            Err(AppError::Api(err)) if err.code != ErrorCode::Internal => {
                files::mark(db, &file, Upload::Refused(err.message)).await?;
            }
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

pub fn use_sync() -> SyncContext {
    expect_context()
}

fn storage_unavailable() -> AppError {
    AppError::Unexpected("这台手机的浏览器打不开本机存储，内容没法保存在手机上".into())
}
