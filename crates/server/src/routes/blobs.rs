//! `PUT /api/blobs/{id}`: idempotent upload of a photo; `GET` to show it.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_core::blob::{MAX_BLOB_BYTES, sniff_image};
use linli_core::error::ErrorCode;
use sha2::{Digest, Sha256};

use crate::auth::CurrentUser;
use crate::db::{self, blobs::NewBlob};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(blobs_put, blobs_show))
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

/// Photos one account may upload in a day, and their bytes: a case takes a few, of
/// about 300 KB each once the app has shrunk them.
pub const MAX_BLOBS_PER_DAY: i64 = 60;
pub const MAX_BLOB_BYTES_PER_DAY: i64 = 40 * 1024 * 1024;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn quota_exceeded() -> AppError {
    AppError::new(
        ErrorCode::TooManyRequests,
        format!(
            "今天上传的照片太多了（每天最多 {MAX_BLOBS_PER_DAY} 张、{} MB），请明天再传",
            MAX_BLOB_BYTES_PER_DAY / 1024 / 1024
        ),
    )
}

/// The blob directory failed (a full or missing disk): logged, and a plain 500.
fn blob_store_failed(err: std::io::Error) -> AppError {
    AppError::internal(anyhow::Error::new(err).context("the blob directory"))
}

fn parse_id(id: &str) -> AppResult<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| AppError::bad_request("文件编号无效"))
}

/// Uploads a photo under the id the device chose (idempotent: the same bytes again are a
/// 200). Only JPEG, PNG or WebP, at most a few hundred KB, within a daily quota.
#[utoipa::path(put, path = "/blobs/{id}", tag = "blobs",
    params(("id" = String, Path, description = "A UUID chosen by the device")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The photo's bytes"),
    responses(
        (status = 201, description = "Stored"),
        (status = 200, description = "Already stored with the same bytes"),
    ),
    security(("bearer" = [])))]
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
    // One write transaction: the quota's count and the new blob are one step (and a file
    // in the blob directory is written under its lock: `blob_store`).
    let mut tx = db::begin_write(&state.pool).await?;
    match db::blobs::stored_sha256(&mut tx, &id).await? {
        // The same upload again (a retry after a lost answer).
        Some(stored) if stored == sha256 => return Ok(StatusCode::OK),
        Some(_) => return Err(AppError::conflict("id", "这个文件编号已经用于另一张照片")),
        None => {}
    }
    let (count, bytes) = db::blobs::stored_since(&mut tx, &user.id, db::now_ms() - DAY_MS).await?;
    if count >= MAX_BLOBS_PER_DAY || bytes + body.len() as i64 > MAX_BLOB_BYTES_PER_DAY {
        return Err(quota_exceeded());
    }
    let in_directory = state
        .blobs
        .put(&id, &body)
        .await
        .map_err(blob_store_failed)?;
    let blob = NewBlob {
        id: &id,
        community_id: &user.community_id,
        owner_id: &user.id,
        content_type,
        sha256: &sha256,
        size: body.len(),
        data: if in_directory { &[] } else { &body },
        in_directory,
    };
    db::blobs::insert(&mut tx, &blob).await?;
    tx.commit().await?;
    Ok(StatusCode::CREATED)
}

/// A photo of the caller's community, with the type its bytes are.
#[utoipa::path(get, path = "/blobs/{id}", tag = "blobs",
    params(("id" = String, Path, description = "The photo's UUID")),
    responses((status = 200, description = "The photo", content(
        (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")))),
    security(("bearer" = [])))]
async fn blobs_show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let blob = db::blobs::fetch(&state.pool, &id, &user.community_id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这张照片"))?;
    let data = if blob.in_directory {
        state.blobs.read(&id).await.map_err(blob_store_failed)?
    } else {
        blob.data
    };
    // The type the bytes are, never a stored or claimed one (with nosniff, from the layers).
    let content_type = sniff_image(&data).unwrap_or("application/octet-stream");
    let mut res = data.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // An id's content never changes; it is private to the community.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(res)
}
