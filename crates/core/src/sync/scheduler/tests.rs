//! Table-driven: each case is a list of events, with the commands each is answered by
//! (status updates aside, which are checked on every row) and the phase shown after it.

use super::*;

fn no_jitter() -> f64 {
    0.0
}

type Row = (Event, Vec<Command>, Phase);

const UPLOAD: Command = Command::Step(Step::Upload);
const PUSH: Command = Command::Step(Step::Push);
const PULL: Command = Command::Step(Step::Pull(Ticket(0)));
const NOTHING_TO_PUSH: Event = Event::Pushed {
    sent: 0,
    answered: 0,
};
const LAST_PAGE: Event = Event::Pulled {
    has_more: false,
    at: 50,
};

fn row(event: Event, commands: &[Command], phase: Phase) -> Row {
    (event, commands.to_vec(), phase)
}

/// The database opens, which starts a run.
fn opened() -> Vec<Row> {
    vec![row(
        Event::Opened { last_sync_at: None },
        &[Command::Start],
        Phase::Idle,
    )]
}

/// A run that has just been started goes through, pulling one page.
fn run() -> Vec<Row> {
    vec![
        row(Event::Locked, &[UPLOAD], Phase::Syncing),
        row(Event::Uploaded, &[PUSH], Phase::Syncing),
        row(NOTHING_TO_PUSH, &[PULL], Phase::Syncing),
        row(LAST_PAGE, &[], Phase::Idle),
        row(Event::Released, &[], Phase::Idle),
    ]
}

/// A run that has just been started fails at its first step.
fn failed_run(failure: Failure, commands: &[Command], phase: Phase) -> Vec<Row> {
    vec![
        row(Event::Locked, &[UPLOAD], Phase::Syncing),
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

#[test]
fn a_run_pushes_batch_after_batch_then_pulls_every_page() {
    let rows = vec![
        row(Event::Wrote, &[], Phase::Loading),
        row(Event::Tick, &[], Phase::Loading),
        row(
            Event::Opened {
                last_sync_at: Some(5),
            },
            &[Command::Start],
            Phase::Idle,
        ),
        row(Event::Locked, &[UPLOAD], Phase::Syncing),
        row(Event::Uploaded, &[PUSH], Phase::Syncing),
        row(
            Event::Pushed {
                sent: 100,
                answered: 100,
            },
            &[PUSH],
            Phase::Syncing,
        ),
        row(
            Event::Pushed {
                sent: 3,
                answered: 3,
            },
            &[PUSH],
            Phase::Syncing,
        ),
        row(NOTHING_TO_PUSH, &[PULL], Phase::Syncing),
        row(
            Event::Pulled {
                has_more: true,
                at: 40,
            },
            &[PULL],
            Phase::Syncing,
        ),
        row(LAST_PAGE, &[], Phase::Idle),
        row(Event::Released, &[], Phase::Idle),
    ];
    check("full run", rows);
}

#[test]
fn the_server_stopping_early_leaves_the_rest_for_next_time() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Uploaded, &[PUSH], Phase::Syncing),
            row(
                Event::Pushed {
                    sent: 5,
                    answered: 2,
                },
                &[PULL],
                Phase::Syncing,
            ),
            row(LAST_PAGE, &[], Phase::Idle),
        ],
    ];
    check("stopped early", rows.concat());
}

#[test]
fn requests_during_a_run_bring_exactly_one_more() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Wrote, &[], Phase::Syncing),
            row(Event::Online, &[], Phase::Syncing),
            row(Event::Tick, &[], Phase::Syncing),
            row(Event::Uploaded, &[PUSH], Phase::Syncing),
            row(NOTHING_TO_PUSH, &[PULL], Phase::Syncing),
            row(LAST_PAGE, &[], Phase::Idle),
            row(Event::Wrote, &[], Phase::Idle),
            row(Event::Released, &[Command::Start], Phase::Idle),
        ],
        run(),
    ];
    check("again", rows.concat());
}

