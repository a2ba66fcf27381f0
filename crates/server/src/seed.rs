//! Demo data for a realistic first run, and the first administrator.
//! Everything here is idempotent: running it again adds nothing twice.

use anyhow::{Context, bail};
use linli_core::account::{Address, CreateAccountRequest, Role};
use linli_core::directory::ServiceContent;
use linli_core::notice::{Category, Importance, PublishArgs};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::auth;
use crate::config::CreateAdminArgs;
use crate::db::{self, accounts::NewUser};

/// The password of every demo account (printed in the README).
pub const DEMO_PASSWORD: &str = "linli2026";

const STREET_OFFICE: &str = "金石街道";

/// Demo accounts: phone, name, role, community, building, unit, room.
const DEMO_ACCOUNTS: [(&str, &str, Role, &str, &str, &str, &str); 6] = [
    ("13800000001", "赵主任", Role::Admin, "金石社区", "", "", ""),
    (
        "13800000002",
        "钱晓燕",
        Role::CommunityWorker,
        "金石社区",
        "",
        "",
        "",
    ),
    (
        "13800000003",
        "孙建国",
        Role::GridWorker,
        "金石社区",
        "3栋",
        "",
        "",
    ),
    (
        "13800000004",
        "王秀兰",
        Role::Resident,
        "金石社区",
        "3栋",
        "2单元",
        "301",
    ),
    (
        "13800000005",
        "李志强",
        Role::Resident,
        "金石社区",
        "12栋",
        "1单元",
        "502",
    ),
    (
        "13800000006",
        "周桂芳",
        Role::Resident,
        "桂园社区",
        "7栋",
        "3单元",
        "203",
    ),
];

/// Everything for a realistic first run: communities, accounts, notices, the directory.
pub async fn demo(pool: &SqlitePool) -> anyhow::Result<()> {
    demo_accounts(pool).await?;
    demo_content(pool).await?;
    tracing::info!("demo data ready");
    Ok(())
}

/// The demo communities with their buildings, and one account of each role.
pub async fn demo_accounts(pool: &SqlitePool) -> anyhow::Result<()> {
    // 金石社区 has 54 residential buildings; 桂园社区 is a smaller neighbour in the same street office.
    for (name, buildings) in [("金石社区", 54), ("桂园社区", 36)] {
        let community = db::communities::ensure(pool, name, STREET_OFFICE).await?;
        for n in 1..=buildings {
            db::communities::ensure_building(pool, &community, &format!("{n}栋"), n).await?;
        }
    }
    for (phone, name, role, community, building, unit, room) in DEMO_ACCOUNTS {
        if db::accounts::phone_taken(pool, phone).await? {
            continue;
        }
        let community_id = db::communities::ensure(pool, community, STREET_OFFICE).await?;
        let building_id = if building.is_empty() {
            None
        } else {
            Some(db::communities::ensure_building(pool, &community_id, building, 0).await?)
        };
        let address = Address {
            building_id,
            unit: Some(unit.to_owned()),
            room: Some(room.to_owned()),
        }
        .normalized();
        let hash = auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
        db::accounts::insert(
            pool,
            &NewUser {
                community_id: &community_id,
                phone,
                display_name: name,
                password_hash: &hash,
                role,
                address: &address,
                created_by: None,
            },
        )
        .await?;
    }
    Ok(())
}

pub async fn create_admin(pool: &SqlitePool, args: &CreateAdminArgs) -> anyhow::Result<()> {
    let req = CreateAccountRequest {
        phone: args.phone.clone(),
        display_name: args.name.clone(),
        password: args.password.clone(),
        role: Role::Admin,
        address: Address::default(),
    }
    .validated()
    .map_err(|invalid| {
        let problems: Vec<_> = invalid.fields.into_iter().map(|f| f.message).collect();
        anyhow::anyhow!(problems.join("；"))
    })?;
    if db::accounts::phone_taken(pool, &req.phone).await? {
        bail!("手机号 {} 已经注册过了", req.phone);
    }
    let community = db::communities::ensure(pool, args.community.trim(), args.street_office.trim())
        .await
        .context("creating the community")?;
    let hash = auth::hash_password(req.password).await?;
    db::accounts::insert(
        pool,
        &NewUser {
            community_id: &community,
            phone: &req.phone,
            display_name: &req.display_name,
            password_hash: &hash,
            role: Role::Admin,
            address: &req.address,
            created_by: None,
        },
    )
    .await?;
    Ok(())
}

/// The demo community's service directory (一站式服务), as staff would write it.
const SERVICES_JSON: &str = include_str!("../seed/services.json");
/// Recent notices of the demo community.
const NOTICES_JSON: &str = include_str!("../seed/notices.json");

#[derive(serde::Deserialize)]
struct DemoNotice {
    category: Category,
    importance: Importance,
    title: String,
    body: String,
    pinned: bool,
    audience_buildings: Option<Vec<String>>,
    days_ago: i64,
    expires_in_days: Option<i64>,
}

/// A stable id for demo content, so seeding again finds what it added.
fn demo_id(kind: &str, key: &str) -> String {
    format!(
        "demo-{kind}-{}",
        &hex::encode(Sha256::digest(key.as_bytes()))[..16]
    )
}

/// Adds the demo directory and notices to 金石社区 where they are missing.
/// Existing rows are left alone: staff may have edited or withdrawn them.
pub async fn demo_content(pool: &SqlitePool) -> anyhow::Result<()> {
    let community = db::communities::ensure(pool, "金石社区", STREET_OFFICE).await?;
    let author: String = sqlx::query_scalar("SELECT id FROM users WHERE phone = ?")
        .bind(DEMO_ACCOUNTS[1].0)
        .fetch_one(pool)
        .await?;
    let services: Vec<ServiceContent> =
        serde_json::from_str(SERVICES_JSON).context("services.json")?;
    let mut tx = db::begin_write(pool).await?;
    for content in services {
        let content = content
            .validated()
            .map_err(|e| anyhow::anyhow!("services.json: {:?}", e.fields))?;
        let id = demo_id("service", &content.name);
        if db::services::community_of(&mut tx, &id).await?.is_none() {
            let keys = crate::directory::search_keys(&content);
            db::services::upsert(&mut tx, &id, &community, &content, &keys, None).await?;
        }
    }
    let notices: Vec<DemoNotice> = serde_json::from_str(NOTICES_JSON).context("notices.json")?;
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    for n in notices {
        let id = demo_id("notice", &n.title);
        if db::notices::status(&mut tx, &id).await?.is_some() {
            continue;
        }
        let audience = match n.audience_buildings {
            Some(names) => {
                let mut ids = Vec::new();
                for name in names {
                    ids.push(db::communities::building_id(&mut tx, &community, &name).await?);
                }
                Some(ids)
            }
            None => None,
        };
        let published_at = db::now_ms() - n.days_ago * DAY_MS;
        let args = PublishArgs {
            id,
            category: n.category,
            importance: n.importance,
            title: n.title,
            body: n.body,
            pinned: n.pinned,
            audience,
            expires_at: n.expires_in_days.map(|d| published_at + d * DAY_MS),
        }
        .validated()
        .map_err(|e| anyhow::anyhow!("notices.json: {:?}", e.fields))?;
        db::notices::upsert(&mut tx, &args, &community, &author, published_at).await?;
    }
    tx.commit().await?;
    Ok(())
}
