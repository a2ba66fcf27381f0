//! The audit log: every change to accounts, roles, buildings, grids, categories and
//! time-bank adjustments, with who made it, when, and what it was before and after.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Millis;

/// What was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuditAction {
    #[serde(rename = "community.create")]
    CommunityCreate,
    #[serde(rename = "community.edit")]
    CommunityEdit,
    #[serde(rename = "account.create")]
    AccountCreate,
    #[serde(rename = "account.import")]
    AccountImport,
    #[serde(rename = "account.role")]
    AccountRole,
    #[serde(rename = "account.representative")]
    AccountRepresentative,
    #[serde(rename = "account.address")]
    AccountAddress,
    #[serde(rename = "account.phone")]
    AccountPhone,
    #[serde(rename = "account.disable")]
    AccountDisable,
    #[serde(rename = "account.enable")]
    AccountEnable,
    #[serde(rename = "account.verify")]
    AccountVerify,
    #[serde(rename = "account.reset_code")]
    AccountResetCode,
    #[serde(rename = "account.contact")]
    AccountContact,
    #[serde(rename = "building.add")]
    BuildingAdd,
    #[serde(rename = "building.edit")]
    BuildingEdit,
    #[serde(rename = "building.retire")]
    BuildingRetire,
    #[serde(rename = "grid.create")]
    GridCreate,
    #[serde(rename = "grid.edit")]
    GridEdit,
    #[serde(rename = "grid.delete")]
    GridDelete,
    #[serde(rename = "category.save")]
    CategorySave,
    #[serde(rename = "hours.adjust")]
    HoursAdjust,
    /// Staff other than its 网格员 read a household's whole record (一户一表).
    #[serde(rename = "care.read")]
    CareRead,
    /// A household written from a spreadsheet (一户一表).
    #[serde(rename = "care.import")]
    CareImport,
    /// Staff downloaded whole records beyond one grid (一户一表).
    #[serde(rename = "care.export")]
    CareExport,
    /// Staff paid a neighbour's help from the community's 互助池.
    #[serde(rename = "aid.pool_pay")]
    AidPoolPay,
    /// The community's floors of 互助 balances changed.
    #[serde(rename = "aid.floors")]
    AidFloors,
}

impl AuditAction {
    pub const ALL: [AuditAction; 26] = [
        AuditAction::CommunityCreate,
        AuditAction::CommunityEdit,
        AuditAction::AccountCreate,
        AuditAction::AccountImport,
        AuditAction::AccountRole,
        AuditAction::AccountRepresentative,
        AuditAction::AccountAddress,
        AuditAction::AccountPhone,
        AuditAction::AccountDisable,
        AuditAction::AccountEnable,
        AuditAction::AccountVerify,
        AuditAction::AccountResetCode,
        AuditAction::AccountContact,
        AuditAction::BuildingAdd,
        AuditAction::BuildingEdit,
        AuditAction::BuildingRetire,
        AuditAction::GridCreate,
        AuditAction::GridEdit,
        AuditAction::GridDelete,
        AuditAction::CategorySave,
        AuditAction::HoursAdjust,
        AuditAction::CareRead,
        AuditAction::CareImport,
        AuditAction::CareExport,
        AuditAction::AidPoolPay,
        AuditAction::AidFloors,
    ];

    /// The stored and wire name, "account.role".
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::CommunityCreate => "community.create",
            AuditAction::CommunityEdit => "community.edit",
            AuditAction::AccountCreate => "account.create",
            AuditAction::AccountImport => "account.import",
            AuditAction::AccountRole => "account.role",
            AuditAction::AccountRepresentative => "account.representative",
            AuditAction::AccountAddress => "account.address",
            AuditAction::AccountPhone => "account.phone",
            AuditAction::AccountDisable => "account.disable",
            AuditAction::AccountEnable => "account.enable",
            AuditAction::AccountVerify => "account.verify",
            AuditAction::AccountResetCode => "account.reset_code",
            AuditAction::AccountContact => "account.contact",
            AuditAction::BuildingAdd => "building.add",
            AuditAction::BuildingEdit => "building.edit",
            AuditAction::BuildingRetire => "building.retire",
            AuditAction::GridCreate => "grid.create",
            AuditAction::GridEdit => "grid.edit",
            AuditAction::GridDelete => "grid.delete",
            AuditAction::CategorySave => "category.save",
            AuditAction::HoursAdjust => "hours.adjust",
            AuditAction::CareRead => "care.read",
            AuditAction::CareImport => "care.import",
            AuditAction::CareExport => "care.export",
            AuditAction::AidPoolPay => "aid.pool_pay",
            AuditAction::AidFloors => "aid.floors",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// In the words of the log's reader.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::CommunityCreate => "新建社区",
            AuditAction::CommunityEdit => "修改社区信息",
            AuditAction::AccountCreate => "新建账号",
            AuditAction::AccountImport => "导入居民",
            AuditAction::AccountRole => "修改角色",
            AuditAction::AccountRepresentative => "设定居民代表",
            AuditAction::AccountAddress => "修改住址",
            AuditAction::AccountPhone => "修改手机号",
            AuditAction::AccountDisable => "停用账号",
            AuditAction::AccountEnable => "恢复账号",
            AuditAction::AccountVerify => "核实居民",
            AuditAction::AccountResetCode => "发放重设密码验证码",
            AuditAction::AccountContact => "公布联系方式",
            AuditAction::BuildingAdd => "添加楼栋",
            AuditAction::BuildingEdit => "修改楼栋",
            AuditAction::BuildingRetire => "撤销楼栋",
            AuditAction::GridCreate => "新建网格",
            AuditAction::GridEdit => "修改网格",
            AuditAction::GridDelete => "删除网格",
            AuditAction::CategorySave => "修改说事类别",
            AuditAction::HoursAdjust => "调整时间银行",
            AuditAction::CareRead => "查看一户一表",
            AuditAction::CareImport => "导入一户一表",
            AuditAction::CareExport => "导出一户一表",
            AuditAction::AidPoolPay => "从社区互助池支付",
            AuditAction::AidFloors => "修改互助最低余额",
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub at: Millis,
    /// `None` for a change of the street office itself (a new community's is its own).
    pub community_id: Option<String>,
    pub actor_id: String,
    pub actor_name: String,
    pub action: AuditAction,
    /// What was changed: an account, a building, a grid… by id, and in words.
    pub target_id: String,
    pub target_label: String,
    /// The changed parts before and after, as JSON; `None` for what did not exist.
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// `GET /api/admin/audit`: every part optional; dates are China-time days
/// ("2026-11-01"), both included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[serde(default)]
    pub action: Option<String>,
    /// The actor's account id.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// For a street admin: one of their communities.
    #[serde(default)]
    pub community_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_names() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            let json = serde_json::to_value(action).unwrap();
            assert_eq!(json, action.as_str());
            assert!(!action.label().is_empty());
        }
    }
}
