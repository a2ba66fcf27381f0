//! Demo data for a realistic first run. The data is in `crates/server/seed/` (its
//! README describes each file); this module loads it and plays what the demo people
//! did through the same rules as devices ([`replay`]), at times relative to now, so
//! the demo always looks recent. Running it again adds nothing twice.

mod accounts;
mod aid;
mod care;
mod content;
mod deliberation;
mod replay;
mod reports;
mod signup;
mod volunteering;

use anyhow::Context;
use linli_core::Millis;
use linli_core::time::{china_time_inputs, parse_china_time};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::db::{self, Conn, Pool};
pub use accounts::demo_accounts;
pub use aid::demo_aid;
pub use care::demo_care;
pub use content::demo_content;
pub use deliberation::demo_deliberation;
pub use reports::demo_reports;
pub use signup::demo_signup;
pub use volunteering::demo_volunteering;

/// The password of every demo account (printed in the README).
pub const DEMO_PASSWORD: &str = "linli2026";

const MINUTE_MS: Millis = 60_000;
const HOUR_MS: Millis = 60 * MINUTE_MS;
const DAY_MS: Millis = 24 * HOUR_MS;

/// Everything for a realistic first run: communities, accounts, notices, the directory,
/// volunteering, 居民说事, 一户一表, 议事协商, 互助, 报名.
pub async fn demo(pool: &Pool) -> anyhow::Result<()> {
    demo_accounts(pool).await?;
    demo_content(pool).await?;
    demo_volunteering(pool).await?;
    demo_reports(pool).await?;
    demo_care(pool).await?;
    demo_deliberation(pool).await?;
    demo_aid(pool).await?;
    demo_signup(pool).await?;
    tracing::info!("demo data ready");
    Ok(())
}

/// A stable id for demo content, so seeding again finds what it added.
fn demo_id(kind: &str, key: &str) -> String {
    format!(
        "demo-{kind}-{}",
        &hex::encode(Sha256::digest(key.as_bytes()))[..16]
    )
}

/// One of the data files, read; `name` names it in errors.
fn parse<T: DeserializeOwned>(name: &str, json: &str) -> anyhow::Result<T> {
    serde_json::from_str(json).with_context(|| format!("demo data {name}"))
}

/// The id of a building of the community named in the data.
async fn building(conn: &mut Conn, community_id: &str, name: &str) -> anyhow::Result<String> {
    db::communities::building_id(conn, community_id, name)
        .await
        .with_context(|| format!("building {name}"))
}

/// A length of time in the data: `{"days": 1, "hours": 2}`.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Span {
    days: i64,
    hours: i64,
    minutes: i64,
}

impl Span {
    fn ms(self) -> Millis {
        self.days * DAY_MS + self.hours * HOUR_MS + self.minutes * MINUTE_MS
    }
}

/// A day relative to today (negative: before) and a time of day, in the data:
/// `{"day": -8, "at": "15:00"}`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct When {
    day: i64,
    at: String,
}

impl When {
    /// The moment it names, counted from `now`.
    fn on(&self, now: Millis) -> anyhow::Result<Millis> {
        on_day(now, self.day, &self.at)
    }
}

/// The moment `days` from today (negative: before) at `at` ("09:30"), China time.
fn on_day(now: Millis, days: i64, at: &str) -> anyhow::Result<Millis> {
    let (today, _) = china_time_inputs(now);
    let start = parse_china_time(&today, at).with_context(|| format!("time of day {at:?}"))?;
    Ok(start + days * DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_are_china_time() {
        // 07:30 in China is still the day before in UTC.
        let early = parse_china_time("2026-11-23", "07:30").unwrap();
        assert_eq!(
            on_day(early, 1, "07:00").unwrap(),
            parse_china_time("2026-11-24", "07:00").unwrap()
        );
        assert_eq!(
            on_day(early, -12, "14:30").unwrap(),
            parse_china_time("2026-11-11", "14:30").unwrap()
        );
        assert!(on_day(early, 0, "半夜").is_err());
        let span: Span = serde_json::from_str(r#"{"days": 1, "hours": 2}"#).unwrap();
        assert_eq!(span.ms(), 26 * HOUR_MS);
        assert!(serde_json::from_str::<Span>(r#"{"weeks": 1}"#).is_err());
    }
}
