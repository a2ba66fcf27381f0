//! The one error shape every API response uses, and the codes it carries.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. The app maps each to a plain-Chinese explanation;
/// `message` carries the server's own wording for the specific case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request could not be read (malformed JSON, wrong content type).
    BadRequest,
    /// The request was readable but some fields are invalid; see `fields`.
    Validation,
    /// Not logged in, or the login is no longer valid.
    Unauthorized,
    /// Logged in, but this account may not do this.
    Forbidden,
    NotFound,
    /// The request clashes with existing data (e.g. a phone number already registered).
    Conflict,
    /// Too many attempts; try again later.
    TooManyRequests,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body is not of a type the server takes (not JSON, not a photo). Sent as
    /// `bad_request`, as it was before it had a code of its own, so every app reads it.
    #[serde(rename(serialize = "bad_request"))]
    UnsupportedMediaType,
    /// The app and the server speak different protocol versions; the page must be refreshed.
    ProtocolMismatch,
    Internal,
}

/// A problem with one field of a request, worded for the person filling it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The JSON body of every error response: `{code, message, fields?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// The message for one field, if the server named it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.message.as_str())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_media_type_reads_as_bad_request() {
        let sent = serde_json::to_value(ErrorCode::UnsupportedMediaType).unwrap();
        assert_eq!(sent, "bad_request");
        let read: ErrorCode = serde_json::from_value(sent).unwrap();
        assert_eq!(read, ErrorCode::BadRequest);
    }
}
