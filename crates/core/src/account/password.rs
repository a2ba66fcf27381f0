//! What makes a password acceptable, and the requests that change one.

use serde::{Deserialize, Serialize};

use super::{check_phone, normalize_phone};
use crate::validate::Invalid;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Checks a new password of the account with `phone`: 8 to 128 characters, not one
/// character over and over ("11111111"), and not the phone number itself, which is the
/// first thing someone who knows it would try.
pub fn check_password(invalid: &mut Invalid, field: &str, password: &str, phone: &str) {
    let len = password.chars().count();
    let mut chars = password.chars();
    let first = chars.next();
    if len < MIN_PASSWORD_CHARS {
        invalid.add(field, format!("密码至少 {MIN_PASSWORD_CHARS} 位"));
    } else if len > MAX_PASSWORD_CHARS {
        invalid.add(field, format!("密码不能超过 {MAX_PASSWORD_CHARS} 位"));
    } else if chars.all(|c| Some(c) == first) {
        invalid.add(field, "密码不能全是同一个数字或字母，请换一个");
    } else if password == phone || normalize_phone(password) == phone {
        invalid.add(field, "密码不能用手机号，请换一个");
    }
}

/// `POST /api/me/password`: the person changes their password, knowing the old one.
/// Their other devices are logged out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub old_password: String,
    pub new_password: String,
}

impl ChangePasswordRequest {
    /// Checks the new password for the account with `phone`.
    pub fn validated(self, phone: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        if self.old_password.is_empty() {
            invalid.add("old_password", "请填写现在的密码");
        }
        check_password(&mut invalid, "new_password", &self.new_password, phone);
        if !invalid.has("new_password") && self.new_password == self.old_password {
            invalid.add("new_password", "新密码和现在的密码一样，请换一个");
        }
        invalid.finish().map(|()| self)
    }
}

/// `POST /api/accounts/reset`: with the one-time code from the desk, the person sets a
/// new password and is logged in; every session of the account before ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    pub phone: String,
    pub code: String,
    pub password: String,
}

impl ResetPasswordRequest {
    pub fn validated(mut self) -> Result<Self, Invalid> {
        self.phone = normalize_phone(&self.phone);
        self.code = self.code.chars().filter(|c| !c.is_whitespace()).collect();
        let mut invalid = Invalid::default();
        check_phone(&mut invalid, &self.phone);
        if self.code.is_empty() {
            invalid.add("code", "请填写社区服务站给您的验证码");
        } else if self.code.chars().count() > 16 {
            invalid.add("code", "验证码不对，请核对后再试");
        }
        check_password(&mut invalid, "password", &self.password, &self.phone);
        invalid.finish().map(|()| self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        let phone = "13800000004";
        let cases = [
            ("linli2026", None),
            ("八个汉字的密码啊", None),
            ("1234567", Some("密码至少 8 位")),
            ("", Some("密码至少 8 位")),
            ("11111111", Some("密码不能全是同一个数字或字母，请换一个")),
            (
                "aaaaaaaaaaaa",
                Some("密码不能全是同一个数字或字母，请换一个"),
            ),
            ("13800000004", Some("密码不能用手机号，请换一个")),
            ("138 0000 0004", Some("密码不能用手机号，请换一个")),
            ("13800000005", None),
        ];
        for (password, problem) in cases {
            let mut invalid = Invalid::default();
            check_password(&mut invalid, "password", password, phone);
            let got = invalid.fields.first().map(|f| f.message.as_str());
            assert_eq!(got, problem, "{password:?}");
        }
        let mut invalid = Invalid::default();
        check_password(&mut invalid, "password", &"x1".repeat(65), phone);
        assert_eq!(invalid.fields[0].message, "密码不能超过 128 位");
    }

    #[test]
    fn a_change_names_its_fields() {
        let change = |old: &str, new: &str| ChangePasswordRequest {
            old_password: old.into(),
            new_password: new.into(),
        };
        assert!(
            change("linli2026", "new-linli-7")
                .validated("13800000004")
                .is_ok()
        );
        let err = change("", "short").validated("13800000004").unwrap_err();
        assert!(err.has("old_password") && err.has("new_password"));
        let err = change("linli2026", "linli2026")
            .validated("13800000004")
            .unwrap_err();
        assert_eq!(err.fields[0].message, "新密码和现在的密码一样，请换一个");
    }

    #[test]
    fn a_reset_is_tidied_and_checked() {
        let reset = ResetPasswordRequest {
            phone: " 138 0000 0004 ".into(),
            code: "1234 5678".into(),
            password: "new-linli-7".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(reset.phone, "13800000004");
        assert_eq!(reset.code, "12345678");
        let err = ResetPasswordRequest {
            phone: "1".into(),
            code: " ".into(),
            password: "short".into(),
        }
        .validated()
        .unwrap_err();
        assert!(err.has("phone") && err.has("code") && err.has("password"));
    }
}
