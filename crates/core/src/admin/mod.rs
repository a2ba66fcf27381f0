//! Running a community from an empty database: the street office creates communities
//! and their first admins; admins add buildings in bulk, group them into grids, appoint
//! staff, 物业 and 楼栋长, import residents from spreadsheets and keep an audit log; every
//! person reads 联系社区 (the `contacts` collection), also offline. Everything here but the
//! contacts arrives through REST routes that need a network; verifying a resident is a
//! mutation of the accounts feature, as it happens at a door.

mod audit;
mod community;
pub mod import;
mod people;
pub mod ranges;

use serde::{Deserialize, Serialize};

pub use audit::{AuditAction, AuditEntry, AuditQuery};
pub use community::{
    AddBuildingsRequest, AddedBuildings, BuildingChange, BuildingEdit, BuildingInfo,
    CommunityFigures, CommunityInfo, CommunitySummary, CreatedAdmin, GridInfo, GridRequest,
    NewAdmin, NewBuildings, NewCommunity,
};
pub use people::{
    AddressChange, CreatedAccount, DisabledChange, PeopleQuery, PersonRef, PersonStatus,
    PersonSummary, PhoneChange, RepresentativeChange, RoleChange,
};

use crate::account::Role;
use crate::sync::{Collection, Feature, Rules};

/// 联系社区: one row per viewer, whom to call and where to go.
pub const CONTACTS: &str = "contacts";
/// The id of the one row of [`CONTACTS`] each viewer has.
pub const CONTACTS_ROW: &str = "community";

pub const FEATURE: Feature = Feature {
    name: "admin",
    collections: &[Collection {
        name: CONTACTS,
        since_schema: 7,
    }],
    mutations: &[],
};

pub const RULES: Rules = &[];

/// 联系社区 as one viewer sees it: the office, the staff who published their duty, and the
/// people closest to the viewer's home. Kept on the device for when there is no network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub community_name: String,
    pub address: String,
    pub office_hours: String,
    /// 值班电话.
    pub duty_phone: String,
    /// Staff who published a duty, in the order of their roles (admin first).
    pub staff: Vec<StaffContact>,
    /// The 网格员 of the viewer's building's grid.
    pub grid_worker: Option<StaffContact>,
    /// The 楼栋长 of the viewer's building.
    pub building_head: Option<StaffContact>,
    /// The property company and its 24-hour line; `None` where the estate has none.
    pub property: Option<PropertyLine>,
}

/// Someone to call on the 联系社区 page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffContact {
    /// Their account (so that their own page finds their line). Lines kept on a device
    /// from before it was sent have none.
    #[serde(default)]
    pub account_id: String,
    pub name: String,
    pub role: Role,
    /// What they do, in their words ("负责 1–10栋 网格"); may be empty.
    pub duty: String,
    /// Only when they chose to publish it.
    pub phone: Option<String>,
}

/// The property company (物业) of the community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertyLine {
    pub name: String,
    /// 24-hour line.
    pub phone: String,
}
