//! Demo data for a realistic first run, and the first administrator.
//! Everything here is idempotent: running it again adds nothing twice.

use anyhow::{Context, bail};
use linli_core::account::{Address, CreateAccountRequest, Role};
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

pub async fn demo(pool: &SqlitePool) -> anyhow::Result<()> {
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
    tracing::info!("demo data ready");
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
