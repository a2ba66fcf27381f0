//! `PUT /api/blobs/{id}`: idempotent upload of a photo; `GET` to show it.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use linli_core::blob::{MAX_BLOB_BYTES, sniff_image};
use linli_core::error::ErrorCode;
use sha2::{Digest, Sha256};

use crate::auth::CurrentUser;
use crate::db::{self, blobs::NewBlob};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/blobs/{id}", put(blobs_put).get(blobs_show))
        // Leave room over the limit so an oversized upload gets our own clear message.
        .layer(DefaultBodyLimit::max(MAX_BLOB_BYTES * 4))
}

fn too_large(bytes: usize) -> AppError {
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "照片太大了（{} KB），最大 {} KB。请重新选择照片",
            bytes / 1024,
            MAX_BLOB_BYTES / 1024
        ),
    )
}

fn parse_id(id: &str) -> AppResult<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| AppError::bad_request("文件编号无效"))
}

async fn blobs_put(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id)?;
    let body = body.map_err(|_| too_large(MAX_BLOB_BYTES * 4))?;
    if body.len() > MAX_BLOB_BYTES {
        return Err(too_large(body.len()));
    }
    let content_type = sniff_image(&body).ok_or_else(|| {
        AppError::new(
            ErrorCode::UnsupportedMediaType,
            "只能上传照片（JPEG、PNG 或 WebP 格式）",
        )
    })?;
    let sha256 = hex::encode(Sha256::digest(&body));
    let existing = db::blobs::insert(
        &state.pool,
        &NewBlob {
            id: &id,
            community_id: &user.community_id,
            owner_id: &user.id,
            content_type,
            sha256: &sha256,
            data: &body,
        },
    )
    .await?;
    match existing {
        None => Ok(StatusCode::CREATED),
        // The same upload again (a retry after a lost answer).
        Some(stored) if stored == sha256 => Ok(StatusCode::OK),
        Some(_) => Err(AppError::conflict("id", "这个文件编号已经用于另一张照片")),
    }
}

async fn blobs_show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let blob = db::blobs::fetch(&state.pool, &id, &user.community_id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这张照片"))?;
    let mut res = blob.data.into_response();
    let headers = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&blob.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // An id's content never changes; it is private to the community.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(res)
}
