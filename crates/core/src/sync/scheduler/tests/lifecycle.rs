//! Opening the database, and closing it for a new version.

use super::*;
use Command::{CancelWait, Close, Start, Wait};
use Phase::{Failed, Idle, Outdated, Syncing};

#[test]
fn closing_for_a_new_version_stops_everything_for_good() {
    let rows = [
        opened(),
        failed_run(Failure::Offline, &[Wait(1_000)], Failed),
        vec![
            row(Event::ClosedForNewVersion, &[CancelWait, Close], Outdated),
            row(Event::RetryTimerFired, &[], Outdated),
            row(Event::Wrote, &[], Outdated),
            row(Event::Online, &[], Outdated),
            row(Event::Tick, &[], Outdated),
            row(Event::AccountChanged, &[], Outdated),
            row(Event::PutAway { pending: true }, &[], Outdated),
            row(Event::ClosedForNewVersion, &[], Outdated),
        ],
    ];
    check("closed", rows.concat());
}

#[test]
fn closed_mid_run_the_run_ends_at_its_next_step() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Wrote, &[], Syncing),
            row(Event::ClosedForNewVersion, &[Close], Outdated),
            row(Event::Uploaded, &[], Outdated),
            row(Event::Released, &[], Outdated),
        ],
    ];
    check("closed mid-run", rows.concat());
}

#[test]
fn closed_while_opening_the_database_is_closed_once_open() {
    let rows = vec![
        row(Event::ClosedForNewVersion, &[Close], Outdated),
        row(
            Event::Opened {
                last_sync_at: Some(1),
            },
            &[Close],
            Outdated,
        ),
        row(Event::Wrote, &[], Outdated),
    ];
    check("closed while opening", rows);
}

#[test]
fn putting_away_with_nothing_waiting_closes_at_once() {
    let rows = [
        opened(),
        run(),
        vec![row(Event::PutAway { pending: false }, &[Close], Outdated)],
    ];
    check("put away", rows.concat());
}

#[test]
fn putting_away_sends_what_waits_then_closes() {
    let rows = [
        opened(),
        run(),
        vec![row(Event::PutAway { pending: true }, &[Start], Idle)],
        run(),
    ];
    let mut rows = rows.concat();
    // The last run's release closes instead of leaving the page idle.
    rows.last_mut().unwrap().1 = vec![Close];
    rows.last_mut().unwrap().2 = Outdated;
    check("put away after sending", rows);
}

#[test]
fn putting_away_during_a_run_waits_for_it_and_the_one_it_brought() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Wrote, &[], Syncing),
            row(Event::PutAway { pending: true }, &[], Syncing),
            row(Event::Failed(Failure::Other), &[], Failed),
            row(Event::Released, &[Start], Failed),
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Failed(Failure::Offline), &[Wait(2_000)], Failed),
            // Offline: what waits stays on the device for the new version to send.
            row(Event::Released, &[CancelWait, Close], Outdated),
        ],
    ];
    check("put away mid-run", rows.concat());
}

#[test]
fn a_database_that_does_not_open_runs_nothing() {
    let rows = vec![
        row(Event::OpenFailed, &[], Failed),
        row(Event::Wrote, &[], Failed),
        row(Event::Online, &[], Failed),
        row(Event::AccountChanged, &[], Failed),
        row(OPENED, &[], Failed),
    ];
    check("unavailable", rows);
}
