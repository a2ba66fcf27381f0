//! The replayer: each demo action is sent as the mutation a device would send, through
//! the same apply path as a push (`sync::apply_one`), with the clock set to when it
//! happened. A mutation's id comes from the action's key, so playing the data again is
//! answered from the record of what was processed and adds nothing twice. An action the
//! rules refuse stops the seeding, naming it: the demo data obeys the rules it shows.

use std::collections::HashMap;

use anyhow::Context;
use linli_core::Millis;
use linli_core::sync::{Mutation, Outcome};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::db::{self, Pool};
use crate::features::FEATURES;
use crate::sync::apply::Clock;
use crate::sync::apply_one;

/// The device id the demo actions are recorded under.
const CLIENT_ID: &str = "demo-data";

/// One thing a demo account does.
pub(super) struct Step {
    /// Names the action within the demo data, once and for good: its mutation id is
    /// derived from it.
    key: String,
    /// The demo account doing it, by phone.
    by: String,
    at: Millis,
    mutation: &'static str,
    args: serde_json::Value,
}

impl Step {
    pub fn new(
        key: impl Into<String>,
        by: &str,
        at: Millis,
        mutation: &'static str,
        args: impl Serialize,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            key: key.into(),
            by: by.to_owned(),
            at,
            mutation,
            args: serde_json::to_value(args)?,
        })
    }
}

/// The mutation id of the demo action with this key: a UUID (version 8) from its hash.
fn mutation_id(key: &str) -> Uuid {
    let digest = Sha256::digest(format!("{CLIENT_ID}:{key}").as_bytes());
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Plays demo actions on a database, as the demo accounts, at one moment taken as now.
pub(super) struct Replayer<'a> {
    pool: &'a Pool,
    pub now: Millis,
    people: HashMap<String, CurrentUser>,
}

impl<'a> Replayer<'a> {
    pub fn new(pool: &'a Pool) -> Self {
        Self {
            pool,
            now: db::now_ms(),
            people: HashMap::new(),
        }
    }

    /// A demo account as the logged-in user it acts as.
    pub async fn user(&mut self, phone: &str) -> anyhow::Result<CurrentUser> {
        if !self.people.contains_key(phone) {
            let account = db::people::account_by_phone(self.pool, phone)
                .await?
                .with_context(|| format!("demo account {phone}"))?;
            let user = CurrentUser::load(self.pool, account)
                .await?
                .with_context(|| format!("demo account {phone} has no community"))?;
            self.people.insert(phone.to_owned(), user);
        }
        Ok(self.people[phone].clone())
    }

    /// Whether the action with this key was processed before.
    pub async fn done(&self, key: &str) -> anyhow::Result<bool> {
        let mut conn = self.pool.acquire().await?;
        let id = mutation_id(key).to_string();
        Ok(db::sync::outcome(&mut conn, &id).await?.is_some())
    }

    /// Applies the steps in the order they happened (those at the same time in the
    /// order given), each in its own transaction as a push does.
    pub async fn replay(&mut self, mut steps: Vec<Step>) -> anyhow::Result<()> {
        steps.sort_by_key(|s| s.at);
        for step in steps {
            let what = format!(
                "demo action {} ({} by {})",
                step.key, step.mutation, step.by
            );
            anyhow::ensure!(step.at <= self.now, "{what} lies in the future");
            let user = self.user(&step.by).await?;
            let m = Mutation {
                client_id: CLIENT_ID.to_owned(),
                seq: 0,
                mutation_id: mutation_id(&step.key),
                name: step.mutation.to_owned(),
                args: step.args,
                created_at: step.at,
            };
            let outcome = apply_one(self.pool, FEATURES, &user, Clock::At(step.at), &m)
                .await
                .with_context(|| what.clone())?;
            if let Outcome::Rejected { reason, .. } = outcome {
                anyhow::bail!("{what} was refused: {reason}");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use linli_core::report::{self, ActArgs, Action, SubmitArgs};

    use super::*;

    const RESIDENT: &str = "13800000004";
    const STAFF: &str = "13800000002";

    fn steps(now: Millis) -> Vec<Step> {
        let case = SubmitArgs {
            id: "demo-test-case".to_owned(),
            category_id: "repair".to_owned(),
            description: "路灯不亮".to_owned(),
            building_id: None,
            unit: None,
            room: None,
            place: Some("小区北门".to_owned()),
            geo: None,
            photos: Vec::new(),
            anonymous: false,
            contact_phone: None,
            on_behalf: None,
        };
        let accept = ActArgs {
            report_id: case.id.clone(),
            action: Action::Accept,
            note: "收到".to_owned(),
        };
        vec![
            // Out of order: they are played in the order they happened.
            Step::new("accept", STAFF, now - 1000, report::ACT, accept).unwrap(),
            Step::new("file", RESIDENT, now - 2000, report::SUBMIT, case).unwrap(),
        ]
    }

    #[tokio::test]
    async fn steps_are_played_in_time_once_and_a_refusal_names_the_step() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("linli.db").display());
        let pool = crate::db::connect(&url).await.unwrap();
        crate::db::migrate(&pool).await.unwrap();
        super::super::demo_accounts(&pool).await.unwrap();
        let mut replayer = Replayer::new(&pool);
        let now = replayer.now;
        replayer.replay(steps(now)).await.unwrap();
        // Accepting again would be refused: played again, it is answered from the record.
        replayer.replay(steps(now)).await.unwrap();
        assert!(replayer.done("accept").await.unwrap());
        let events: i64 = crate::db::run!(&pool, |ex| sqlx::query_scalar(
            "SELECT COUNT(*) FROM report_events"
        )
        .fetch_one(ex)
        .await)
        .unwrap();
        assert_eq!(events, 2);

        let mut again = steps(now);
        again.truncate(1);
        again[0].key = "accept again".to_owned();
        let err = replayer.replay(again).await.unwrap_err().to_string();
        assert!(
            err.contains("accept again") && err.contains("已经受理了"),
            "{err}"
        );

        let mut later = steps(now);
        later[0].at = now + 60_000;
        let err = replayer.replay(later).await.unwrap_err().to_string();
        assert!(err.contains("in the future"), "{err}");
    }
}
