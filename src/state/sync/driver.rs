//! Carries out the scheduler's commands against IndexedDB (`replica_store`) and the
//! network (`api`), and tells it how each went. Nothing here decides when to run.

use std::rc::Rc;

use indexed_db_futures::database::Database;
use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::error::ErrorCode;
use linli_core::sync::scheduler::{Command, Event, Failure, Step, Ticket};
use linli_core::sync::{MAX_PUSH_BATCH, PROTOCOL_VERSION, PullQuery, PushRequest, feature};

use super::{LOCK, SyncContext, collections};
use crate::error::AppError;
use crate::platform::files::{self, Upload};
use crate::platform::{api, browser, events, idb, perf, replica_store};

impl SyncContext {
    /// Hands `event` to the scheduler and carries out what it answers. Returns the run's
    /// next step, which only the run (the caller that told of its previous step) takes.
    pub(super) fn feed(self, event: Event) -> Option<Step> {
        let commands = self
            .driver
            .try_update_value(|d| d.scheduler.on(event))
            .unwrap_or_default();
        let mut next = None;
        for command in commands {
            match command {
                Command::Start => spawn_local(self.run()),
                Command::Step(step) => next = Some(step),
                Command::Wait(ms) => {
                    let timer = events::after(ms, move || {
                        self.feed(Event::RetryTimerFired);
                    });
                    self.driver.update_value(|d| d.retry = timer);
                }
                Command::CancelWait => self.driver.update_value(|d| {
                    if let Some(retry) = d.retry.take() {
                        retry.cancel();
                    }
                }),
                Command::ForgetPulled => spawn_local(self.forget_pulled()),
                Command::Close => self.driver.update_value(|d| {
                    if let Some(db) = d.db.take() {
                        Database::clone(&db).close();
                    }
                    // Whoever still waits for the database hears that it is gone.
                    d.awaiting_db.clear();
                }),
                Command::Show(status) => self.show(status),
            }
        }
        next
    }

    /// Opens the device's database and loads what it keeps; the scheduler starts syncing.
    /// The first screen is drawn from the few rows it showed last time, before the rest
    /// is read: who waits for the database (to write, say) waits for all of it.
    pub(super) async fn open(self) {
        let opening = perf::phase("linli:idb-open");
        let Ok(db) = idb::open(idb::DB_NAME).await.map(Rc::new) else {
            return self.open_failed();
        };
        opening.end();
        if let Ok(first) = replica_store::load_first_screen(&db).await {
            self.driver.update_value(|d| {
                d.first_screen = first.server.clone();
                d.replica = first;
                d.replica.owner = self.session.owner();
                d.stale = true;
            });
            self.refresh();
            browser::after_paint().await;
        }
        let loading = perf::phase("linli:load");
        let loaded = async {
            let replica = replica_store::load(&db).await?;
            let last_sync_at = replica_store::last_sync_at(&db).await?;
            Ok::<_, AppError>((replica, last_sync_at))
        };
        let Ok((replica, last_sync_at)) = loaded.await else {
            return self.open_failed();
        };
        loading.end();
        let owner = self.session.owner();
        self.driver.update_value(|d| {
            d.db = Some(db.clone());
            d.replica = replica;
            d.replica.owner = owner;
            d.stale = true;
        });
        // A newer version may have taken over while this page was opening the database:
        // then the scheduler closes it again at once.
        self.feed(Event::Opened { last_sync_at });
        let Some(awaiting) = self
            .driver
            .try_update_value(|d| d.db.is_some().then(|| std::mem::take(&mut d.awaiting_db)))
            .flatten()
        else {
            return;
        };
        for waiter in awaiting {
            let _ = waiter.send(db.clone());
        }
        self.refresh();
        browser::persist_storage().await;
    }

    /// The database would not open or could not be read.
    fn open_failed(self) {
        self.feed(Event::OpenFailed);
        // Those waiting for the database learn that it will not open.
        self.driver.update_value(|d| d.awaiting_db.clear());
    }

