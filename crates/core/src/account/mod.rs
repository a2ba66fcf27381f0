//! Accounts, roles and the requests that create and use them.

mod device;
mod optimistic;
mod password;

use serde::{Deserialize, Serialize};

pub use device::device_label;
pub use optimistic::RULES;
pub use password::{
    ChangePasswordRequest, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, ResetPasswordRequest,
    check_password,
};

use crate::Millis;
use crate::sync::{Collection, Feature};
use crate::validate::{Invalid, optional_text, required_text};

/// Collection of the accounts within a viewer's reach (the right to read residents, in `access`):
/// a 社区工作者's whole community, a 网格员's grid, a 楼栋长's building.
pub const RESIDENTS: &str = "residents";

/// `account.verify`: staff or a 楼栋长 confirm, at the door and offline if need be, that a
/// self-registered resident lives where they say (实名核验).
pub const VERIFY: &str = "account.verify";

/// Accounts change through the account routes, but for verification, which happens at a
/// door: staff and 楼栋长 devices read the accounts within their reach and verify offline.
pub const FEATURE: Feature = Feature {
    name: "accounts",
    collections: &[Collection {
        name: RESIDENTS,
        since_schema: 4,
    }],
    mutations: &[VERIFY],
};

pub const MAX_NAME_CHARS: usize = 20;
pub const MAX_UNIT_ROOM_CHARS: usize = 10;
/// The longest duty a staff member publishes ("负责 1–10栋 网格").
pub const MAX_DUTY_CHARS: usize = 40;

/// What an account may do: the columns of the table of rights (`access`), in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    /// 楼栋长: a resident appointed for their building; confirms new neighbours, checks on
    /// those who missed an urgent notice, files 说事 for neighbours.
    BuildingHead,
    /// 物业: an account of the community's property company; handles the cases given to it.
    Property,
    /// 网格员: covers a grid of buildings, visits households, passes problems up.
    GridWorker,
    /// 社区工作者: publishes notices, handles cases, runs volunteering.
    CommunityWorker,
    /// 管理员 of a community: appoints staff, runs buildings and grids.
    Admin,
    /// 街道管理员: creates the communities of a street office; belongs to none of them.
    StreetAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Resident,
        Role::BuildingHead,
        Role::Property,
        Role::GridWorker,
        Role::CommunityWorker,
        Role::Admin,
        Role::StreetAdmin,
    ];

    /// Staff of the residents' committee: they see the community's queues and act for
    /// residents (代办), each within the reach the table gives them.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::GridWorker | Role::CommunityWorker | Role::Admin)
    }

    /// Lives in a household of the community (a 楼栋长 too).
    pub fn is_resident(self) -> bool {
        matches!(self, Role::Resident | Role::BuildingHead)
    }

    /// The role's name as residents and staff know it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::BuildingHead => "楼栋长",
            Role::Property => "物业",
            Role::GridWorker => "网格员",
            Role::CommunityWorker => "社区工作者",
            Role::Admin => "管理员",
            Role::StreetAdmin => "街道管理员",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::BuildingHead => "building_head",
            Role::Property => "property",
            Role::GridWorker => "grid_worker",
            Role::CommunityWorker => "community_worker",
            Role::Admin => "admin",
            Role::StreetAdmin => "street_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Normalises what a person typed as a phone number: drops spaces and dashes,
/// turns full-width digits into ASCII and strips a leading +86.
pub fn normalize_phone(input: &str) -> String {
    let ascii: String = input
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            ' ' | '-' | '\u{3000}' => None,
            '＋' => Some('+'),
            c => Some(c),
        })
        .collect();
    ascii
        .strip_prefix("+86")
        .map(str::to_owned)
        .unwrap_or(ascii)
}

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_valid_phone(phone: &str) -> bool {
    phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn check_phone(invalid: &mut Invalid, phone: &str) {
    if phone.is_empty() {
        invalid.add("phone", "请填写手机号");
    } else if !is_valid_phone(phone) {
        invalid.add("phone", "手机号应为 11 位数字，以 1 开头");
    }
}

/// `138****8000`: enough to recognise one's own number on a shared screen.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        phone.to_owned()
    }
}

/// Where a resident lives inside their community. All parts are optional:
/// some residents prefer not to say, and staff can fill it in later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub building_id: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
}

impl Address {
    pub(crate) fn check(&self, invalid: &mut Invalid) {
        optional_text(
            invalid,
            "unit",
            "单元",
            self.unit.as_deref(),
            MAX_UNIT_ROOM_CHARS,
        );
        optional_text(
            invalid,
            "room",
            "房号",
            self.room.as_deref(),
            MAX_UNIT_ROOM_CHARS,
        );
    }

