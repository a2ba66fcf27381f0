//! Who may do what: the actions that need more than a resident's rights, the roles
//! that may take them, and how a refusal is worded. The server checks every request
//! and every mutation against this one table; the app can ask it to hide what would
//! be refused.

use crate::account::Role;

/// Something not every account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Publish, edit and withdraw notices.
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
    /// Correct a time-bank balance.
    AdjustHours,
    /// Act in someone else's name (代办): their volunteer profile, sign-ups and places.
    ActForResidents,
    /// File a 说事 case for a resident who phoned or came in.
    FileCasesForResidents,
    /// Accept, work on, assign, resolve and close 说事 cases.
    HandleCases,
    /// Change the 说事 categories and their time limits.
    ManageCategories,
    /// Create accounts for others (which roles, see [`Role::may_create`]).
    CreateAccounts,
    /// Download rosters and hours as CSV files.
    ExportCsv,
    /// Keep the community's accounts on a device.
    ReadResidents,
}

impl Action {
    /// Every action, for tools and tests.
    pub const ALL: [Action; 15] = [
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
        Action::CreateAccounts,
        Action::ExportCsv,
        Action::ReadResidents,
    ];

    /// What the person is told when they may not do this.
    pub fn refusal(self) -> &'static str {
        match self {
            Action::PublishNotices => "只有社区工作人员可以发布通知",
            Action::EditDirectory => "只有社区工作人员可以修改办事指南",
            Action::PublishActivities => "只有社区工作人员可以发布志愿活动",
            Action::ScheduleShifts => "只有社区工作人员可以安排志愿班次",
            Action::CancelShifts => "只有社区工作人员可以取消班次",
            Action::MarkNoShows => "只有社区工作人员可以登记未到",
            Action::ConfirmHours => "只有社区工作人员可以确认服务时长",
            Action::AdjustHours => "只有社区工作人员可以调整时间银行",
            Action::ActForResidents => "只有社区工作人员可以代居民办理",
            Action::FileCasesForResidents => "只有社区工作人员可以代居民登记说事",
            Action::HandleCases => "只有社区工作人员可以处理居民说的事",
            Action::ManageCategories => "只有社区工作者可以修改说事的类别和时限",
            Action::CreateAccounts | Action::ExportCsv => "只有社区工作人员可以这样做",
            Action::ReadResidents => "只有社区工作人员可以查看居民名单",
        }
    }
}

impl Role {
    /// Whether an account with this role may take `action`. Staff (grid workers and up)
    /// may do all but change the 说事 categories, which is for community workers and
    /// admins. Which cases a grid worker handles is narrowed further by their buildings.
    pub fn may(self, action: Action) -> bool {
        match action {
            Action::ManageCategories => self >= Role::CommunityWorker,
            _ => self.is_staff(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_by_role() {
        // Resident, grid worker, community worker, admin.
        let table: [(Action, [bool; 4]); 15] = [
            (Action::PublishNotices, [false, true, true, true]),
            (Action::EditDirectory, [false, true, true, true]),
            (Action::PublishActivities, [false, true, true, true]),
            (Action::ScheduleShifts, [false, true, true, true]),
            (Action::CancelShifts, [false, true, true, true]),
            (Action::MarkNoShows, [false, true, true, true]),
            (Action::ConfirmHours, [false, true, true, true]),
            (Action::AdjustHours, [false, true, true, true]),
            (Action::ActForResidents, [false, true, true, true]),
            (Action::FileCasesForResidents, [false, true, true, true]),
            (Action::HandleCases, [false, true, true, true]),
            (Action::ManageCategories, [false, false, true, true]),
            (Action::CreateAccounts, [false, true, true, true]),
            (Action::ExportCsv, [false, true, true, true]),
            (Action::ReadResidents, [false, true, true, true]),
        ];
        assert_eq!(table.map(|(a, _)| a), Action::ALL);
        for (action, expected) in table {
            for (role, may) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(role.may(action), may, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn every_refusal_is_worded() {
        for action in Action::ALL {
            assert!(action.refusal().starts_with("只有社区工作"), "{action:?}");
        }
    }
}
