//! One run at a time, and what each step leads to.

use super::*;
use Command::{CancelWait, ForgetPulled, Start, Wait};
use Phase::{Failed, Idle, Loading, Outdated, Syncing};

#[test]
fn a_run_pushes_batch_after_batch_then_pulls_every_page() {
    let rows = vec![
        row(Event::Wrote, &[], Loading),
        row(Event::Tick, &[], Loading),
        row(
            Event::Opened {
                last_sync_at: Some(5),
            },
            &[Start],
            Idle,
        ),
        row(Event::Locked, &[UPLOAD], Syncing),
        row(Event::Uploaded, &[PUSH], Syncing),
        row(pushed(100, 100), &[PUSH], Syncing),
        row(pushed(3, 3), &[PUSH], Syncing),
        row(NOTHING_TO_PUSH, &[PULL], Syncing),
        row(MORE_PAGES, &[PULL], Syncing),
        row(LAST_PAGE, &[], Idle),
        row(Event::Released, &[], Idle),
    ];
    check("full run", rows);
}

#[test]
fn the_server_stopping_early_leaves_the_rest_for_next_time() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Uploaded, &[PUSH], Syncing),
            row(pushed(5, 2), &[PULL], Syncing),
            row(LAST_PAGE, &[], Idle),
        ],
    ];
    check("stopped early", rows.concat());
}

#[test]
fn requests_during_a_run_bring_exactly_one_more() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Wrote, &[], Syncing),
            row(Event::Online, &[], Syncing),
            row(Event::Tick, &[], Syncing),
            row(Event::Uploaded, &[PUSH], Syncing),
            row(NOTHING_TO_PUSH, &[PULL], Syncing),
            row(LAST_PAGE, &[], Idle),
            row(Event::Wrote, &[], Idle),
            row(Event::Released, &[Start], Idle),
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
            row(Event::Released, &[], Idle),
            row(Event::Wrote, &[Start], Idle),
        ],
        run(),
    ];
    check("lock busy", rows.concat());
}

#[test]
fn failures_back_off_until_a_request_or_a_success() {
    let rows = [
        opened(),
        failed_run(Failure::Offline, &[Wait(1_000)], Failed),
        vec![row(Event::RetryTimerFired, &[Start], Failed)],
        failed_run(Failure::Other, &[Wait(2_000)], Failed),
        vec![row(Event::Wrote, &[CancelWait, Start], Failed)],
        failed_run(Failure::Offline, &[Wait(4_000)], Failed),
        vec![row(Event::Online, &[CancelWait, Start], Failed)],
        run(),
        vec![row(Event::Tick, &[Start], Idle)],
        // The success reset the back-off.
        failed_run(Failure::Other, &[Wait(1_000)], Failed),
    ];
    check("back-off", rows.concat());
}

#[test]
fn a_failure_with_a_request_waiting_runs_again_at_once() {
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Wrote, &[], Syncing),
            row(Event::Failed(Failure::Offline), &[], Failed),
            row(Event::Released, &[Start], Failed),
        ],
        failed_run(Failure::Offline, &[Wait(2_000)], Failed),
    ];
    check("failure and again", rows.concat());
}

#[test]
fn a_server_on_another_protocol_makes_the_page_outdated() {
    let rows = [
        opened(),
        failed_run(Failure::ProtocolMismatch, &[], Outdated),
    ];
    check("protocol", rows.concat());
}

#[test]
fn an_account_change_forgets_the_rows_and_drops_older_pulls() {
    let next_pull = Command::Step(Step::Pull(Ticket(2)));
    let rows = [
        opened(),
        vec![
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::AccountChanged, &[ForgetPulled], Syncing),
            row(Event::Uploaded, &[PUSH], Syncing),
            row(NOTHING_TO_PUSH, &[PULL], Syncing),
            // The driver found the page's ticket no longer current and dropped the page.
            row(Event::NotPulled, &[], Idle),
            row(Event::Released, &[], Idle),
            row(Event::Forgotten, &[Start], Idle),
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Uploaded, &[PUSH], Syncing),
            row(NOTHING_TO_PUSH, &[next_pull], Syncing),
            row(LAST_PAGE, &[], Idle),
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
            row(Event::Visibility(false), &[], Idle),
            row(Event::Tick, &[], Idle),
            row(Event::Visibility(true), &[Start], Idle),
        ],
        run(),
        vec![row(Event::Tick, &[Start], Idle)],
    ];
    check("visibility", rows.concat());
}

#[test]
fn events_that_do_not_fit_the_run_change_nothing() {
    let rows = [
        vec![
            row(Event::Locked, &[], Loading),
            row(Event::Released, &[], Loading),
        ],
        opened(),
        vec![
            row(Event::Uploaded, &[], Idle),
            row(LAST_PAGE, &[], Idle),
            row(Event::Locked, &[UPLOAD], Syncing),
            row(Event::Locked, &[], Syncing),
            row(NOTHING_TO_PUSH, &[], Syncing),
            row(Event::Uploaded, &[PUSH], Syncing),
            row(Event::Failed(Failure::Other), &[Wait(1_000)], Failed),
            row(Event::Failed(Failure::Other), &[], Failed),
            row(Event::Released, &[], Failed),
            row(Event::Released, &[], Failed),
        ],
    ];
    check("stray events", rows.concat());
}