    /// One run: under the tab lock (only one tab talks to the server at a time; the others
    /// hear when it is done), the steps the scheduler asks for, one after the other.
    async fn run(self) {
        browser::with_lock(LOCK, async move {
            let mut next = self.feed(Event::Locked);
            while let Some(step) = next {
                let done = match step {
                    Step::Upload => self.upload().await,
                    Step::Push => self.push().await,
                    Step::Pull(ticket) => self.pull(ticket).await,
                };
                next = self.feed(done.unwrap_or_else(|err| {
                    self.end_refused_log_in(&err);
                    Event::Failed(failure(&err))
                }));
            }
            self.refresh();
            self.notify_tabs();
        })
        .await;
        self.feed(Event::Released);
    }

    /// Uploads every file still waiting, before the mutations that name them are pushed.
    /// A file the server refuses for good is marked so, with its reason.
    async fn upload(self) -> Result<Event, AppError> {
        let Some(token) = self.session.token() else {
            return Ok(Event::Uploaded);
        };
        let db = self.db().await?;
        for file in files::waiting(&db).await? {
            let bytes = files::bytes(&file.blob).await?;
            match api::put_blob(&token, &file.id, bytes).await {
                Ok(()) => files::mark(&db, &file, Upload::Done).await?,
                Err(AppError::Api(err)) if err.code != ErrorCode::Internal => {
                    files::mark(&db, &file, Upload::Refused(err.message)).await?;
                }
                Err(err) => return Err(err),
            }
        }
        Ok(Event::Uploaded)
    }

    /// Pushes one batch of what waits (nothing without a log-in) and keeps the verdicts.
    async fn push(self) -> Result<Event, AppError> {
        let nothing = Event::Pushed {
            sent: 0,
            answered: 0,
        };
        let Some(token) = self.session.token() else {
            return Ok(nothing);
        };
        let db = self.db().await?;
        let request = self.driver.with_value(|d| PushRequest {
            protocol: PROTOCOL_VERSION,
            client_id: d.replica.client_id.clone(),
            mutations: d.replica.to_push(MAX_PUSH_BATCH),
        });
        let sent = request.mutations.len();
        if sent == 0 {
            return Ok(nothing);
        }
        let response = api::push(&token, &request).await?;
        let changed = self
            .driver
            .try_update_value(|d| {
                let changed = d.replica.apply_push(&response);
                d.stale |= !changed.is_empty();
                changed
            })
            .unwrap_or_default();
        replica_store::save_entries(&db, &changed).await?;
        self.refresh();
        Ok(Event::Pushed {
            sent,
            answered: response.results.len(),
        })
    }

    /// Pulls one page and keeps it, unless it was asked for under a ticket that is no
    /// longer current. Nothing to pull for a visitor who has not chosen a community.
    async fn pull(self, ticket: Ticket) -> Result<Event, AppError> {
        let Some(community_id) = untrack(|| self.session.pull_community()) else {
            return Ok(Event::NotPulled);
        };
        let token = self.session.token();
        let db = self.db().await?;
        let query = self.driver.with_value(|d| PullQuery {
            protocol: PROTOCOL_VERSION,
            since: d.replica.cursor,
            client_id: d.replica.client_id.clone(),
            community_id: token.is_none().then_some(community_id),
        });
        let page = api::pull(token.as_deref(), &query).await?;
        if !self.driver.with_value(|d| d.scheduler.is_current(ticket)) {
            // Pulled for the previous account: the restart pulls afresh.
            return Ok(Event::NotPulled);
        }
        if self.driver.with_value(|d| d.replica.outdated_by(&page)) {
            // Staff verified the person or gave them another role or building: the rows
            // were pulled for what they could see before. Forget them and pull afresh,
            // and show the profile as it is now (no longer 待核实).
            self.session.refresh_profile();
            self.feed(Event::AccountChanged);
            return Ok(Event::NotPulled);
        }
        // No await between the check and the start of the save, so the restart's
        // reset of the stored rows comes after this page, never before it.
        let effect = self
            .driver
            .try_update_value(|d| {
                let effect = d.replica.apply_pull(&page);
                d.stale |= !page.changes.is_empty() || !effect.dropped.is_empty();
                effect
            })
            .unwrap_or_default();
        let at = browser::now_ms();
        replica_store::save_pull(&db, &page, &effect.dropped, at).await?;
        Ok(Event::Pulled {
            has_more: page.has_more,
            at,
        })
    }