    /// Where someone lives, in words: "3栋 2单元 301" (in `building`, when named); empty
    /// when nothing is known.
    pub fn label(&self, building: Option<&str>) -> String {
        [building, self.unit.as_deref(), self.room.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Trims parts and turns blanks into `None`.
    pub fn normalized(self) -> Self {
        fn clean(v: Option<String>) -> Option<String> {
            v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
        }
        Self {
            building_id: clean(self.building_id),
            unit: clean(self.unit),
            room: clean(self.room),
        }
    }
}

/// `POST /api/accounts/register`: a resident signs up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub phone: String,
    pub display_name: String,
    pub password: String,
    pub community_id: String,
    #[serde(default)]
    pub address: Address,
}

impl RegisterRequest {
    /// Normalises what was typed, then checks every field.
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.phone = normalize_phone(&self.phone);
        self.display_name = self.display_name.trim().to_owned();
        self.address = self.address.normalized();
        let mut invalid = Invalid::default();
        check_phone(&mut invalid, &self.phone);
        required_text(
            &mut invalid,
            "display_name",
            "称呼",
            &self.display_name,
            MAX_NAME_CHARS,
        );
        check_password(&mut invalid, "password", &self.password, &self.phone);
        if self.community_id.trim().is_empty() {
            invalid.add("community_id", "请选择所在社区");
        }
        self.address.check(&mut invalid);
        invalid.finish().map(|()| self)
    }
}

/// `POST /api/accounts`: staff create an account for someone else (代办),
/// in the staff member's own community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAccountRequest {
    pub phone: String,
    pub display_name: String,
    /// An initial password the staff member hands over; the person can change it later.
    /// Without one the account has no password yet: the answer carries a one-time code
    /// with which the person sets their own ([`ResetCode`]).
    #[serde(default)]
    pub password: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub address: Address,
}

impl CreateAccountRequest {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.phone = normalize_phone(&self.phone);
        self.display_name = self.display_name.trim().to_owned();
        self.address = self.address.normalized();
        let mut invalid = Invalid::default();
        check_phone(&mut invalid, &self.phone);
        required_text(
            &mut invalid,
            "display_name",
            "称呼",
            &self.display_name,
            MAX_NAME_CHARS,
        );
        if let Some(password) = &self.password {
            check_password(&mut invalid, "password", password, &self.phone);
        }
        if self.role == Role::StreetAdmin {
            invalid.add("role", "街道管理员不属于社区，不能在这里创建");
        }
        if self.role == Role::BuildingHead && self.address.building_id.is_none() {
            invalid.add("building_id", "请选择楼栋长所在的楼栋");
        }
        self.address.check(&mut invalid);
        invalid.finish().map(|()| self)
    }
}

/// `POST /api/sessions`: log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

impl LoginRequest {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.phone = normalize_phone(&self.phone);
        let mut invalid = Invalid::default();
        check_phone(&mut invalid, &self.phone);
        if self.password.is_empty() {
            invalid.add("password", "请填写密码");
        } else if self.password.chars().count() > MAX_PASSWORD_CHARS {
            // No account has a longer one: saying so reveals nothing.
            invalid.add("password", format!("密码不能超过 {MAX_PASSWORD_CHARS} 位"));
        }
        invalid.finish().map(|()| self)
    }
}

/// Who is logged in, as the app shows it: also what the app needs to know which screens
/// and buttons to offer (the role's reach in `access`, measured from the
/// building and grid given here: `UserProfile::standing`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    pub id: String,
    pub phone: String,
    pub display_name: String,
    pub role: Role,
    /// `None` for a 街道管理员, who belongs to no community.
    pub community_id: Option<String>,
    pub community_name: Option<String>,
    #[serde(default)]
    pub street_office: String,
    pub address: Address,
    pub building_name: Option<String>,
    /// A self-registered resident is 待核实 until staff or their 楼栋长 confirm them.
    #[serde(default = "yes")]
    pub verified: bool,
    /// 居民代表.
    #[serde(default)]
    pub representative: bool,
    /// The buildings of the grids a 网格员 works, by id.
    #[serde(default)]
    pub grid_building_ids: Vec<String>,
    /// For a 待核实 resident: why they see less, and whom to ask.
    #[serde(default)]
    pub waiting_note: Option<String>,
}

fn yes() -> bool {
    true
}

/// What a 待核实 resident is told: what they do not see yet, and whom to ask.
pub fn waiting_note(building_head: Option<&str>) -> String {
    let whom = match building_head {
        Some(name) => format!("请找本楼楼栋长{name}，或带身份证到社区服务站"),
        None => "请带身份证到社区服务站".to_owned(),
    };
    format!(
        "您的账号还在等待社区核实。核实前只能看到全社区的通知和办事指南，以及您自己办的事。{whom}核实，核实后就能看到本楼的通知和居民说事。"
    )
}

/// An account as the devices of staff and 楼栋长 keep it: enough to visit or call, and
/// whether it still waits to be verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentCard {
    pub id: String,
    pub display_name: String,
    pub role: Role,
    pub phone: String,
    pub address: Address,
    pub building_name: Option<String>,
    #[serde(default = "yes")]
    pub verified: bool,
    #[serde(default)]
    pub representative: bool,
    #[serde(default)]
    pub disabled: bool,
}

