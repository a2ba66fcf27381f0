//! What the scheduler hears and what it answers: the events the driver tells it, the
//! commands it gives, and the status it shows.

use crate::Millis;

/// What the device is doing about sync, as its status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Opening the data kept on the device.
    Loading,
    Idle,
    Syncing,
    /// The last attempt failed; another comes after the back-off.
    Failed,
    /// The server speaks a newer protocol, or a newer version of the app has taken over the
    /// device's data: the page must be refreshed.
    Outdated,
}

/// What the person can see about syncing, beside the counts of the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Whether the server answered last time (and the browser thinks it is online).
    pub online: bool,
    /// When the last complete pull finished, by the device's clock.
    pub last_sync_at: Option<Millis>,
    pub phase: Phase,
}

/// Why a step of a run failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server could not be reached.
    Offline,
    /// The server speaks another protocol version: only a newer app can talk to it.
    ProtocolMismatch,
    /// Anything else (a server error, the device's storage): tried again after a while.
    Other,
}

/// Which account a pull is for. A page fetched under a ticket that is no longer
/// [`Scheduler::is_current`] was for the account before (or asked for with the cursor of
/// the rows forgotten since) and must not be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(pub(super) u64);

/// Where the device's database stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Opening,
    Open,
    /// It would not open: nothing can be kept, so nothing is synced.
    Unavailable,
    /// Closed for a newer version of the app, for good.
    Closed,
}

/// What happened, told to the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The device's database opened; the last complete pull was at `last_sync_at`.
    Opened { last_sync_at: Option<Millis> },
    /// The device's database would not open.
    OpenFailed,
    /// A write of the person's was saved on the device.
    Wrote,
    /// The browser is back online.
    Online,
    /// The browser lost the network.
    Offline,
    /// The page was shown (`true`) or hidden.
    Visibility(bool),
    /// The periodic timer: sync while the app is on screen.
    Tick,
    /// The wait after a failure ([`Command::Wait`]) is over.
    RetryTimerFired,
    /// Another account logged in (or out), or a visitor chose another community.
    AccountChanged,
    /// The rows pulled for the previous account are forgotten ([`Command::ForgetPulled`]).
    Forgotten,
    /// A newer version is about to take over: send what waits, if anything does, then close.
    PutAway { pending: bool },
    /// A newer version took over (in this tab or another): close now.
    ClosedForNewVersion,
    /// The run holds the tab lock ([`Command::Start`]).
    Locked,
    /// The files waiting to be uploaded are on the server ([`Step::Upload`]).
    Uploaded,
    /// A push batch was answered ([`Step::Push`]): `sent` mutations, 0 when none waited
    /// (or no one is logged in), and `answered` results; fewer results than sent means
    /// the server stopped early.
    Pushed { sent: usize, answered: usize },
    /// A pulled page was applied and saved at `at` ([`Step::Pull`]).
    Pulled { has_more: bool, at: Millis },
    /// Nothing was pulled: no community chosen yet, or the page was for the previous account.
    NotPulled,
    /// A step of the run failed.
    Failed(Failure),
    /// The run let go of the tab lock, or never got it (another tab was syncing).
    Released,
}

/// One step of a run, each answered by an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Upload the files waiting, then report [`Event::Uploaded`].
    Upload,
    /// Push one batch of what waits, then report [`Event::Pushed`].
    Push,
    /// Pull one page, applying it only if the ticket is still current, then report
    /// [`Event::Pulled`] (or [`Event::NotPulled`]).
    Pull(Ticket),
}

/// What the driver is to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Begin a run: take the tab lock (one tab talks to the server at a time), report
    /// [`Event::Locked`], carry out the steps, and report [`Event::Released`] at the end.
    Start,
    /// The run's next step.
    Step(Step),
    /// Report [`Event::RetryTimerFired`] after this many milliseconds.
    Wait(u64),
    /// Call off the wait.
    CancelWait,
    /// Forget the pulled rows (not the outbox), then report [`Event::Forgotten`].
    ForgetPulled,
    /// Close the device's database and refuse whoever still waits for it.
    Close,
    /// Show this status.
    Show(Status),
}