    /// What the device had was for someone else: forget the pulled rows (not the outbox).
    async fn forget_pulled(self) {
        let Ok(db) = self.db().await else { return };
        if replica_store::reset_pulled(&db).await.is_ok() && self.load_from_db().await.is_ok() {
            self.refresh();
            self.feed(Event::Forgotten);
        }
    }

    /// Recomputes the view and the counts from the replica, and tells the pages reading a
    /// collection whose rows changed.
    pub(super) fn refresh(self) {
        let refreshed = self.driver.try_update_value(|d| {
            if !std::mem::take(&mut d.stale) {
                return None;
            }
            let phase = perf::phase("linli:refresh");
            let view = d.replica.view(|m, view| {
                feature::apply(&d.rules, m, view);
            });
            let changed = collections::changed(&mut d.collections, &d.view, &view);
            d.view = view;
            let rejected: Vec<u64> = d.replica.rejected().map(|e| e.seq()).collect();
            let rejected_changed = rejected != d.rejected;
            d.rejected = rejected;
            let mut others: Vec<(String, usize)> = Vec::new();
            for entry in d.replica.others() {
                let label = entry
                    .owner
                    .as_ref()
                    .map(|o| o.label.clone())
                    .unwrap_or_default();
                match others.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += 1,
                    None => others.push((label, 1)),
                }
            }
            let counts = (d.replica.pending_count(), d.rejected.len(), others);
            phase.end();
            Some((changed, rejected_changed, counts))
        });
        let Some(Some((changed, rejected_changed, (pending, rejected, others)))) = refreshed else {
            return;
        };
        for collection in changed {
            collection.notify();
        }
        if rejected_changed {
            self.rejected_changed.notify();
        }
        self.status.maybe_update(|s| {
            let changed = (s.pending, s.rejected, &s.others) != (pending, rejected, &others);
            s.pending = pending;
            s.rejected = rejected;
            s.others = others;
            changed
        });
    }

    pub(super) fn notify_tabs(self) {
        self.driver.with_value(|d| {
            if let Some(channel) = &d.channel {
                channel.notify();
            }
        });
    }

    /// Another tab changed the stored data: show it.
    pub(super) fn reload(self) {
        spawn_local(async move {
            if self.load_from_db().await.is_ok() {
                self.refresh();
            }
        });
    }

    async fn load_from_db(self) -> Result<(), AppError> {
        let db = self.db().await?;
        let mut replica = replica_store::load(&db).await?;
        replica.owner = self.session.owner();
        self.driver.update_value(|d| {
            // A write this tab recorded while the snapshot was read is newer than it (its
            // seq is at or past the snapshot's next one): keep it, or the page would drop
            // it until the next change. One missing below that was sent by another tab.
            let mut newer = std::mem::take(&mut d.replica.outbox).split_off(&replica.next_seq);
            replica.next_seq = replica.next_seq.max(d.replica.next_seq);
            replica.outbox.append(&mut newer);
            d.replica = replica;
            d.stale = true;
        });
        Ok(())
    }

    /// The server no longer takes the log-in the run used (账号已停用, or ended from
    /// another device): the person is logged out with the server's reason. The account's
    /// unsent entries stay, its own, until it logs in again or someone gives them up.
    fn end_refused_log_in(self, err: &AppError) {
        if let AppError::Api(err) = err
            && err.code == ErrorCode::Unauthorized
        {
            self.session.end(err.message.clone());
        }
    }
}

/// How the scheduler sees an error.
fn failure(err: &AppError) -> Failure {
    match err {
        AppError::Offline => Failure::Offline,
        AppError::Api(err) if err.code == ErrorCode::ProtocolMismatch => Failure::ProtocolMismatch,
        _ => Failure::Other,
    }
}