/// Arguments of [`VERIFY`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyArgs {
    pub user_id: String,
}

/// A place someone is logged in, as `GET /api/me/sessions` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// Names the session in `DELETE /api/me/sessions/{id}`; not the token.
    pub id: String,
    /// "iPhone · 微信", from the browser that logged in.
    pub device_label: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    /// The session of the request itself.
    pub current: bool,
}

/// A one-time code handed out at the desk: shown once, it lets the person set a new
/// password (`POST /api/accounts/reset`) until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetCode {
    pub code: String,
    pub expires_at: Millis,
}

/// The digits of a reset code.
pub const RESET_CODE_DIGITS: usize = 8;

/// `PUT /api/me/contact` (or an admin for a staff member): what the 联系社区 page
/// shows of them. No phone: the page shows the office's duty phone instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishContactRequest {
    pub duty: String,
    #[serde(default)]
    pub phone: Option<String>,
}

impl PublishContactRequest {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.duty = self.duty.trim().to_owned();
        self.phone = self
            .phone
            .map(|p| normalize_phone(&p))
            .filter(|p| !p.is_empty());
        let mut invalid = Invalid::default();
        optional_text(
            &mut invalid,
            "duty",
            "职责",
            Some(&self.duty),
            MAX_DUTY_CHARS,
        );
        if let Some(phone) = &self.phone {
            check_contact_phone(&mut invalid, "phone", phone);
        }
        invalid.finish().map(|()| self)
    }
}

/// A phone someone can be called on: a mobile or a landline ("027-8765-4321").
pub fn is_contact_phone(phone: &str) -> bool {
    is_valid_phone(phone)
        || ((7..=13).contains(&phone.len())
            && phone.chars().all(|c| c.is_ascii_digit() || c == '-'))
}

pub(crate) fn check_contact_phone(invalid: &mut Invalid, field: &str, phone: &str) {
    if !is_contact_phone(phone) {
        invalid.add(field, "电话应为手机号或座机号");
    }
}

/// The answer to a successful log-in or registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Bearer token for `Authorization: Bearer …`. Only its hash is kept on the server.
    pub token: String,
    pub expires_at: Millis,
    pub user: UserProfile,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register(phone: &str, name: &str, password: &str) -> RegisterRequest {
        RegisterRequest {
            phone: phone.into(),
            display_name: name.into(),
            password: password.into(),
            community_id: "c1".into(),
            address: Address::default(),
        }
    }

    #[test]
    fn phone_rules() {
        let cases = [
            ("13800138000", true),
            ("138 0013 8000", true),
            ("+8613800138000", true),
            ("１３８００１３８０００", true),
            ("138-0013-8000", true),
            ("23800138000", false),
            ("1380013800", false),
            ("138001380001", false),
            ("1380013800a", false),
            ("", false),
        ];
        for (input, ok) in cases {
            assert_eq!(is_valid_phone(&normalize_phone(input)), ok, "{input}");
        }
    }

    #[test]
    fn register_normalizes_and_validates() {
        let ok = register(" 138 0013 8000 ", " 王阿姨 ", "password1")
            .validated()
            .unwrap();
        assert_eq!(ok.phone, "13800138000");
        assert_eq!(ok.display_name, "王阿姨");

        let err = register("12345", "", "short").validated().unwrap_err();
        assert!(err.has("phone"));
        assert!(err.has("display_name"));
        assert!(err.has("password"));
    }

    #[test]
    fn log_in_passwords_are_bounded() {
        let login = |password: String| LoginRequest {
            phone: "13800138000".into(),
            password,
        };
        assert!(login("x".repeat(MAX_PASSWORD_CHARS)).validated().is_ok());
        let err = login("x".repeat(MAX_PASSWORD_CHARS + 1))
            .validated()
            .unwrap_err();
        assert!(err.has("password"));
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(
            register("13800138000", "李", "八个汉字的密码啊")
                .validated()
                .is_ok()
        );
        assert!(
            register("13800138000", "李", "1234567")
                .validated()
                .is_err()
        );
    }

    #[test]
    fn blank_address_parts_become_none() {
        let mut req = register("13800138000", "李", "password1");
        req.address.unit = Some("  ".into());
        req.address.room = Some(" 301 ".into());
        let ok = req.validated().unwrap();
        assert_eq!(ok.address.unit, None);
        assert_eq!(ok.address.room.as_deref(), Some("301"));
    }

    #[test]
    fn an_address_reads_as_people_say_it() {
        let address = Address {
            building_id: Some("b3".into()),
            unit: Some("2单元".into()),
            room: Some("301".into()),
        };
        assert_eq!(address.label(Some("3栋")), "3栋 2单元 301");
        assert_eq!(address.label(None), "2单元 301");
        assert_eq!(Address::default().label(None), "");
        assert_eq!(mask_phone("13800008000"), "138****8000");
    }

    #[test]
    fn role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
    }
}
