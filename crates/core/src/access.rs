//! Who may do what, and how far: the actions that need more than a resident's rights, one
//! table of the reach each role has for each of them, and how a refusal is worded. The
//! server checks every request and every mutation against this table; the app reads the
//! same table to show only what would be allowed.
//!
//! A reach is the scope of a right: a 楼栋长 verifies residents of their own building, a
//! 网格员 those of the buildings of their grid, a 社区工作者 anyone of the community. The
//! server compares the reach with the target of each request ([`Reach::covers`]).

use crate::account::{Role, UserProfile};

/// Something not every account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Publish, edit and withdraw notices (a 网格员 only notices for buildings of their grid).
    PublishNotices,
    /// Save items of the service directory (办事指南).
    EditDirectory,
    /// Publish and edit volunteer activities.
    PublishActivities,
    /// Create and change the shifts of an activity.
    ScheduleShifts,
    CancelShifts,
    /// Record that a confirmed volunteer did not come.
    MarkNoShows,
    /// Credit the hours of a volunteer who did not check out, and let one locked out by
    /// wrong check-in codes check in again.
    ConfirmHours,
    /// Correct a time-bank balance (never one's own, always with a note).
    AdjustHours,
    /// Act in someone else's name (代办): their volunteer profile, sign-ups and places.
    ActForResidents,
    /// File a 说事 case for a neighbour who phoned or came by (代办).
    FileCasesForResidents,
    /// Accept, work on, assign, resolve and close 说事 cases.
    HandleCases,
    /// Change the 说事 categories and their time limits.
    ManageCategories,
    /// Download rosters and hours as CSV files.
    ExportCsv,
    /// Keep residents' names, phones and addresses on a device.
    ReadResidents,
    /// See volunteers' emergency contacts.
    ReadEmergencyContacts,
    /// See who has not yet acknowledged an urgent notice.
    ViewAcks,
    /// Confirm that a self-registered resident lives where they say (实名核验).
    VerifyResidents,
    /// Create resident accounts for people who cannot register themselves.
    CreateResidents,
    /// Change a resident's name, building or phone.
    EditResidents,
    /// Hand out a one-time code at the desk with which someone sets a new password.
    IssueResetCodes,
    /// Mark residents as 居民代表.
    MarkRepresentatives,
    /// Import residents from a spreadsheet.
    ImportResidents,
    /// Create staff, 物业 and 楼栋长 accounts, change roles, publish staff contacts.
    ManageStaff,
    /// Disable an account (its sessions end at once) or enable it again.
    DisableAccounts,
    /// Add, rename and retire buildings (also from a spreadsheet).
    ManageBuildings,
    /// Create grids, group buildings into them, assign their 网格员.
    ManageGrids,
    /// Edit the community's address, office hours, duty phone and 物业 line.
    EditCommunityInfo,
    /// Publish one's own duty and phone on the 联系社区 page.
    PublishContact,
    /// Read the record of changes to accounts, buildings, grids, categories and hours.
    ViewAuditLog,
    /// Create and edit the communities of a street office.
    ManageCommunities,
    /// Create a community's first administrator.
    AppointCommunityAdmins,
    /// See figures across the communities of a street office.
    ViewStreetFigures,
}

/// How far a role's right to an action reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reach {
    /// Not at all.
    Nowhere,
    /// Only what is handed to the account (cases assigned to 物业, or to this 网格员).
    Assigned,
    /// The account's own building (a 楼栋长's).
    Building,
    /// The buildings of the grids the account works (a 网格员's).
    Grid,
    /// The account's whole community.
    Community,
    /// The communities of the account's street office (a 街道管理员's).
    Street,
}

use Reach::{
    Assigned as AS, Building as BU, Community as CO, Grid as GR, Nowhere as NO, Street as ST,
};

