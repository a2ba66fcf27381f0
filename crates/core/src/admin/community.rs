//! Communities, buildings and grids as their administrators see and change them.

use serde::{Deserialize, Serialize};

use super::people::PersonRef;
use super::ranges::{
    MAX_BUILDING_NAME_CHARS, building_name, parse_building_names, parse_floors, parse_units,
};
use crate::account::{ResetCode, check_contact_phone};
use crate::community::Building;
use crate::validate::{Invalid, ascii_digit, required_text};

const MAX_COMMUNITY_NAME_CHARS: usize = 20;
const MAX_ADDRESS_CHARS: usize = 60;
const MAX_HOURS_CHARS: usize = 60;
const MAX_GRID_NAME_CHARS: usize = 20;

/// What the 联系社区 page says of the office and the property company. Blank parts are
/// simply not shown; phones given must be phones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityInfo {
    #[serde(default)]
    pub address: String,
    /// "周一至周五 8:30-12:00，14:00-17:30".
    #[serde(default)]
    pub office_hours: String,
    /// 值班电话.
    #[serde(default)]
    pub duty_phone: String,
    /// The property company; blank where the estate has none.
    #[serde(default)]
    pub property_name: String,
    /// Its 24-hour line.
    #[serde(default)]
    pub property_phone: String,
}

impl CommunityInfo {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        for part in [
            &mut self.address,
            &mut self.office_hours,
            &mut self.duty_phone,
            &mut self.property_name,
            &mut self.property_phone,
        ] {
            *part = part.trim().to_owned();
        }
        self.duty_phone = tidy_phone(&self.duty_phone);
        self.property_phone = tidy_phone(&self.property_phone);
        let mut invalid = Invalid::default();
        self.check(&mut invalid);
        invalid.finish().map(|()| self)
    }

    fn check(&self, invalid: &mut Invalid) {
        let limits = [
            ("address", "地址", &self.address, MAX_ADDRESS_CHARS),
            (
                "office_hours",
                "办公时间",
                &self.office_hours,
                MAX_HOURS_CHARS,
            ),
            (
                "property_name",
                "物业公司名称",
                &self.property_name,
                MAX_COMMUNITY_NAME_CHARS,
            ),
        ];
        for (field, label, value, max) in limits {
            crate::validate::optional_text(invalid, field, label, Some(value), max);
        }
        for (field, phone) in [
            ("duty_phone", &self.duty_phone),
            ("property_phone", &self.property_phone),
        ] {
            if !phone.is_empty() {
                check_contact_phone(invalid, field, phone);
            }
        }
        if self.property_name.is_empty() != self.property_phone.is_empty() {
            let field = if self.property_name.is_empty() {
                "property_name"
            } else {
                "property_phone"
            };
            invalid.add(field, "物业公司名称和 24 小时电话请一起填写");
        }
    }
}

/// A phone as typed, without spaces and with full-width digits as ASCII; its dashes
/// stay, as people read landlines ("027-8765-4321").
fn tidy_phone(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '－' { '-' } else { ascii_digit(c) })
        .collect()
}

/// `POST /api/street/communities` (and `PUT /api/street/communities/{id}`): a community
/// of the street admin's own street office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCommunity {
    pub name: String,
    #[serde(flatten)]
    pub info: CommunityInfo,
}

impl NewCommunity {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.name = self.name.trim().to_owned();
        let mut invalid = match self.info.clone().validated() {
            Ok(info) => {
                self.info = info;
                Invalid::default()
            }
            Err(invalid) => invalid,
        };
        required_text(
            &mut invalid,
            "name",
            "社区名称",
            &self.name,
            MAX_COMMUNITY_NAME_CHARS,
        );
        invalid.finish().map(|()| self)
    }
}

/// `POST /api/street/communities/{id}/admins`: a community's (first) admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAdmin {
    pub phone: String,
    pub display_name: String,
}

/// The admin created, with the one-time code they set their password with (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAdmin {
    pub id: String,
    pub phone: String,
    pub display_name: String,
    pub reset_code: ResetCode,
}

/// A community as its street office lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunitySummary {
    pub id: String,
    pub name: String,
    pub street_office: String,
    pub info: CommunityInfo,
    pub admins: Vec<PersonRef>,
}

/// One community's figures for its street office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityFigures {
    pub community_id: String,
    pub name: String,
    pub buildings: u32,
    /// Distinct flats (building, unit, room) residents gave.
    pub households: u32,
    /// Active resident accounts (楼栋长 included).
    pub residents: u32,
    /// Of them, still 待核实.
    pub waiting: u32,
    pub staff: u32,
    pub volunteers: u32,
    pub open_cases: u32,
    /// Open cases past their promised time.
    pub overdue_cases: u32,
}

/// `POST /api/admin/buildings`: "1–54栋", each with units ("1–3单元") and floors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddBuildingsRequest {
    pub names: String,
    #[serde(default)]
    pub units: String,
    #[serde(default)]
    pub floors: String,
}

/// What [`AddBuildingsRequest`] asks for, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBuildings {
    pub names: Vec<String>,
    pub units: Option<u32>,
    pub floors: Option<u32>,
}