#[test]
fn a_run_that_cannot_have_the_lock_ends_without_a_word() {
    let rows = [
        opened(),
        vec![
            row(Event::Released, &[], Phase::Idle),
            row(Event::Wrote, &[Command::Start], Phase::Idle),
        ],
        run(),
    ];
    check("lock busy", rows.concat());
}

#[test]
fn failures_back_off_until_a_request_or_a_success() {
    let rows = [
        opened(),
        failed_run(Failure::Offline, &[Command::Wait(1_000)], Phase::Failed),
        vec![row(
            Event::RetryTimerFired,
            &[Command::Start],
            Phase::Failed,
        )],
        failed_run(Failure::Other, &[Command::Wait(2_000)], Phase::Failed),
        vec![row(
            Event::Wrote,
            &[Command::CancelWait, Command::Start],
            Phase::Failed,
        )],
        failed_run(Failure::Offline, &[Command::Wait(4_000)], Phase::Failed),
        vec![row(
            Event::Online,
            &[Command::CancelWait, Command::Start],
            Phase::Failed,
        )],
        run(),
        vec![row(Event::Tick, &[Command::Start], Phase::Idle)],
        // The success reset the back-off.
        failed_run(Failure::Other, &[Command::Wait(1_000)], Phase::Failed),
    ];
    check("back-off", rows.concat());
}

#[test]
fn a_failure_with_a_request_waiting_runs_again_at_once() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Wrote, &[], Phase::Syncing),
            row(Event::Failed(Failure::Offline), &[], Phase::Failed),
            row(Event::Released, &[Command::Start], Phase::Failed),
        ],
        failed_run(Failure::Offline, &[Command::Wait(2_000)], Phase::Failed),
    ];
    check("failure and again", rows.concat());
}

#[test]
fn a_server_on_another_protocol_makes_the_page_outdated() {
    let rows = [
        opened(),
        failed_run(Failure::ProtocolMismatch, &[], Phase::Outdated),
    ];
    check("protocol", rows.concat());
}

#[test]
fn closing_for_a_new_version_stops_everything_for_good() {
    let rows = [
        opened(),
        failed_run(Failure::Offline, &[Command::Wait(1_000)], Phase::Failed),
        vec![
            row(
                Event::ClosedForNewVersion,
                &[Command::CancelWait, Command::Close],
                Phase::Outdated,
            ),
            row(Event::RetryTimerFired, &[], Phase::Outdated),
            row(Event::Wrote, &[], Phase::Outdated),
            row(Event::Online, &[], Phase::Outdated),
            row(Event::Tick, &[], Phase::Outdated),
            row(Event::AccountChanged, &[], Phase::Outdated),
            row(Event::PutAway { pending: true }, &[], Phase::Outdated),
            row(Event::ClosedForNewVersion, &[], Phase::Outdated),
        ],
    ];
    check("closed", rows.concat());
}

#[test]
fn closed_mid_run_the_run_ends_at_its_next_step() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Wrote, &[], Phase::Syncing),
            row(
                Event::ClosedForNewVersion,
                &[Command::Close],
                Phase::Outdated,
            ),
            row(Event::Uploaded, &[], Phase::Outdated),
            row(Event::Released, &[], Phase::Outdated),
        ],
    ];
    check("closed mid-run", rows.concat());
}

#[test]
fn closed_while_opening_the_database_is_closed_once_open() {
    let rows = vec![
        row(
            Event::ClosedForNewVersion,
            &[Command::Close],
            Phase::Outdated,
        ),
        row(
            Event::Opened {
                last_sync_at: Some(1),
            },
            &[Command::Close],
            Phase::Outdated,
        ),
        row(Event::Wrote, &[], Phase::Outdated),
    ];
    check("closed while opening", rows);
}

#[test]
fn putting_away_with_nothing_waiting_closes_at_once() {
    let rows = [
        opened(),
        run(),
        vec![row(
            Event::PutAway { pending: false },
            &[Command::Close],
            Phase::Outdated,
        )],
    ];
    check("put away", rows.concat());
}