/// THE table: the reach of each role for each action. One row per action (in
/// [`Action::ALL`] order), one column per role in [`Role::ALL`] order:
/// 居民, 楼栋长, 物业, 网格员, 社区工作者, 管理员, 街道管理员.
const TABLE: [(Action, [Reach; 7]); 32] = [
    (Action::PublishNotices, [NO, NO, NO, GR, CO, CO, NO]),
    (Action::EditDirectory, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::PublishActivities, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ScheduleShifts, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::CancelShifts, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::MarkNoShows, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ConfirmHours, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::AdjustHours, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ActForResidents, [NO, NO, NO, GR, CO, CO, NO]),
    (Action::FileCasesForResidents, [NO, BU, NO, GR, CO, CO, NO]),
    (Action::HandleCases, [NO, NO, AS, GR, CO, CO, NO]),
    (Action::ManageCategories, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ExportCsv, [NO, NO, NO, GR, CO, CO, NO]),
    (Action::ReadResidents, [NO, BU, NO, GR, CO, CO, NO]),
    (Action::ReadEmergencyContacts, [NO, NO, NO, GR, CO, CO, NO]),
    (Action::ViewAcks, [NO, BU, NO, GR, CO, CO, NO]),
    (Action::VerifyResidents, [NO, BU, NO, GR, CO, CO, NO]),
    (Action::CreateResidents, [NO, NO, NO, GR, CO, CO, NO]),
    (Action::EditResidents, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::IssueResetCodes, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::MarkRepresentatives, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ImportResidents, [NO, NO, NO, NO, CO, CO, NO]),
    (Action::ManageStaff, [NO, NO, NO, NO, NO, CO, NO]),
    (Action::DisableAccounts, [NO, NO, NO, NO, NO, CO, NO]),
    (Action::ManageBuildings, [NO, NO, NO, NO, NO, CO, NO]),
    (Action::ManageGrids, [NO, NO, NO, NO, NO, CO, NO]),
    (Action::EditCommunityInfo, [NO, NO, NO, NO, NO, CO, NO]),
    (Action::PublishContact, [NO, BU, NO, GR, CO, CO, NO]),
    (Action::ViewAuditLog, [NO, NO, NO, NO, NO, CO, ST]),
    (Action::ManageCommunities, [NO, NO, NO, NO, NO, NO, ST]),
    (Action::AppointCommunityAdmins, [NO, NO, NO, NO, NO, NO, ST]),
    (Action::ViewStreetFigures, [NO, NO, NO, NO, NO, NO, ST]),
];

// The table has one row per action, in order.
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(TABLE[i].0 as usize == i && Action::ALL[i] as usize == i);
        i += 1;
    }
};

impl Action {
    /// Every action, for tools and tests.
    pub const ALL: [Action; 32] = [
        Action::PublishNotices,
        Action::EditDirectory,
        Action::PublishActivities,
        Action::ScheduleShifts,
        Action::CancelShifts,
        Action::MarkNoShows,
        Action::ConfirmHours,
        Action::AdjustHours,
        Action::ActForResidents,
        Action::FileCasesForResidents,
        Action::HandleCases,
        Action::ManageCategories,
        Action::ExportCsv,
        Action::ReadResidents,
        Action::ReadEmergencyContacts,
        Action::ViewAcks,
        Action::VerifyResidents,
        Action::CreateResidents,
        Action::EditResidents,
        Action::IssueResetCodes,
        Action::MarkRepresentatives,
        Action::ImportResidents,
        Action::ManageStaff,
        Action::DisableAccounts,
        Action::ManageBuildings,
        Action::ManageGrids,
        Action::EditCommunityInfo,
        Action::PublishContact,
        Action::ViewAuditLog,
        Action::ManageCommunities,
        Action::AppointCommunityAdmins,
        Action::ViewStreetFigures,
    ];

    /// What the person is told when their role may not do this at all.
    pub fn refusal(self) -> &'static str {
        match self {
            Action::PublishNotices => "只有社区工作人员可以发布通知",
            Action::EditDirectory => "只有社区工作者可以修改办事指南",
            Action::PublishActivities => "只有社区工作者可以发布志愿活动",
            Action::ScheduleShifts => "只有社区工作者可以安排志愿班次",
            Action::CancelShifts => "只有社区工作者可以取消班次",
            Action::MarkNoShows => "只有社区工作者可以登记未到",
            Action::ConfirmHours => "只有社区工作者可以确认服务时长",
            Action::AdjustHours => "只有社区工作者可以调整时间银行",
            Action::ActForResidents => "只有社区工作人员可以代居民办理",
            Action::FileCasesForResidents => "只有社区工作人员和楼栋长可以代居民登记说事",
            Action::HandleCases => "只有社区工作人员可以处理居民说的事",
            Action::ManageCategories => "只有社区工作者可以修改说事的类别和时限",
            Action::ExportCsv => "只有社区工作人员可以导出表格",
            Action::ReadResidents => "只有社区工作人员和楼栋长可以查看居民名单",
            Action::ReadEmergencyContacts => "只有社区工作人员可以查看紧急联系人",
            Action::ViewAcks => "只有社区工作人员和楼栋长可以查看谁已知晓",
            Action::VerifyResidents => "只有社区工作人员和楼栋长可以核实居民",
            Action::CreateResidents => "只有社区工作人员可以代居民开账号",
            Action::EditResidents => "只有社区工作者可以修改居民的楼栋和手机号",
            Action::IssueResetCodes => "只有社区工作者可以发放重设密码的验证码",
            Action::MarkRepresentatives => "只有社区工作者可以设定居民代表",
            Action::ImportResidents => "只有社区工作者可以导入居民名单",
            Action::ManageStaff => "只有社区管理员可以设定工作人员、物业和楼栋长",
            Action::DisableAccounts => "只有社区管理员可以停用账号",
            Action::ManageBuildings => "只有社区管理员可以管理楼栋",
            Action::ManageGrids => "只有社区管理员可以管理网格",
            Action::EditCommunityInfo => "只有社区管理员可以修改社区信息",
            Action::PublishContact => "只有社区工作人员和楼栋长可以公布联系方式",
            Action::ViewAuditLog => "只有管理员可以查看操作记录",
            Action::ManageCommunities => "只有街道管理员可以管理社区",
            Action::AppointCommunityAdmins => "只有街道管理员可以设定社区管理员",
            Action::ViewStreetFigures => "只有街道管理员可以查看各社区的统计",
        }
    }
}

