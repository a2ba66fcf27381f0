//! The demo community's notices (`notices.json`) and service directory
//! (`services.json`), published and saved by staff as on a device.

use anyhow::Context;
use linli_core::Millis;
use linli_core::directory::{self, SaveArgs, ServiceContent};
use linli_core::notice::{self, Category, Importance, PublishArgs};
use linli_core::time::china_time_inputs;
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{DAY_MS, building, demo_id, on_day, parse};
use crate::db::{Conn, Pool};

/// The demo community's service directory (一站式服务), as staff would write it.
const SERVICES_JSON: &str = include_str!("../../seed/services.json");
/// Recent notices of the demo community.
const NOTICES_JSON: &str = include_str!("../../seed/notices.json");

/// Items written by one staff member (`by`, a phone).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Services {
    by: String,
    services: Vec<ServiceContent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Notices {
    by: String,
    notices: Vec<DemoNotice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoNotice {
    category: Category,
    importance: Importance,
    title: String,
    body: String,
    pinned: bool,
    audience_buildings: Option<Vec<String>>,
    days_ago: i64,
    expires_in_days: Option<i64>,
    #[serde(default)]
    call_after_hours: Option<u32>,
}

/// Adds the demo directory and notices where they are missing. Existing ones are
/// left alone: staff may have edited or withdrawn them.
pub async fn demo_content(pool: &Pool) -> anyhow::Result<()> {
    let mut replayer = Replayer::new(pool);
    let services: Services = parse("services.json", SERVICES_JSON)?;
    let notices: Notices = parse("notices.json", NOTICES_JSON)?;
    let community = replayer.user(&notices.by).await?.community_id;
    let mut conn = pool.acquire().await?;
    let mut steps = Vec::new();
    for content in services.services {
        let id = demo_id("service", &content.name);
        if crate::directory::db::community_of(&mut conn, &id)
            .await?
            .is_none()
        {
            let key = format!("service {}", content.name);
            let args = SaveArgs { id, content };
            steps.push(Step::new(
                key,
                &services.by,
                replayer.now,
                directory::SAVE,
                args,
            )?);
        }
    }
    for n in notices.notices {
        let id = demo_id("notice", &n.title);
        if crate::notices::db::status(&mut conn, &id).await?.is_none() {
            let key = format!("notice {}", n.title);
            let published_at = replayer.now - n.days_ago * DAY_MS;
            let args =
                publish_args(&mut conn, &community, id, n, published_at, replayer.now).await?;
            steps.push(Step::new(
                key,
                &notices.by,
                published_at,
                notice::PUBLISH,
                args,
            )?);
        }
    }
    drop(conn);
    replayer.replay(steps).await
}

/// What staff send to publish a demo notice at `published_at`.
async fn publish_args(
    conn: &mut Conn,
    community: &str,
    id: String,
    n: DemoNotice,
    published_at: Millis,
    now: Millis,
) -> anyhow::Result<PublishArgs> {
    let audience = match n.audience_buildings {
        Some(names) => {
            let mut ids = Vec::new();
            for name in names {
                ids.push(building(conn, community, &name).await?);
            }
            Some(ids)
        }
        None => None,
    };
    Ok(PublishArgs {
        id,
        category: n.category,
        importance: n.importance,
        title: n.title,
        body: dated(&n.body, now)?,
        pinned: n.pinned,
        audience,
        expires_at: n.expires_in_days.map(|d| published_at + d * DAY_MS),
        call_after_hours: n.call_after_hours,
    })
}

/// A notice's text with its days named as the sessions open for sign-up are: `{{date:5}}`
/// is the date five days from today ("12月7日"), `{{weekday:5}}` its weekday ("一").
fn dated(body: &str, now: Millis) -> anyhow::Result<String> {
    const WEEKDAYS: [&str; 7] = ["四", "五", "六", "日", "一", "二", "三"];
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .with_context(|| format!("an unclosed {{{{ in {body:?}"))?;
        let (kind, days) = rest[start + 2..start + end]
            .split_once(':')
            .with_context(|| format!("a date without a day in {body:?}"))?;
        let at = on_day(now, days.trim().parse()?, "12:00")?;
        let (date, _) = china_time_inputs(at);
        match kind {
            "date" => {
                let (_, month_day) = date.split_at(5);
                let (month, day) = month_day.split_once('-').unwrap_or_default();
                out.push_str(&format!(
                    "{}月{}日",
                    month.trim_start_matches('0'),
                    day.trim_start_matches('0')
                ));
            }
            "weekday" => {
                let days_since_epoch = (at + 8 * 60 * 60_000).div_euclid(DAY_MS);
                out.push_str(WEEKDAYS[days_since_epoch.rem_euclid(7) as usize]);
            }
            other => anyhow::bail!("{{{{{other}:…}}}} is neither a date nor a weekday"),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use linli_core::time::parse_china_time;

    use super::*;

    #[test]
    fn notices_name_the_days_of_their_sessions() {
        let now = parse_china_time("2026-11-20", "08:00").unwrap();
        assert_eq!(
            dated("{{date:4}}（周{{weekday:4}}）至{{date:11}}", now).unwrap(),
            "11月24日（周二）至12月1日"
        );
        assert_eq!(dated("没有日期", now).unwrap(), "没有日期");
        assert!(dated("{{date:x}}", now).is_err());
        assert!(dated("{{month:1}}", now).is_err());
    }
}
