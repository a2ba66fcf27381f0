//! Accounts, roles and the requests that create and use them.

use serde::{Deserialize, Serialize};

use crate::Millis;
use crate::sync::{Collection, Feature, Rules};
use crate::validate::{Invalid, optional_text, required_text};

/// Collection of a community's accounts, pulled by staff devices only.
pub const RESIDENTS: &str = "residents";

/// Accounts change through the account routes, not through sync: staff devices only read them.
pub const FEATURE: Feature = Feature {
    name: "accounts",
    collections: &[Collection {
        name: RESIDENTS,
        since_schema: 4,
    }],
    mutations: &[],
};

pub const RULES: Rules = &[];

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MAX_NAME_CHARS: usize = 20;
pub const MAX_UNIT_ROOM_CHARS: usize = 10;

/// What an account may do. Ordered by rights: each role can do what the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    /// 网格员: covers a block of buildings, visits households, passes problems up.
    GridWorker,
    /// 社区工作者: publishes notices, handles cases, runs volunteering.
    CommunityWorker,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Resident,
        Role::GridWorker,
        Role::CommunityWorker,
        Role::Admin,
    ];

    /// Staff see queues and act for residents (代办).
    pub fn is_staff(self) -> bool {
        self >= Role::GridWorker
    }

    /// The role's name as residents and staff know it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::GridWorker => "网格员",
            Role::CommunityWorker => "社区工作者",
            Role::Admin => "管理员",
        }
    }

    /// Whether an account with this role may create an account with role `new`.
    /// Staff register residents who cannot do it themselves; only admins appoint staff.
    pub fn may_create(self, new: Role) -> bool {
        match new {
            Role::Resident => self.is_staff(),
            _ => self == Role::Admin,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::GridWorker => "grid_worker",
            Role::CommunityWorker => "community_worker",
            Role::Admin => "admin",
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

fn check_phone(invalid: &mut Invalid, phone: &str) {
    if phone.is_empty() {
        invalid.add("phone", "请填写手机号");
    } else if !is_valid_phone(phone) {
        invalid.add("phone", "手机号应为 11 位数字，以 1 开头");
    }
}

fn check_password(invalid: &mut Invalid, password: &str) {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        invalid.add("password", format!("密码至少 {MIN_PASSWORD_CHARS} 位"));
    } else if len > MAX_PASSWORD_CHARS {
        invalid.add("password", format!("密码不能超过 {MAX_PASSWORD_CHARS} 位"));
    }
}

/// Where a resident lives inside their community. All parts are optional:
/// some residents prefer not to say, and staff can fill it in later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub building_id: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
}

impl Address {
    fn check(&self, invalid: &mut Invalid) {
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
        check_password(&mut invalid, &self.password);
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
pub struct CreateAccountRequest {
    pub phone: String,
    pub display_name: String,
    /// An initial password the staff member hands over; the person can change it later.
    pub password: String,
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
        check_password(&mut invalid, &self.password);
        self.address.check(&mut invalid);
        invalid.finish().map(|()| self)
    }
}

/// `POST /api/sessions`: log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Who is logged in, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    pub id: String,
    pub phone: String,
    pub display_name: String,
    pub role: Role,
    pub community_id: String,
    pub community_name: String,
    pub address: Address,
    pub building_name: Option<String>,
}

/// A resident as staff devices keep them: enough to visit or call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentCard {
    pub id: String,
    pub display_name: String,
    pub role: Role,
    pub phone: String,
    pub address: Address,
    pub building_name: Option<String>,
}

/// The answer to a successful log-in or registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    fn who_may_create_whom() {
        use Role::*;
        let table = [
            (Resident, Resident, false),
            (GridWorker, Resident, true),
            (GridWorker, GridWorker, false),
            (CommunityWorker, Resident, true),
            (CommunityWorker, CommunityWorker, false),
            (Admin, CommunityWorker, true),
            (Admin, Admin, true),
        ];
        for (actor, new, ok) in table {
            assert_eq!(actor.may_create(new), ok, "{actor:?} creates {new:?}");
        }
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
