//! Community administration as the pages use it: the REST calls (they need a network;
//! the pages say so), who may open which screen (the core's table of rights), and
//! 联系社区 from the synced `contacts` collection, kept on the device.

use linli_core::access::Action;
use linli_core::account::UserProfile;
use linli_core::admin::{CONTACTS, CONTACTS_ROW, Contacts};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::platform::api::{self, Method};
use crate::state::sync::use_sync;

/// The screens of 社区管理: path, title, what it is for, and the right it needs.
pub const SCREENS: [(&str, &str, &str, Action); 8] = [
    (
        "/admin/communities",
        "社区",
        "新建社区和社区管理员",
        Action::ManageCommunities,
    ),
    (
        "/admin/verify",
        "待核实的居民",
        "确认新注册的居民住在这里（没有网络也能办）",
        Action::VerifyResidents,
    ),
    (
        "/admin/people",
        "人员",
        "查找居民和工作人员，开账号，改身份，停用",
        Action::ReadResidents,
    ),
    (
        "/admin/buildings",
        "楼栋",
        "批量添加、改名、停用楼栋",
        Action::ManageBuildings,
    ),
    (
        "/admin/grids",
        "网格",
        "把楼栋分进网格，安排网格员",
        Action::ManageGrids,
    ),
    (
        "/admin/import",
        "从表格导入",
        "从 Excel 或 CSV 导入楼栋、居民和一户一表",
        Action::ImportResidents,
    ),
    (
        "/admin/community",
        "社区信息",
        "办公时间、值班电话、物业电话",
        Action::EditCommunityInfo,
    ),
    (
        "/admin/audit",
        "操作记录",
        "谁在什么时候改了什么",
        Action::ViewAuditLog,
    ),
];

/// Whether `user` may open the screen of `action` (the server checks again).
pub fn may(user: &UserProfile, action: Action) -> bool {
    user.role.may(action)
}

/// Whether `user` sees 社区管理 under 我的 at all.
pub fn has_admin_screens(user: &UserProfile) -> bool {
    SCREENS.iter().any(|(_, _, _, action)| may(user, *action))
}

/// `GET` of the admin API, for the log-in of `token` (none: logged out meanwhile).
pub async fn load<T: DeserializeOwned>(token: Option<String>, path: String) -> Result<T, AppError> {
    let token = token.ok_or_else(|| AppError::Unexpected("请先登录".into()))?;
    get(&token, &path).await
}

/// `GET` of the admin API.
pub async fn get<T: DeserializeOwned>(token: &str, path: &str) -> Result<T, AppError> {
    api::call::<(), T>(Method::GET, path, Some(token), None).await
}

/// A write of the admin API (`POST`, `PUT`, `PATCH`, `DELETE`) with a JSON body.
pub async fn write<B: Serialize, T: DeserializeOwned>(
    token: &str,
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, AppError> {
    api::call(method, path, Some(token), Some(body)).await
}

/// `DELETE` without a body.
pub async fn delete(token: &str, path: &str) -> Result<(), AppError> {
    api::call::<(), ()>(Method::DELETE, path, Some(token), None).await
}

/// 联系社区 as kept on the device, if it has been pulled.
pub fn contacts() -> Option<Contacts> {
    use_sync()
        .collection::<Contacts>(CONTACTS)
        .get(CONTACTS_ROW)
}
