//! Table-driven: each case is a list of events, with the commands each is answered by
//! (status updates aside, which are checked on every row) and the phase shown after it.
//! `runs` are the runs' rules, `lifecycle` opening and closing; the status is tested here.

mod lifecycle;
mod runs;

use super::*;
use Command::Start;
use Phase::{Idle, Syncing};

fn no_jitter() -> f64 {
    0.0
}

type Row = (Event, Vec<Command>, Phase);

const UPLOAD: Command = Command::Step(Step::Upload);
const PUSH: Command = Command::Step(Step::Push);
const PULL: Command = Command::Step(Step::Pull(Ticket(0)));
const OPENED: Event = Event::Opened { last_sync_at: None };
const NOTHING_TO_PUSH: Event = pushed(0, 0);
const LAST_PAGE: Event = Event::Pulled {
    has_more: false,
    at: 50,
};
const MORE_PAGES: Event = Event::Pulled {
    has_more: true,
    at: 40,
};

const fn pushed(sent: usize, answered: usize) -> Event {
    Event::Pushed { sent, answered }
}

fn row(event: Event, commands: &[Command], phase: Phase) -> Row {
    (event, commands.to_vec(), phase)
}

/// The database opens, which starts a run.
fn opened() -> Vec<Row> {
    vec![row(OPENED, &[Start], Idle)]
}

/// A run that has just been started goes through, pulling one page.
fn run() -> Vec<Row> {
    vec![
        row(Event::Locked, &[UPLOAD], Syncing),
        row(Event::Uploaded, &[PUSH], Syncing),
        row(NOTHING_TO_PUSH, &[PULL], Syncing),
        row(LAST_PAGE, &[], Idle),
        row(Event::Released, &[], Idle),
    ]
}

/// A run that has just been started fails at its first step.
fn failed_run(failure: Failure, commands: &[Command], phase: Phase) -> Vec<Row> {
    vec![
        row(Event::Locked, &[UPLOAD], Syncing),
        row(Event::Failed(failure), commands, phase),
        row(Event::Released, &[], phase),
    ]
}

fn check(name: &str, rows: Vec<Row>) {
    let mut scheduler = Scheduler::new(true, true, no_jitter);
    for (n, (event, expected, phase)) in rows.into_iter().enumerate() {
        let before = scheduler.status();
        let (shown, commands): (Vec<_>, Vec<_>) = scheduler
            .on(event)
            .into_iter()
            .partition(|c| matches!(c, Command::Show(_)));
        assert_eq!(commands, expected, "{name}: row {n}, {event:?}");
        let status = scheduler.status();
        assert_eq!(status.phase, phase, "{name}: row {n}, {event:?}");
        let changed = (status != before).then_some(Command::Show(status));
        assert_eq!(shown, Vec::from_iter(changed), "{name}: row {n} shows");
    }
}

/// Drives `scheduler` through `events`, returning the status after them.
fn status_after(scheduler: &mut Scheduler, events: &[Event]) -> Status {
    for event in events {
        scheduler.on(*event);
    }
    scheduler.status()
}

#[test]
fn online_is_what_the_last_run_and_the_browser_say() {
    let mut scheduler = Scheduler::new(true, true, no_jitter);
    let open = [OPENED, Event::Locked];
    assert!(status_after(&mut scheduler, &open).online);
    let offline = [Event::Failed(Failure::Offline), Event::Released];
    assert!(!status_after(&mut scheduler, &offline).online);
    // Back online: shown once a run gets through.
    assert!(!status_after(&mut scheduler, &[Event::Online, Event::Locked]).online);
    let server_error = [Event::Failed(Failure::Other), Event::Released];
    assert!(status_after(&mut scheduler, &server_error).online);
    // The browser's word counts at once when it loses the network, …
    assert!(!status_after(&mut scheduler, &[Event::Offline]).online);
    // … and for a run that fails or succeeds while it says so.
    let run = [
        Event::RetryTimerFired,
        Event::Locked,
        Event::Uploaded,
        NOTHING_TO_PUSH,
        LAST_PAGE,
    ];
    assert!(!status_after(&mut scheduler, &run).online);
}

#[test]
fn the_time_of_the_last_pull_is_kept_until_the_account_changes() {
    let mut scheduler = Scheduler::new(false, true, no_jitter);
    let opened = Event::Opened {
        last_sync_at: Some(7),
    };
    assert_eq!(
        status_after(&mut scheduler, &[opened]).last_sync_at,
        Some(7)
    );
    let nothing_pulled = [
        Event::Locked,
        Event::Uploaded,
        NOTHING_TO_PUSH,
        Event::NotPulled,
    ];
    assert_eq!(
        status_after(&mut scheduler, &nothing_pulled).last_sync_at,
        Some(7)
    );
    let pulled = [
        Event::Released,
        Event::Tick,
        Event::Locked,
        Event::Uploaded,
        NOTHING_TO_PUSH,
        LAST_PAGE,
    ];
    assert_eq!(status_after(&mut scheduler, &pulled).last_sync_at, Some(50));
    assert_eq!(
        status_after(&mut scheduler, &[Event::AccountChanged]).last_sync_at,
        None
    );
}

#[test]
fn only_pulls_for_the_current_account_are_applied() {
    let mut scheduler = Scheduler::new(true, true, no_jitter);
    let before = Ticket(0);
    assert!(scheduler.is_current(before));
    scheduler.on(Event::AccountChanged);
    assert!(!scheduler.is_current(before));
    assert!(scheduler.is_current(Ticket(1)));
    // Pages asked for before the rows are forgotten were asked for with the old cursor.
    scheduler.on(Event::Forgotten);
    assert!(!scheduler.is_current(Ticket(1)));
}

#[test]
fn running_lasts_until_the_lock_is_let_go() {
    let mut scheduler = Scheduler::new(true, true, no_jitter);
    assert!(!scheduler.running());
    scheduler.on(OPENED);
    assert!(scheduler.running());
    status_after(
        &mut scheduler,
        &[Event::Locked, Event::Uploaded, NOTHING_TO_PUSH, LAST_PAGE],
    );
    assert!(scheduler.running());
    scheduler.on(Event::Released);
    assert!(!scheduler.running());
    assert_eq!(scheduler.storage(), Storage::Open);
}
