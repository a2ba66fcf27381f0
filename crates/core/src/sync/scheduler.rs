//! When the device talks to the server, as a pure state machine: the app's driver hands it
//! [`Event`]s (the person wrote, the network came back, a push was answered, …) and carries
//! out the [`Command`]s it answers with (take the tab lock, push a batch, pull a page, wait
//! before trying again, show a status). Nothing here knows a browser or a clock, so every
//! rule of scheduling is tested natively, and the convergence property test drives it.
//!
//! The rules: one run at a time, and a request during a run brings exactly one more run
//! right after it. A run takes the tab lock, uploads waiting files, pushes batch after batch
//! until nothing is left or the server stops early, then pulls page after page. A failed run
//! is tried again after an exponential back-off ([`retry_delay_ms`]) that any new request
//! cuts short and a success resets. A page pulled for the account before an account change,
//! or asked for before that account's rows were forgotten, is never applied. A server on
//! another protocol, or a newer version of the app taking over the device's data, make the
//! page outdated; after the latter nothing runs any more.

mod vocabulary;

pub use vocabulary::{Command, Event, Failure, Phase, Status, Step, Storage, Ticket};

use super::backoff::retry_delay_ms;
use crate::Millis;

/// Where the run under way is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Locking,
    Uploading,
    Pushing,
    Pulling,
    Releasing,
}

/// The scheduling state of one page of the app.
#[derive(Debug, Clone)]
pub struct Scheduler {
    storage: Storage,
    run: Option<Stage>,
    /// A request came during the run: run once more right after it.
    again: bool,
    /// Failed runs in a row.
    failures: u32,
    /// A [`Command::Wait`] is set.
    waiting: bool,
    /// Counts account changes and the forgetting of the rows pulled before them: the pulls
    /// under an older count are dropped.
    generation: u64,
    /// The account of the run under way, taken when it got the lock.
    ticket: Ticket,
    /// The browser's last word on the network.
    browser_online: bool,
    visible: bool,
    /// Close once the runs are over.
    putting_away: bool,
    status: Status,
    /// In `[0, 1)`; spreads out the retries of devices that lost the network together.
    jitter: fn() -> f64,
}

impl Scheduler {
    /// A page that starts opening its database.
    pub fn new(online: bool, visible: bool, jitter: fn() -> f64) -> Self {
        Self {
            storage: Storage::Opening,
            run: None,
            again: false,
            failures: 0,
            waiting: false,
            generation: 0,
            ticket: Ticket(0),
            browser_online: online,
            visible,
            putting_away: false,
            status: Status {
                online,
                last_sync_at: None,
                phase: Phase::Loading,
            },
            jitter,
        }
    }

