//! The demo street office and its communities (`accounts.json`): the street admin, each
//! community's information, buildings, accounts of every role (some residents still
//! waiting to be verified) and grids, created as the account code creates them: there
//! is no mutation for accounts.

use anyhow::Context;
use linli_core::account::{Address, CreateAccountRequest, PublishContactRequest, Role};
use linli_core::admin::CommunityInfo;
use linli_core::admin::ranges::parse_building_names;
use serde::Deserialize;

use super::{DEMO_PASSWORD, building, parse};
use crate::accounts::db::{self as accounts, NewUser};
use crate::admin::db::{buildings, grids, street};
use crate::auth;
use crate::db::{self, Conn, Pool};
use crate::features;
use crate::sync::apply::Rejection;

const ACCOUNTS_JSON: &str = include_str!("../../seed/accounts.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    street_admins: Vec<DemoStreetAdmin>,
    communities: Vec<DemoCommunity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStreetAdmin {
    phone: String,
    name: String,
    street_office: String,
}

/// A community of the demo street office: buildings "1栋" to "{buildings}栋", each of
/// `units` units and `floors` floors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCommunity {
    name: String,
    street_office: String,
    buildings: i64,
    units: u32,
    floors: u32,
    info: CommunityInfo,
    accounts: Vec<DemoAccount>,
    grids: Vec<DemoGrid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DemoAccount {
    phone: String,
    name: String,
    role: Role,
    building: Option<String>,
    unit: Option<String>,
    room: Option<String>,
    /// Registered themselves and not yet verified (待核实).
    #[serde(default)]
    waiting: bool,
    /// 居民代表.
    #[serde(default)]
    representative: bool,
    /// What 联系社区 shows of them, and whether with their phone.
    duty: Option<String>,
    #[serde(default)]
    published_phone: bool,
}

/// A grid: its name, its 网格员 (a phone, or none yet) and its buildings ("1-10栋").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoGrid {
    name: String,
    worker: Option<String>,
    buildings: String,
}

/// The demo street office with its communities, their buildings and accounts.
pub async fn demo_accounts(pool: &Pool) -> anyhow::Result<()> {
    let demo: Demo = parse("accounts.json", ACCOUNTS_JSON)?;
    let mut ids = Vec::new();
    for c in &demo.communities {
        let community = db::communities::ensure(pool, &c.name, &c.street_office).await?;
        for n in 1..=c.buildings {
            db::communities::ensure_building(pool, &community, &format!("{n}栋"), n).await?;
        }
        let mut conn = pool.acquire().await?;
        buildings::size_unknown(&mut conn, &community, c.units, c.floors).await?;
        let info = c
            .info
            .clone()
            .validated()
            .map_err(|i| anyhow::anyhow!(Rejection::from(i).reason))?;
        street::set_info(&mut conn, &community, &info).await?;
        ids.push(community);
    }
    features::setup(pool).await?;
    for admin in &demo.street_admins {
        let account = DemoAccount {
            phone: admin.phone.clone(),
            name: admin.name.clone(),
            role: Role::StreetAdmin,
            building: None,
            unit: None,
            room: None,
            waiting: false,
            representative: false,
            duty: None,
            published_phone: false,
        };
        create(pool, None, Some(&admin.street_office), &account).await?;
    }
    for (c, community) in demo.communities.iter().zip(&ids) {
        for account in &c.accounts {
            create(pool, Some(community), None, account).await?;
        }
        let mut tx = db::begin_write(pool).await?;
        for grid in &c.grids {
            demo_grid(&mut tx, community, grid).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Creates a demo account unless its phone has one, checked as staff creating it would
/// be, with what 联系社区 shows of it.
pub(super) async fn create(
    pool: &Pool,
    community_id: Option<&str>,
    street_office: Option<&str>,
    a: &DemoAccount,
) -> anyhow::Result<()> {
    let mut tx = db::begin_write(pool).await?;
    if accounts::phone_taken(&mut tx, &a.phone).await? {
        return Ok(());
    }
    let what = || format!("demo account {}", a.phone);
    let building_id = match (&a.building, community_id) {
        (Some(name), Some(community)) => Some(building(&mut tx, community, name).await?),
        _ => None,
    };
    let checked = |invalid| anyhow::anyhow!(Rejection::from(invalid).reason);
    let req = CreateAccountRequest {
        phone: a.phone.clone(),
        display_name: a.name.clone(),
        password: Some(DEMO_PASSWORD.to_owned()),
        // A street admin is checked as an admin: the form for communities refuses them.
        role: if a.role == Role::StreetAdmin {
            Role::Admin
        } else {
            a.role
        },
        address: Address {
            building_id,
            unit: a.unit.clone(),
            room: a.room.clone(),
        },
    }
    .validated()
    .map_err(checked)
    .with_context(what)?;
    let hash = auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
    let user = NewUser {
        community_id,
        street_office,
        phone: &req.phone,
        display_name: &req.display_name,
        password_hash: Some(&hash),
        role: a.role,
        address: &req.address,
        created_by: None,
        verified: !a.waiting,
        representative: a.representative,
        at: db::now_ms(),
    };
    let id = accounts::insert(&mut tx, &user).await.with_context(what)?;
    if let Some(duty) = &a.duty {
        let contact = PublishContactRequest {
            duty: duty.clone(),
            phone: a.published_phone.then(|| a.phone.clone()),
        }
        .validated()
        .map_err(checked)?;
        accounts::set_contact(&mut tx, &id, &contact.duty, contact.phone.as_deref()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A demo grid, unless one of its name exists.
async fn demo_grid(tx: &mut Conn, community_id: &str, g: &DemoGrid) -> anyhow::Result<()> {
    if grids::list(tx, community_id)
        .await?
        .iter()
        .any(|x| x.name == g.name)
    {
        return Ok(());
    }
    let worker_id = match &g.worker {
        Some(phone) => Some(
            db::people::id_by_phone(tx, phone)
                .await?
                .with_context(|| format!("demo grid worker {phone}"))?,
        ),
        None => None,
    };
    let names = parse_building_names(&g.buildings).map_err(anyhow::Error::msg)?;
    let mut members = Vec::new();
    for name in &names {
        members.push(building(tx, community_id, name).await?);
    }
    let grid = grids::Grid {
        id: grids::new_grid_id(),
        name: g.name.clone(),
        worker_id,
    };
    grids::insert(tx, community_id, &grid, db::now_ms()).await?;
    grids::set_buildings(tx, &grid.id, &members).await?;
    Ok(())
}