/// What an action is about, as a reach is measured against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Something of the whole community: a community-wide notice, the directory.
    Community,
    /// Something of one building of the community, or of none (`None`: only a reach over
    /// the whole community covers it).
    Building(Option<&'a str>),
    /// Something handed to the account itself: a case assigned to 物业, or to this 网格员.
    Assigned,
    /// A community of this street office.
    StreetOffice(&'a str),
}

/// Where an account stands: what its reach is measured from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing<'a> {
    /// The account's own building.
    pub building_id: Option<&'a str>,
    /// The buildings of the grids the account works (a 网格员's).
    pub grid: &'a [String],
    /// The street office of a 街道管理员.
    pub street_office: &'a str,
}

impl Reach {
    /// Whether an account standing at `standing` with this reach reaches `target`. The
    /// community of the target is the account's own: the server looks only there.
    pub fn covers(self, standing: &Standing<'_>, target: Target<'_>) -> bool {
        match target {
            Target::StreetOffice(office) => {
                self == Reach::Street && office == standing.street_office
            }
            // A street admin acts on no community's content, only on the communities.
            _ if matches!(self, Reach::Nowhere | Reach::Street) => false,
            Target::Assigned => true,
            Target::Community => self == Reach::Community,
            Target::Building(building) => match (self, building) {
                (Reach::Community, _) => true,
                (Reach::Grid, Some(b)) => standing.grid.iter().any(|g| g == b),
                (Reach::Building, Some(b)) => standing.building_id == Some(b),
                _ => false,
            },
        }
    }

    /// What the person is told when the target lies beyond this reach.
    pub fn beyond(self) -> &'static str {
        match self {
            Reach::Building => "只能办理您所在楼栋的事",
            Reach::Grid => "这不在您负责的网格内",
            Reach::Assigned => "只能处理交给您的事",
            Reach::Street => "这个社区不属于您的街道",
            Reach::Community | Reach::Nowhere => "这不在您能办理的范围内",
        }
    }
}

impl UserProfile {
    /// Where the account stands, to measure its reach from (the app shows what it may do).
    pub fn standing(&self) -> Standing<'_> {
        Standing {
            building_id: self.address.building_id.as_deref(),
            grid: &self.grid_building_ids,
            street_office: &self.street_office,
        }
    }
}

impl Role {
    /// How far this role's right to `action` reaches: the one table above.
    pub const fn reach(self, action: Action) -> Reach {
        TABLE[action as usize].1[self as usize]
    }

    /// Whether an account with this role may take `action` anywhere at all.
    pub fn may(self, action: Action) -> bool {
        self.reach(action) != Reach::Nowhere
    }