    /// Takes one event and answers with what to do, in order.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        let before = self.status;
        let mut out = Vec::new();
        match event {
            Event::Opened { last_sync_at } => self.opened(last_sync_at, &mut out),
            Event::OpenFailed => {
                if self.storage == Storage::Opening {
                    self.storage = Storage::Unavailable;
                    self.status.phase = Phase::Failed;
                }
            }
            Event::Online => {
                self.browser_online = true;
                self.request(&mut out);
            }
            Event::Offline => {
                self.browser_online = false;
                self.status.online = false;
            }
            Event::Visibility(visible) => {
                self.visible = visible;
                if visible {
                    self.request(&mut out);
                }
            }
            Event::Tick => {
                if self.visible {
                    self.request(&mut out);
                }
            }
            Event::RetryTimerFired => {
                self.waiting = false;
                self.request(&mut out);
            }
            Event::Wrote => self.request(&mut out),
            Event::Forgotten => {
                // A page asked for before the rows were forgotten was asked for with the old
                // cursor: landing now, it would skip the rows in between. Pull afresh instead.
                self.generation += 1;
                self.request(&mut out);
            }
            Event::AccountChanged => self.account_changed(&mut out),
            Event::PutAway { pending } => self.put_away(pending, &mut out),
            Event::ClosedForNewVersion => self.close(&mut out),
            Event::Released => self.released(&mut out),
            run_event => self.run_step(run_event, &mut out),
        }
        if self.status != before {
            out.push(Command::Show(self.status));
        }
        out
    }

    /// What the status line shows.
    pub fn status(&self) -> Status {
        self.status
    }

    pub fn storage(&self) -> Storage {
        self.storage
    }

    /// Whether a run is under way (waiting for the lock included).
    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// Whether a page pulled under `ticket` is for the current account.
    pub fn is_current(&self, ticket: Ticket) -> bool {
        ticket.0 == self.generation
    }

    fn opened(&mut self, last_sync_at: Option<Millis>, out: &mut Vec<Command>) {
        match self.storage {
            // A newer version took over while this page was opening the database.
            Storage::Closed => out.push(Command::Close),
            Storage::Opening => {
                self.storage = Storage::Open;
                self.status.last_sync_at = last_sync_at;
                self.status.phase = Phase::Idle;
                self.request(out);
            }
            Storage::Open | Storage::Unavailable => {}
        }
    }

    /// Runs now, or right after the run under way. Before the database is open there is
    /// nothing to run with (opening starts a run); once closed, nothing runs any more.
    fn request(&mut self, out: &mut Vec<Command>) {
        if self.storage != Storage::Open {
            return;
        }
        if self.waiting {
            self.waiting = false;
            out.push(Command::CancelWait);
        }
        if self.run.is_some() {
            self.again = true;
        } else {
            self.run = Some(Stage::Locking);
            self.again = false;
            out.push(Command::Start);
        }
    }

    fn account_changed(&mut self, out: &mut Vec<Command>) {
        if matches!(self.storage, Storage::Unavailable | Storage::Closed) {
            return;
        }
        // A run that got the lock before this pulls for the previous account: its pages are dropped.
        self.generation += 1;
        // What the device had was for someone else: it is not "up to date" until pulled.
        self.status.phase = Phase::Syncing;
        self.status.last_sync_at = None;
        out.push(Command::ForgetPulled);
    }

    fn put_away(&mut self, pending: bool, out: &mut Vec<Command>) {
        if self.storage == Storage::Closed {
            return;
        }
        self.putting_away = true;
        if pending {
            self.request(out);
        }
        if self.run.is_none() {
            self.close(out);
        }
    }

    fn close(&mut self, out: &mut Vec<Command>) {
        if self.storage == Storage::Closed {
            return;
        }
        self.storage = Storage::Closed;
        self.again = false;
        if self.waiting {
            self.waiting = false;
            out.push(Command::CancelWait);
        }
        out.push(Command::Close);
        self.status.phase = Phase::Outdated;
    }

    fn released(&mut self, out: &mut Vec<Command>) {
        if self.run.take().is_none() || self.storage == Storage::Closed {
            return;
        }
        if self.again {
            self.request(out);
        } else if self.putting_away {
            self.close(out);
        }
    }

    /// The events of a run under the lock, each answered by the next step or the run's end.
    /// An event that does not fit where the run is (none is under way, or it is at another
    /// step) changes nothing.
    fn run_step(&mut self, event: Event, out: &mut Vec<Command>) {
        let Some(stage) = self.run else { return };
        let fits = matches!(
            (stage, event),
            (Stage::Locking, Event::Locked)
                | (Stage::Uploading, Event::Uploaded)
                | (Stage::Pushing, Event::Pushed { .. })
                | (Stage::Pulling, Event::Pulled { .. } | Event::NotPulled)
                | (
                    Stage::Uploading | Stage::Pushing | Stage::Pulling,
                    Event::Failed(_)
                )
        );
        if !fits {
            return;
        }
        if self.storage == Storage::Closed {
            // Put away for a new version mid-run: what is unconfirmed goes again from it.
            self.run = Some(Stage::Releasing);
            return;
        }
        let (stage, step) = match event {
            Event::Locked => {
                self.ticket = Ticket(self.generation);
                self.status.phase = Phase::Syncing;
                (Stage::Uploading, Step::Upload)
            }
            Event::Uploaded => (Stage::Pushing, Step::Push),
            // Batch after batch while the server answers all; the rest goes next time.
            Event::Pushed { sent, answered } if sent > 0 && answered >= sent => {
                (Stage::Pushing, Step::Push)
            }
            Event::Pushed { .. } | Event::Pulled { has_more: true, .. } => {
                (Stage::Pulling, Step::Pull(self.ticket))
            }
            Event::Pulled { at, .. } => return self.finish(Ok(Some(at)), out),
            Event::NotPulled => return self.finish(Ok(None), out),
            Event::Failed(failure) => return self.finish(Err(failure), out),
            _ => return,
        };
        self.run = Some(stage);
        out.push(Command::Step(step));
    }

    /// The run is over (it lets go of the lock next): `Ok` with when it pulled, if it did.
    fn finish(&mut self, result: Result<Option<Millis>, Failure>, out: &mut Vec<Command>) {
        self.run = Some(Stage::Releasing);
        match result {
            Ok(pulled_at) => {
                self.failures = 0;
                self.status.online = self.browser_online;
                if pulled_at.is_some() {
                    self.status.last_sync_at = pulled_at;
                }
                self.status.phase = Phase::Idle;
            }
            Err(Failure::ProtocolMismatch) => self.status.phase = Phase::Outdated,
            Err(failure) => {
                self.status.online = failure != Failure::Offline && self.browser_online;
                self.status.phase = Phase::Failed;
                self.failures += 1;
                // A request during the run already brings the next one, at once.
                if !self.again {
                    self.waiting = true;
                    out.push(Command::Wait(retry_delay_ms(
                        self.failures,
                        (self.jitter)(),
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
