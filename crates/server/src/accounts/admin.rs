//! `linli-server create-admin`: the first administrator of a new installation.

use anyhow::{Context, bail};
use linli_core::account::{Address, CreateAccountRequest, Role};

use super::db::{self as accounts, NewUser};
use crate::auth;
use crate::config::CreateAdminArgs;
use crate::db::{self, Pool};

/// Creates the administrator, and their community if it does not exist yet. A new
/// community still needs what the features set up (`features::setup`).
pub async fn create_admin(pool: &Pool, args: &CreateAdminArgs) -> anyhow::Result<()> {
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
    if accounts::phone_taken(pool, &req.phone).await? {
        bail!("手机号 {} 已经注册过了", req.phone);
    }
    let community = db::communities::ensure(pool, args.community.trim(), args.street_office.trim())
        .await
        .context("creating the community")?;
    let hash = auth::hash_password(req.password).await?;
    accounts::insert(
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
