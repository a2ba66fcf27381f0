//! CSV files to download, as Excel opens them with the Chinese intact: rosters, hours,
//! the audit log.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::AppResult;

/// Excel reads a CSV file as the local code page unless it starts with this.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file to download, named `name` (with `ascii_name` for old browsers).
pub fn download(
    ascii_name: &str,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> AppResult<Response> {
    let mut writer = csv::Writer::from_writer(UTF8_BOM.to_vec());
    writer.write_record(header).map_err(anyhow::Error::from)?;
    for row in rows {
        writer.write_record(&row).map_err(anyhow::Error::from)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing csv: {}", e.error()))?;
    let disposition = format!(
        "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    );
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?,
    );
    Ok(res)
}

/// Text typed by people, made safe for a spreadsheet: a leading `=`, `+`, `-`
/// or `@` would otherwise make Excel run it as a formula.
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Characters that cannot stand in a file name on common systems.
pub fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}
