//! A building's 说事 QR code: staff print it and stick it in the stairwell;
//! residents scan it to report a problem with the building already chosen.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report_qr))
}

/// Pixels per QR module: a code of about 40 mm when printed at 96 dpi.
const MODULE_PX: u32 = 8;
/// The white margin a reader needs around the code: four modules.
const MARGIN_PX: u32 = 4 * MODULE_PX;
/// Room under the code for the two lines of text.
const CAPTION_PX: u32 = 96;

/// Text made safe to stand in an SVG document.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The QR code of `url`, with what it is for written under it: an SVG document.
pub fn qr_poster(url: &str, building: &str, community: &str) -> AppResult<String> {
    let code = QrCode::with_error_correction_level(url, EcLevel::Q)
        .map_err(|e| anyhow::anyhow!("qr code: {e}"))?;
    let rendered = code
        .render::<svg::Color<'_>>()
        .quiet_zone(false)
        .module_dimensions(MODULE_PX, MODULE_PX)
        .build();
    // The code's own <svg> element, without its XML declaration, nests in ours.
    let inner = rendered
        .find("<svg")
        .map(|start| &rendered[start..])
        .unwrap_or_default();
    let size = code.width() as u32 * MODULE_PX;
    let width = size + 2 * MARGIN_PX;
    let height = size + MARGIN_PX + CAPTION_PX;
    let middle = width / 2;
    let title_y = MARGIN_PX + size + 44;
    let subtitle_y = title_y + 34;
    let font = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif";
    Ok(format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#,
            r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>"##,
            r#"<g transform="translate({margin} {margin})">{inner}</g>"#,
            r##"<text x="{middle}" y="{title_y}" text-anchor="middle" font-family="{font}" font-size="28" font-weight="bold" fill="#000">扫码反映 {building} 的问题</text>"##,
            r##"<text x="{middle}" y="{subtitle_y}" text-anchor="middle" font-family="{font}" font-size="20" fill="#444">{community} · 居民说事</text>"##,
            "</svg>"
        ),
        width = width,
        height = height,
        margin = MARGIN_PX,
        inner = inner,
        middle = middle,
        title_y = title_y,
        subtitle_y = subtitle_y,
        font = font,
        building = xml_text(building),
        community = xml_text(community),
    ))
}

/// Public, like the list of communities and buildings: a printed poster opens
/// the app, which asks the resident to log in before they report.
#[utoipa::path(
    get, path = "/communities/{community_id}/buildings/{building_id}/report-qr.svg", tag = "reports",
    params(("community_id" = String, Path), ("building_id" = String, Path)),
    responses((status = 200, description = "A printable poster", content_type = "image/svg+xml", body = String))
)]
async fn report_qr(
    State(state): State<AppState>,
    Path((community_id, building_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let label = db::communities::building_label(&state.pool, &community_id, &building_id)
        .await?
        .ok_or_else(|| AppError::not_found("找不到这栋楼"))?;
    // The configured address (`--public-url`), never the request's Host: a printed
    // poster must not lead residents to wherever a forged request pointed.
    let url = format!(
        "{}/reports/new?building={building_id}",
        state.settings.public_url
    );
    let mut res = qr_poster(&url, &label.building, &label.community)?.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    Ok(res)
}
