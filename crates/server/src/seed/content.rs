//! The demo community's notices (`notices.json`) and service directory
//! (`services.json`), published and saved by staff as on a device.

use linli_core::Millis;
use linli_core::directory::{self, SaveArgs, ServiceContent};
use linli_core::notice::{self, Category, Importance, PublishArgs};
use serde::Deserialize;

use super::replay::{Replayer, Step};
use super::{DAY_MS, building, demo_id, parse};
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
            let args = publish_args(&mut conn, &community, id, n, published_at).await?;
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
        body: n.body,
        pinned: n.pinned,
        audience,
        expires_at: n.expires_in_days.map(|d| published_at + d * DAY_MS),
        call_after_hours: n.call_after_hours,
    })
}