#[test]
fn putting_away_sends_what_waits_then_closes() {
    let rows = [
        opened(),
        run(),
        vec![row(
            Event::PutAway { pending: true },
            &[Command::Start],
            Phase::Idle,
        )],
        run(),
    ];
    let mut rows = rows.concat();
    // The last run's release closes instead of leaving the page idle.
    rows.last_mut().unwrap().1 = vec![Command::Close];
    rows.last_mut().unwrap().2 = Phase::Outdated;
    check("put away after sending", rows);
}

#[test]
fn putting_away_during_a_run_waits_for_it_and_the_one_it_brought() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Wrote, &[], Phase::Syncing),
            row(Event::PutAway { pending: true }, &[], Phase::Syncing),
            row(Event::Failed(Failure::Other), &[], Phase::Failed),
            row(Event::Released, &[Command::Start], Phase::Failed),
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(
                Event::Failed(Failure::Offline),
                &[Command::Wait(2_000)],
                Phase::Failed,
            ),
            // Offline: what waits stays on the device for the new version to send.
            row(
                Event::Released,
                &[Command::CancelWait, Command::Close],
                Phase::Outdated,
            ),
        ],
    ];
    check("put away mid-run", rows.concat());
}

#[test]
fn an_account_change_forgets_the_rows_and_drops_older_pulls() {
    let next_pull = Command::Step(Step::Pull(Ticket(2)));
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(
                Event::AccountChanged,
                &[Command::ForgetPulled],
                Phase::Syncing,
            ),
            row(Event::Uploaded, &[PUSH], Phase::Syncing),
            row(NOTHING_TO_PUSH, &[PULL], Phase::Syncing),
            // The driver found the page's ticket no longer current and dropped the page.
            row(Event::NotPulled, &[], Phase::Idle),
            row(Event::Released, &[], Phase::Idle),
            row(Event::Forgotten, &[Command::Start], Phase::Idle),
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Uploaded, &[PUSH], Phase::Syncing),
            row(NOTHING_TO_PUSH, &[next_pull], Phase::Syncing),
            row(LAST_PAGE, &[], Phase::Idle),
        ],
    ];
    check("account change", rows.concat());
}

#[test]
fn the_periodic_tick_waits_for_the_page_to_be_shown() {
    let rows = [
        opened(),
        run(),
        vec![
            row(Event::Visibility(false), &[], Phase::Idle),
            row(Event::Tick, &[], Phase::Idle),
            row(Event::Visibility(true), &[Command::Start], Phase::Idle),
        ],
        run(),
        vec![row(Event::Tick, &[Command::Start], Phase::Idle)],
    ];
    check("visibility", rows.concat());
}

#[test]
fn a_database_that_does_not_open_runs_nothing() {
    let rows = vec![
        row(Event::OpenFailed, &[], Phase::Failed),
        row(Event::Wrote, &[], Phase::Failed),
        row(Event::Online, &[], Phase::Failed),
        row(Event::AccountChanged, &[], Phase::Failed),
        row(Event::Opened { last_sync_at: None }, &[], Phase::Failed),
    ];
    check("unavailable", rows);
}

#[test]
fn events_that_do_not_fit_the_run_change_nothing() {
    let rows = [
        vec![
            row(Event::Locked, &[], Phase::Loading),
            row(Event::Released, &[], Phase::Loading),
        ],
        opened(),
        vec![
            row(Event::Uploaded, &[], Phase::Idle),
            row(LAST_PAGE, &[], Phase::Idle),
            row(Event::Locked, &[UPLOAD], Phase::Syncing),
            row(Event::Locked, &[], Phase::Syncing),
            row(NOTHING_TO_PUSH, &[], Phase::Syncing),
            row(Event::Uploaded, &[PUSH], Phase::Syncing),
            row(
                Event::Failed(Failure::Other),
                &[Command::Wait(1_000)],
                Phase::Failed,
            ),
            row(Event::Failed(Failure::Other), &[], Phase::Failed),
            row(Event::Released, &[], Phase::Failed),
            row(Event::Released, &[], Phase::Failed),
        ],
    ];
    check("stray events", rows.concat());
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
    let open = [Event::Opened { last_sync_at: None }, Event::Locked];
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
    scheduler.on(Event::Opened { last_sync_at: None });
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
