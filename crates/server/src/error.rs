//! `AppError`: every failure a handler can return, turned into the JSON body
//! `{code, message, fields?}` with the status its code calls for.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_core::error::{ApiError, ErrorCode, FieldError};
use linli_core::validate::Invalid;

/// The HTTP status of each error code: the one place that pairs them.
pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::ProtocolMismatch => StatusCode::CONFLICT,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A failure a route answers with: its code and message for the person, and for an
/// internal one its cause.
#[derive(Debug)]
pub struct AppError {
    body: ApiError,
    /// What went wrong inside, for the log; never shown to the person.
    cause: Option<anyhow::Error>,
    /// Answered as 503 instead of its code's status: the server is busy for now.
    unavailable: bool,
    /// Seconds to wait before trying again (`Retry-After`), for a refusal that passes.
    retry_after: Option<u64>,
}

pub type AppResult<T> = Result<T, AppError>;

/// Seconds a client is asked to wait when the server is busy.
const BUSY_RETRY_AFTER_SECS: u64 = 5;

/// The cause of an internal error, carried on its response to the one layer that logs
/// it (`lib.rs`).
#[derive(Debug, Clone)]
pub struct Cause(pub Arc<anyhow::Error>);

impl AppError {
    /// An error of `code`, told to the person as `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            body: ApiError::new(code, message),
            cause: None,
            unavailable: false,
            retry_after: None,
        }
    }

    /// Too many attempts: refused for `wait_ms`, said in whole minutes.
    pub fn too_many(message: impl FnOnce(i64) -> String, wait_ms: i64) -> Self {
        let minutes = (wait_ms.max(0) as f64 / 60_000.0).ceil().max(1.0) as i64;
        Self {
            retry_after: Some((wait_ms.max(1_000) as u64).div_ceil(1_000)),
            ..Self::new(ErrorCode::TooManyRequests, message(minutes))
        }
    }

    /// The server is at its limit: a 503 the app retries like any passing failure (its
    /// code is `internal`, which every app version reads as "try again later").
    pub fn busy() -> Self {
        Self {
            unavailable: true,
            retry_after: Some(BUSY_RETRY_AFTER_SECS),
            ..Self::new(ErrorCode::Internal, "现在使用的人太多，请过一会儿再试")
        }
    }

    /// The request took longer than the server allows.
    pub fn timeout() -> Self {
        Self {
            unavailable: true,
            ..Self::new(ErrorCode::Internal, "请求时间太长，请到信号好的地方再试")
        }
    }

    /// The same error, naming the field it is about.
    pub fn on_field(mut self, field: &str) -> Self {
        self.body.fields.push(FieldError {
            field: field.to_owned(),
            message: self.body.message.clone(),
        });
        self
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// The value of `field` clashes with existing data.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message).on_field(field)
    }

    pub fn protocol_mismatch() -> Self {
        Self::new(ErrorCode::ProtocolMismatch, "邻里已经更新，请刷新页面")
    }

    /// One invalid field, found only on the server (e.g. a building of another community).
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Invalid::one(field, message).into()
    }

    /// A failure inside the server: the person is told to try later, the log gets `cause`.
    pub fn internal(cause: anyhow::Error) -> Self {
        Self {
            cause: Some(cause),
            ..Self::new(ErrorCode::Internal, "社区的系统出了点问题，请过一会儿再试")
        }
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        Self {
            body: invalid.into(),
            ..Self::new(ErrorCode::Validation, "")
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        Self::internal(anyhow::Error::new(err).context("database error"))
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        Self::internal(err)
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                Self::new(ErrorCode::UnsupportedMediaType, "请求格式不对：需要 JSON")
            }
            JsonRejection::BytesRejection(_) => {
                Self::new(ErrorCode::PayloadTooLarge, "提交的内容太大")
            }
            other => Self::bad_request(format!("请求内容无法识别：{}", other.body_text())),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request(format!("请求参数有误：{}", rejection.body_text()))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = if self.unavailable {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            status(self.body.code)
        };
        let mut res = (status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(cause) = self.cause {
            res.extensions_mut().insert(Cause(Arc::new(cause)));
        }
        res
    }
}

/// `axum::Json`, but a body that cannot be read becomes our JSON error instead of plain text.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// `axum::extract::Query`, but parameters that cannot be read become our JSON error
/// instead of plain text.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);
