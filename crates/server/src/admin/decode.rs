//! A spreadsheet file as text cells: `.xlsx` (by its zip signature), else `.csv` in
//! UTF-8 (with or without a BOM) or, when the bytes are not UTF-8, GBK, as Excel in
//! Chinese saves it.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use linli_core::admin::import::Sheet;

const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// The old binary Excel format (.xls), which is not read.
const XLS_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The first sheet of `bytes`, or why the file cannot be read (for the field `file`).
pub fn sheet(bytes: &[u8]) -> Result<Sheet, &'static str> {
    if bytes.starts_with(ZIP_SIGNATURE) {
        xlsx(bytes)
    } else if bytes.starts_with(XLS_SIGNATURE) {
        Err("不支持旧版 .xls 文件，请在 Excel 里另存为 .xlsx 或 .csv 再导入")
    } else {
        csv(&text(bytes))
    }
}

/// The text of a CSV file: UTF-8 when it is (a BOM dropped), else GBK.
fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn csv(text: &str) -> Result<Sheet, &'static str> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|record| record.iter().map(str::to_owned).collect())
                .map_err(|_| "这个文件读不出来，请用 Excel 另存为 .xlsx 或 .csv 再导入")
        })
        .collect()
}

fn xlsx(bytes: &[u8]) -> Result<Sheet, &'static str> {
    const UNREADABLE: &str = "这个 Excel 文件打不开，请确认是 .xlsx 文件";
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| UNREADABLE)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or("这个 Excel 文件里没有工作表")?
        .map_err(|_| UNREADABLE)?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell).collect())
        .collect())
}

/// A cell as text: whole numbers without ".0" (a phone number typed as a number).
fn cell(data: &Data) -> String {
    match data {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_a_bom_or_gbk_reads_alike() {
        let utf8 = "\u{feff}姓名,手机号\n王秀兰,13800000004\n";
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机号\n王秀兰,13800000004\n");
        for bytes in [utf8.as_bytes(), &gbk[..]] {
            let sheet = sheet(bytes).unwrap();
            assert_eq!(sheet[0], ["姓名", "手机号"]);
            assert_eq!(sheet[1], ["王秀兰", "13800000004"]);
        }
        assert!(sheet(&[0xD0, 0xCF, 0x11, 0xE0, 0]).is_err());
    }

    #[test]
    fn whole_numbers_lose_their_point() {
        assert_eq!(cell(&Data::Float(13800000004.0)), "13800000004");
        assert_eq!(cell(&Data::Float(2.5)), "2.5");
        assert_eq!(cell(&Data::String(" 3栋".into())), " 3栋");
    }
}
