//! How many log-ins and registrations are let through. Each attempt is counted in the
//! database before its password is hashed, in one write transaction with the check, so a
//! burst of attempts is checked no more often than the limits allow, and every server
//! instance on the database counts the same attempts.
//!
//! - Per phone: four failures are free, then log-ins for it wait 30 s, doubling up to 15
//!   minutes ([`crate::auth::lockout_ms`]); failures are forgotten a day after the last.
//! - Per client address ([`ClientAddr`]): 20 failed log-ins at once, one forgiven a
//!   minute; 10 registrations at once, one forgiven every six minutes.
//! - Setting a password with a reset code from the desk is limited the same way, counted
//!   apart from log-ins (a guessed code locks no one out of logging in).

use linli_core::Millis;

use super::db as accounts;
use crate::auth;
use crate::client::ClientAddr;
use crate::db::limits::{self, Bucket};
use crate::db::{Pool, begin_write, now_ms};
use crate::error::{AppError, AppResult};

/// A phone's failures are forgotten this long after the last one.
pub const FAILURES_FORGOTTEN_MS: Millis = 24 * 60 * 60 * 1000;

/// Failed log-ins from one address.
const LOGINS_PER_ADDRESS: Bucket = Bucket {
    capacity: 20.0,
    drain_ms: 60 * 1000,
};

/// New accounts from one address.
const REGISTRATIONS_PER_ADDRESS: Bucket = Bucket {
    capacity: 10.0,
    drain_ms: 6 * 60 * 1000,
};

/// What is counted: log-ins, or passwords set with a reset code.
#[derive(Debug, Clone, Copy)]
pub enum Attempt {
    Login,
    Reset,
}

impl Attempt {
    /// The key a phone's failures are counted under.
    fn phone_key(self, phone: &str) -> String {
        match self {
            Attempt::Login => phone.to_owned(),
            Attempt::Reset => format!("reset:{phone}"),
        }
    }

    fn address_key(self, addr: &ClientAddr) -> String {
        match self {
            Attempt::Login => format!("login:{}", addr.key()),
            Attempt::Reset => format!("reset:{}", addr.key()),
        }
    }

    fn locked(self, minutes: i64) -> String {
        match self {
            Attempt::Login => {
                format!("密码错误次数太多，请 {minutes} 分钟后再试，或到社区服务站重置密码")
            }
            Attempt::Reset => format!("验证码错误次数太多，请 {minutes} 分钟后再试"),
        }
    }
}

fn address_refusal(wait_ms: Millis) -> AppError {
    AppError::too_many(
        |minutes| format!("这个网络尝试登录的次数太多，请 {minutes} 分钟后再试"),
        wait_ms,
    )
}

/// Counts an attempt as failed before the password (or code) is checked, or refuses it.
pub async fn before(
    pool: &Pool,
    attempt: Attempt,
    phone: &str,
    addr: &ClientAddr,
) -> AppResult<()> {
    let now = now_ms();
    let mut tx = begin_write(pool).await?;
    let forget_before = now - FAILURES_FORGOTTEN_MS;
    let key = attempt.phone_key(phone);
    if let Some(until) =
        accounts::count_login_attempt(&mut tx, &key, now, forget_before, auth::lockout_ms).await?
    {
        return Err(AppError::too_many(|m| attempt.locked(m), until - now));
    }
    let address = attempt.address_key(addr);
    if let Err(wait) = limits::take(&mut tx, &address, LOGINS_PER_ADDRESS, now).await? {
        // Dropped uncommitted: the phone's count is not kept either.
        return Err(address_refusal(wait));
    }
    tx.commit().await?;
    Ok(())
}

/// The password (or code) was right: the attempt counted in [`before`] was no failure.
pub async fn succeeded(
    pool: &Pool,
    attempt: Attempt,
    phone: &str,
    addr: &ClientAddr,
) -> AppResult<()> {
    let mut tx = begin_write(pool).await?;
    accounts::clear_login_failures(&mut tx, &attempt.phone_key(phone)).await?;
    let address = attempt.address_key(addr);
    limits::give_back(&mut tx, &address, LOGINS_PER_ADDRESS, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Counts a registration from `addr`, or refuses it.
pub async fn before_registration(pool: &Pool, addr: &ClientAddr) -> AppResult<()> {
    let mut tx = begin_write(pool).await?;
    let key = format!("register:{}", addr.key());
    match limits::take(&mut tx, &key, REGISTRATIONS_PER_ADDRESS, now_ms()).await? {
        Ok(()) => Ok(tx.commit().await?),
        Err(wait) => Err(AppError::too_many(
            |minutes| {
                format!("这个网络注册的账号太多，请 {minutes} 分钟后再试，或到社区服务站办理")
            },
            wait,
        )),
    }
}
