//! Errors as the person using the app sees them.

use linli_core::error::{ApiError, ErrorCode};

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The request never got an answer: no network, or the server is unreachable.
    Offline,
    /// The server answered with an error of its own.
    Api(ApiError),
    /// This page runs an older version of the app than the server or the device's
    /// data: it must be reopened.
    Outdated,
    /// Anything else: an unreadable answer, a storage failure.
    Unexpected(String),
}

impl AppError {
    /// What happened and what to do, in plain Chinese.
    pub fn message(&self) -> String {
        match self {
            AppError::Offline => "现在连不上网络。请到信号好的地方，或稍后再试。".to_owned(),
            AppError::Outdated => "邻里已经更新，请刷新页面后再试。".to_owned(),
            AppError::Api(err) => match err.code {
                ErrorCode::ProtocolMismatch => AppError::Outdated.message(),
                ErrorCode::Internal => "社区的系统暂时出了问题，请过一会儿再试。".to_owned(),
                _ => err.message.clone(),
            },
            AppError::Unexpected(_) => "出了点问题，请稍后再试。".to_owned(),
        }
    }

    /// The server's or the form's message for one field, if any.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Api(err) => err.field(name).map(str::to_owned),
            _ => None,
        }
    }
}

impl From<linli_core::validate::Invalid> for AppError {
    fn from(invalid: linli_core::validate::Invalid) -> Self {
        AppError::Api(invalid.into())
    }
}