impl AddBuildingsRequest {
    pub fn validated(&self) -> Result<NewBuildings, Invalid> {
        let mut invalid = Invalid::default();
        let names = parse_building_names(&self.names).unwrap_or_else(|e| {
            invalid.add("names", e);
            Vec::new()
        });
        let units = parse_units(&self.units).unwrap_or_else(|e| {
            invalid.add("units", e);
            None
        });
        let floors = parse_floors(&self.floors).unwrap_or_else(|e| {
            invalid.add("floors", e);
            None
        });
        invalid.finish().map(|()| NewBuildings {
            names,
            units,
            floors,
        })
    }
}

/// What `POST /api/admin/buildings` did: buildings added (or brought back from
/// retirement), and names that were there already and were left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddedBuildings {
    pub added: Vec<Building>,
    pub skipped: Vec<String>,
}

/// `PATCH /api/admin/buildings/{id}`: a new name, units or floors; what is left out
/// stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingChange {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub units: Option<String>,
    #[serde(default)]
    pub floors: Option<String>,
}

/// [`BuildingChange`], read: each part `None` when it stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingEdit {
    pub name: Option<String>,
    pub units: Option<Option<u32>>,
    pub floors: Option<Option<u32>>,
}

impl BuildingChange {
    pub fn validated(&self) -> Result<BuildingEdit, Invalid> {
        let mut invalid = Invalid::default();
        let name = self.name.as_deref().map(building_name);
        if let Some(name) = &name {
            required_text(
                &mut invalid,
                "name",
                "楼栋名称",
                name,
                MAX_BUILDING_NAME_CHARS,
            );
        }
        let units = self.units.as_deref().map(|u| {
            parse_units(u).unwrap_or_else(|e| {
                invalid.add("units", e);
                None
            })
        });
        let floors = self.floors.as_deref().map(|f| {
            parse_floors(f).unwrap_or_else(|e| {
                invalid.add("floors", e);
                None
            })
        });
        invalid.finish().map(|()| BuildingEdit {
            name,
            units,
            floors,
        })
    }
}

/// A building as its administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingInfo {
    pub id: String,
    pub name: String,
    pub units: Option<u32>,
    pub floors: Option<u32>,
    pub grid: Option<PersonRef>,
    /// Active accounts living there.
    pub residents: u32,
    pub building_head: Option<PersonRef>,
    pub retired: bool,
}

/// `POST /api/admin/grids` and `PUT /api/admin/grids/{id}`: a grid whole, with its
/// 网格员 (or none yet) and its buildings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridRequest {
    pub name: String,
    #[serde(default)]
    pub worker_id: Option<String>,
    #[serde(default)]
    pub building_ids: Vec<String>,
}

impl GridRequest {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.name = self.name.trim().to_owned();
        let mut invalid = Invalid::default();
        required_text(
            &mut invalid,
            "name",
            "网格名称",
            &self.name,
            MAX_GRID_NAME_CHARS,
        );
        let mut seen = Vec::new();
        self.building_ids.retain(|b| {
            let new = !seen.contains(b);
            seen.push(b.clone());
            new
        });
        invalid.finish().map(|()| self)
    }
}

/// A grid as its administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridInfo {
    pub id: String,
    pub name: String,
    pub worker: Option<PersonRef>,
    pub buildings: Vec<Building>,
    /// Distinct flats residents of its buildings gave (a grid is 200–300 households).
    pub households: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_info_is_tidied_and_checked() {
        let info = CommunityInfo {
            address: " 金石路 88 号 ".into(),
            office_hours: "周一至周五 8:30-17:30".into(),
            duty_phone: "027-8765 4321".into(),
            property_name: "金石物业".into(),
            property_phone: "400-800-1234".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(info.address, "金石路 88 号");
        assert_eq!(info.duty_phone, "027-87654321");
        let err = CommunityInfo {
            duty_phone: "call us".into(),
            property_name: "金石物业".into(),
            ..CommunityInfo::default()
        }
        .validated()
        .unwrap_err();
        assert!(
            err.has("duty_phone") && err.has("property_phone"),
            "{err:?}"
        );
        let err = NewCommunity {
            name: " ".into(),
            info: CommunityInfo::default(),
        }
        .validated()
        .unwrap_err();
        assert!(err.has("name"));
    }

    #[test]
    fn bulk_buildings_name_each_bad_field() {
        let ok = AddBuildingsRequest {
            names: "1–3栋".into(),
            units: "1-2单元".into(),
            floors: "6".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(ok.names, ["1栋", "2栋", "3栋"]);
        assert_eq!((ok.units, ok.floors), (Some(2), Some(6)));
        let err = AddBuildingsRequest {
            names: "3-1栋".into(),
            units: "2-3单元".into(),
            floors: "高".into(),
        }
        .validated()
        .unwrap_err();
        assert!(err.has("names") && err.has("units") && err.has("floors"));
        let edit = BuildingChange {
            name: Some("12号楼".into()),
            ..BuildingChange::default()
        }
        .validated()
        .unwrap();
        assert_eq!(edit.name.as_deref(), Some("12栋"));
        assert_eq!((edit.units, edit.floors), (None, None));
    }

    #[test]
    fn a_grid_lists_each_building_once() {
        let grid = GridRequest {
            name: " 第一网格 ".into(),
            worker_id: None,
            building_ids: vec!["b1".into(), "b2".into(), "b1".into()],
        }
        .validated()
        .unwrap();
        assert_eq!(grid.name, "第一网格");
        assert_eq!(grid.building_ids, ["b1", "b2"]);
    }
}