    /// Whether an account with this role may create an account with role `new`: staff
    /// register residents who cannot do it themselves; only admins appoint staff, 物业
    /// and 楼栋长; only a street admin a community's first admin (through the street's
    /// own routes), and nobody another street admin.
    pub fn may_create(self, new: Role) -> bool {
        match new {
            Role::Resident => self.may(Action::CreateResidents),
            Role::StreetAdmin => false,
            _ => self.may(Action::ManageStaff),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_every_action_once_in_order() {
        assert_eq!(TABLE.map(|(a, _)| a), Action::ALL);
        for (i, role) in Role::ALL.into_iter().enumerate() {
            assert_eq!(role as usize, i, "{role:?}");
        }
    }

    /// Least privilege (issue 17), spelled out: each line one promise of the table.
    #[test]
    fn least_privilege() {
        use Role::*;
        let cases = [
            (GridWorker, Action::PublishNotices, Reach::Grid),
            (GridWorker, Action::EditDirectory, Reach::Nowhere),
            (GridWorker, Action::PublishActivities, Reach::Nowhere),
            (GridWorker, Action::AdjustHours, Reach::Nowhere),
            (GridWorker, Action::ReadResidents, Reach::Grid),
            (GridWorker, Action::ReadEmergencyContacts, Reach::Grid),
            (GridWorker, Action::ExportCsv, Reach::Grid),
            (CommunityWorker, Action::AdjustHours, Reach::Community),
            (CommunityWorker, Action::ManageStaff, Reach::Nowhere),
            (BuildingHead, Action::VerifyResidents, Reach::Building),
            (BuildingHead, Action::ViewAcks, Reach::Building),
            (BuildingHead, Action::FileCasesForResidents, Reach::Building),
            (BuildingHead, Action::HandleCases, Reach::Nowhere),
            (BuildingHead, Action::ExportCsv, Reach::Nowhere),
            (Property, Action::HandleCases, Reach::Assigned),
            (Property, Action::ReadResidents, Reach::Nowhere),
            (Property, Action::ExportCsv, Reach::Nowhere),
            (Property, Action::PublishActivities, Reach::Nowhere),
            (Admin, Action::ManageCommunities, Reach::Nowhere),
            (StreetAdmin, Action::ViewAuditLog, Reach::Street),
            (StreetAdmin, Action::PublishNotices, Reach::Nowhere),
        ];
        for (role, action, reach) in cases {
            assert_eq!(role.reach(action), reach, "{role:?} {action:?}");
        }
        for action in Action::ALL {
            assert!(!Resident.may(action), "residents: {action:?}");
        }
    }

    #[test]
    fn reaches_cover_their_targets() {
        let grid = ["b1".to_owned(), "b2".to_owned()];
        let at = Standing {
            building_id: Some("b9"),
            grid: &grid,
            street_office: "金石街道",
        };
        use Target::*;
        let b = |id| Building(Some(id));
        let cases = [
            (Reach::Nowhere, Community, false),
            (Reach::Nowhere, Assigned, false),
            (Reach::Assigned, Assigned, true),
            (Reach::Assigned, b("b1"), false),
            (Reach::Building, b("b9"), true),
            (Reach::Building, b("b1"), false),
            (Reach::Building, Community, false),
            (Reach::Grid, b("b2"), true),
            (Reach::Grid, b("b9"), false),
            (Reach::Grid, Building(None), false),
            (Reach::Grid, Assigned, true),
            (Reach::Grid, Community, false),
            (Reach::Community, Community, true),
            (Reach::Community, Building(None), true),
            (Reach::Community, StreetOffice("金石街道"), false),
            (Reach::Street, StreetOffice("金石街道"), true),
            (Reach::Street, StreetOffice("桂园街道"), false),
            (Reach::Street, Community, false),
            (Reach::Street, Assigned, false),
        ];
        for (reach, target, covered) in cases {
            assert_eq!(reach.covers(&at, target), covered, "{reach:?} {target:?}");
        }
    }

    #[test]
    fn who_may_create_whom() {
        use Role::*;
        let table = [
            (Resident, Resident, false),
            (GridWorker, Resident, true),
            (GridWorker, GridWorker, false),
            (CommunityWorker, Resident, true),
            (CommunityWorker, BuildingHead, false),
            (Admin, CommunityWorker, true),
            (Admin, Property, true),
            (Admin, BuildingHead, true),
            (Admin, Admin, true),
            (Admin, StreetAdmin, false),
            (StreetAdmin, Admin, false),
        ];
        for (actor, new, ok) in table {
            assert_eq!(actor.may_create(new), ok, "{actor:?} creates {new:?}");
        }
    }

    #[test]
    fn every_refusal_and_beyond_is_worded() {
        for action in Action::ALL {
            assert!(action.refusal().starts_with("只有"), "{action:?}");
        }
        for reach in [Reach::Assigned, Reach::Building, Reach::Grid, Reach::Street] {
            assert!(!reach.beyond().is_empty());
        }
    }
}
