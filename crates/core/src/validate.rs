//! Field-level validation shared by the app (checked before sending) and the
//! server (checked again, because only the server's check counts).

use crate::error::{ApiError, ErrorCode, FieldError};

/// Collects every problem of a request at once, so a form can show them all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub fields: Vec<FieldError>,
}

impl Invalid {
    /// A single problem with one field.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut invalid = Self::default();
        invalid.add(field, message);
        invalid
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// `Ok(())` when nothing was added.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f.field == field)
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        ApiError {
            code: ErrorCode::Validation,
            message: "填写的内容有误，请按提示修改".to_owned(),
            fields: invalid.fields,
        }
    }
}

/// A full-width digit ("１") as its ASCII digit; any other character as it is.
pub fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// Length in characters (not bytes), which is what a person counts.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Checks an id a device chose: not blank, at most 64 characters.
pub fn check_id(invalid: &mut Invalid, field: &str, id: &str) {
    if id.trim().is_empty() || char_len(id) > 64 {
        invalid.add(field, "编号无效，请刷新页面后重试");
    }
}

/// Checks a required free-text field: trimmed, non-empty, at most `max` characters.
pub fn required_text(invalid: &mut Invalid, field: &str, label: &str, value: &str, max: usize) {
    let value = value.trim();
    if value.is_empty() {
        invalid.add(field, format!("请填写{label}"));
    } else if char_len(value) > max {
        invalid.add(field, format!("{label}不能超过 {max} 个字"));
    }
}

/// Checks an optional free-text field: at most `max` characters when present.
pub fn optional_text(
    invalid: &mut Invalid,
    field: &str,
    label: &str,
    value: Option<&str>,
    max: usize,
) {
    if let Some(value) = value
        && char_len(value.trim()) > max
    {
        invalid.add(field, format!("{label}不能超过 {max} 个字"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_all_problems() {
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "name", "姓名", "  ", 10);
        required_text(&mut invalid, "title", "标题", "一二三四五六", 5);
        optional_text(&mut invalid, "room", "房号", Some("101"), 10);
        let err = invalid.finish().unwrap_err();
        assert_eq!(err.fields.len(), 2);
        assert_eq!(err.fields[0].message, "请填写姓名");
        assert_eq!(err.fields[1].message, "标题不能超过 5 个字");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "title", "标题", "五个汉字啊", 5);
        assert!(invalid.finish().is_ok());
    }

    #[test]
    fn converts_to_api_error_with_fields() {
        let mut invalid = Invalid::default();
        invalid.add("phone", "x");
        let api: ApiError = invalid.into();
        assert_eq!(api.code, ErrorCode::Validation);
        assert_eq!(api.field("phone"), Some("x"));
    }
}
