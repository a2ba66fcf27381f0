//! A backup taken while the server runs, restored as the README says, is the same
//! database: every device pulls the same changes from it, and it takes new writes. On
//! SQLite through the online backup API (`sqlite3 … .backup`), on PostgreSQL through
//! `pg_dump -Fc` and `pg_restore`.

mod common;

use std::process::Command;

use common::{Person, RESIDENT, TestApp, WORKER, assert_applied, database, notice, on_postgres};
use linli_core::notice::{ACKNOWLEDGE, PUBLISH};
use linli_server::{AppState, db};
use serde_json::{Value, json};

/// Runs a command of the database's tools, failing the test with its error output.
fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("running {program}: {err}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Backs up the database at `url` while it is in use and restores the copy as a
/// database of its own; returns the copy's URL.
fn back_up_and_restore(url: &str) -> String {
    if on_postgres() {
        let dump = tempfile::NamedTempFile::new().unwrap();
        let dump = dump.path().to_str().unwrap();
        run("pg_dump", &["-Fc", "-d", url, "-f", dump]);
        let (server, name) = url.rsplit_once('/').unwrap();
        let restored = format!("{name}_restored");
        run(
            "psql",
            &[
                "-q",
                &format!("{server}/postgres"),
                "-c",
                &format!("CREATE DATABASE {restored}"),
            ],
        );
        let restored_url = format!("{server}/{restored}");
        run("pg_restore", &["--no-owner", "-d", &restored_url, dump]);
        restored_url
    } else {
        let file = url.strip_prefix("sqlite://").unwrap();
        let copy = format!("{file}.restored");
        run("sqlite3", &[file, &format!(".backup '{copy}'")]);
        format!("sqlite://{copy}")
    }
}

/// The rows of each collection a device pulls from cursor 0, with their versions.
async fn everything(app: &TestApp, person: &Person) -> Vec<Value> {
    let (mut changes, _) = app
        .pull_all(Some(&person.token), &person.device.client_id, None)
        .await;
    changes.sort_by(|a, b| {
        (a["collection"].as_str(), a["id"].as_str())
            .cmp(&(b["collection"].as_str(), b["id"].as_str()))
    });
    changes
}

#[tokio::test]
async fn a_backup_restores_to_the_same_database_which_takes_new_writes() {
    let (url, pool) = database().await;
    let app = TestApp::with_demo(pool).await;
    let mut staff = Person::login(&app, WORKER).await;
    let mut resident = Person::login(&app, RESIDENT).await;
    assert_applied(
        &staff
            .act(&app, PUBLISH, notice("n1", "停水通知", "normal", None))
            .await,
    );
    let ack = resident.device.mutation(
        ACKNOWLEDGE,
        json!({"notice_id": "n1", "user_id": resident.id}),
    );
    let acked = resident.send(&app, ack.clone()).await;
    assert_applied(&acked);
    let before = everything(&app, &resident).await;
    let version_before: i64 = common::count(&app, "SELECT value FROM sync_version").await;

    let restored_url = back_up_and_restore(&url);
    let pool = db::connect(&restored_url).await.unwrap();
    // The copy is at the newest schema already: migrating it does nothing.
    db::migrate(&pool).await.unwrap();
    let restored = TestApp {
        router: linli_server::app(AppState::local(pool.clone())),
        pool,
    };
    // The same sessions, the same changes at the same versions.
    assert_eq!(everything(&restored, &resident).await, before);
    assert_eq!(
        common::count(&restored, "SELECT value FROM sync_version").await,
        version_before
    );
    // A mutation processed before the backup, sent again, is answered from the record
    // and not applied twice; a new one is applied, at a later version.
    assert_eq!(resident.send(&restored, ack).await, acked);
    assert_eq!(
        common::count(&restored, "SELECT COUNT(*) FROM notice_acks").await,
        1
    );
    let outcome = staff
        .act(&restored, PUBLISH, notice("n2", "停电通知", "normal", None))
        .await;
    assert_applied(&outcome);
    let (changes, _) = restored
        .pull_all(Some(&resident.token), "new-phone", None)
        .await;
    let n2 = changes
        .iter()
        .find(|c| c["id"] == "n2")
        .expect("the new notice");
    assert!(n2["version"].as_i64().unwrap() > version_before);
}
