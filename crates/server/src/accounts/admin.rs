//! `linli-server create-admin`: the first administrator of a new installation. With
//! `--community`, a community's admin (the community is created if it does not exist
//! yet); without it, a street admin (街道管理员) of `--street-office`, who then creates the
//! communities and their admins in the app.

use anyhow::{Context, bail};
use linli_core::account::{Address, CreateAccountRequest, Role};

use super::db::{self as accounts, NewUser};
use crate::auth;
use crate::config::CreateAdminArgs;
use crate::db::{self, Pool};

/// Creates the administrator, and their community if it does not exist yet. A new
/// community still needs what the features set up (`features::setup`).
pub async fn create_admin(pool: &Pool, args: &CreateAdminArgs) -> anyhow::Result<Role> {
    let role = match args.community {
        Some(_) => Role::Admin,
        None => Role::StreetAdmin,
    };
    let req = CreateAccountRequest {
        phone: args.phone.clone(),
        display_name: args.name.clone(),
        password: Some(args.password.clone()),
        // Checked as an admin: a street admin is refused in community forms only.
        role: Role::Admin,
        address: Address::default(),
    }
    .validated()
    .map_err(|invalid| {
        let problems: Vec<_> = invalid.fields.into_iter().map(|f| f.message).collect();
        anyhow::anyhow!(problems.join("；"))
    })?;
    let street_office = args.street_office.trim();
    if street_office.is_empty() {
        bail!("请填写街道（--street-office）");
    }
    let mut conn = pool.acquire().await?;
    if accounts::phone_taken(&mut conn, &req.phone).await? {
        bail!("手机号 {} 已经注册过了", req.phone);
    }
    drop(conn);
    let community = match &args.community {
        Some(name) => Some(
            db::communities::ensure(pool, name.trim(), street_office)
                .await
                .context("creating the community")?,
        ),
        None => None,
    };
    let hash = auth::hash_password(req.password.unwrap_or_default()).await?;
    let mut tx = db::begin_write(pool).await?;
    let user = NewUser {
        community_id: community.as_deref(),
        street_office: Some(street_office),
        phone: &req.phone,
        display_name: &req.display_name,
        password_hash: Some(&hash),
        role,
        address: &req.address,
        created_by: None,
        verified: true,
        representative: false,
        at: db::now_ms(),
    };
    accounts::insert(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(role)
}
