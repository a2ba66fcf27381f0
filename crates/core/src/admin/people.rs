//! People as administrators list and change them: one request per kind of change, so
//! that each is checked against its own right.

use serde::{Deserialize, Serialize};

use crate::Millis;
use crate::account::{Address, ResetCode, Role, UserProfile, check_phone, normalize_phone};
use crate::validate::Invalid;

/// Someone named in an answer: enough to show and to pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

/// Where an account stands, for `GET /api/admin/people?status=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    /// 待核实: registered themselves, not yet confirmed.
    Waiting,
    /// Verified and not disabled.
    Active,
    Disabled,
}

/// `GET /api/admin/people`: every part optional. `q` finds a name or a phone by any
/// part of it; only accounts within the caller's reach are listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PeopleQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub building_id: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub status: Option<PersonStatus>,
    /// Only 居民代表.
    #[serde(default)]
    pub representative: Option<bool>,
}

/// An account as administrators list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: String,
    pub display_name: String,
    pub phone: String,
    pub role: Role,
    pub address: Address,
    pub building_name: Option<String>,
    pub verified: bool,
    pub representative: bool,
    pub disabled: bool,
    /// An imported or desk-created account has none until the person sets one.
    pub has_password: bool,
    /// What the 联系社区 page shows of a staff member.
    pub duty: String,
    pub published_phone: Option<String>,
    pub created_at: Millis,
}

/// The answer to creating an account: the account, and for one created without a
/// password the one-time code to hand over (shown this once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAccount {
    #[serde(flatten)]
    pub user: UserProfile,
    pub reset_code: Option<ResetCode>,
}

/// `PUT /api/admin/people/{id}/role`. A 楼栋长 heads the building they live in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleChange {
    pub role: Role,
}

/// `PUT /api/admin/people/{id}/representative`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepresentativeChange {
    pub representative: bool,
}

/// `PUT /api/admin/people/{id}/address`: a resident moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressChange {
    pub address: Address,
}

impl AddressChange {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.address = self.address.normalized();
        let mut invalid = Invalid::default();
        self.address.check(&mut invalid);
        invalid.finish().map(|()| self)
    }
}

/// `PUT /api/admin/people/{id}/phone`: a new number, which is also the log-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneChange {
    pub phone: String,
}

impl PhoneChange {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.phone = normalize_phone(&self.phone);
        let mut invalid = Invalid::default();
        check_phone(&mut invalid, &self.phone);
        invalid.finish().map(|()| self)
    }
}

/// `PUT /api/admin/people/{id}/disabled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisabledChange {
    pub disabled: bool,
}
