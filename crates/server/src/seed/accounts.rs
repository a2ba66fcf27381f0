//! The demo communities with their buildings and accounts (`accounts.json`), created
//! as the account code creates them: there is no mutation for accounts.

use anyhow::Context;
use linli_core::account::{Address, CreateAccountRequest, Role};
use serde::Deserialize;

use super::{DEMO_PASSWORD, building, parse};
use crate::accounts::db::{self as accounts, NewUser};
use crate::auth;
use crate::db::{self, Pool};
use crate::features;
use crate::sync::apply::Rejection;

const ACCOUNTS_JSON: &str = include_str!("../../seed/accounts.json");

/// A community of the demo street office: buildings "1栋" to "{buildings}栋".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCommunity {
    name: String,
    street_office: String,
    buildings: i64,
    accounts: Vec<DemoAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    phone: String,
    name: String,
    role: Role,
    building: Option<String>,
    unit: Option<String>,
    room: Option<String>,
}

/// The demo communities with their buildings, and one account of each role.
pub async fn demo_accounts(pool: &Pool) -> anyhow::Result<()> {
    let communities: Vec<DemoCommunity> = parse("accounts.json", ACCOUNTS_JSON)?;
    let mut ids = Vec::new();
    for c in &communities {
        let community = db::communities::ensure(pool, &c.name, &c.street_office).await?;
        for n in 1..=c.buildings {
            db::communities::ensure_building(pool, &community, &format!("{n}栋"), n).await?;
        }
        ids.push(community);
    }
    features::setup(pool).await?;
    for (c, community) in communities.iter().zip(&ids) {
        for account in &c.accounts {
            if !accounts::phone_taken(pool, &account.phone).await? {
                create(pool, community, account)
                    .await
                    .with_context(|| format!("demo account {}", account.phone))?;
            }
        }
    }
    Ok(())
}

/// Creates a demo account, checked as staff creating it would be.
async fn create(pool: &Pool, community_id: &str, a: &DemoAccount) -> anyhow::Result<()> {
    let building_id = match &a.building {
        Some(name) => {
            let mut conn = pool.acquire().await?;
            Some(building(&mut conn, community_id, name).await?)
        }
        None => None,
    };
    let req = CreateAccountRequest {
        phone: a.phone.clone(),
        display_name: a.name.clone(),
        password: DEMO_PASSWORD.to_owned(),
        role: a.role,
        address: Address {
            building_id,
            unit: a.unit.clone(),
            room: a.room.clone(),
        },
    }
    .validated()
    .map_err(|invalid| anyhow::anyhow!(Rejection::from(invalid).reason))?;
    let hash = auth::hash_password(req.password).await?;
    accounts::insert(
        pool,
        &NewUser {
            community_id,
            phone: &req.phone,
            display_name: &req.display_name,
            password_hash: &hash,
            role: req.role,
            address: &req.address,
            created_by: None,
        },
    )
    .await?;
    Ok(())
}
