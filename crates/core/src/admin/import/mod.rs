//! Importing buildings and residents from a spreadsheet, as pure rules: the server
//! decodes the file (`.xlsx`, or `.csv` in UTF-8 or GBK) into a [`Sheet`] of text cells;
//! here each row becomes a checked record or the reasons it is refused, and is compared
//! with what the community already has: to be added, changed, left as it is, or refused.
//! Staff see that plan first (nothing written); the same file confirmed applies it in
//! one transaction. A file imported twice plans nothing the second time.
//!
//! Columns are found by their names in the first row, tolerantly: spaces, full-width
//! letters, a trailing "*" or "（必填）", and a few other names people use ("手机" for
//! 手机号, "楼号" for 楼栋) all match.

pub mod buildings;
pub mod residents;

use serde::{Deserialize, Serialize};

/// The first sheet of a file as text cells, row by row; the first row names the columns.
pub type Sheet = Vec<Vec<String>>;

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 5000;

/// What an import will do (or did) with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Add,
    Change,
    /// Already so: nothing to do.
    Same,
    Refuse,
}

/// Why a row (or the file) is refused: the column and the reason, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub column: String,
    pub reason: String,
}

/// One row of the file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// As the spreadsheet numbers it: the column names are row 1.
    pub row: usize,
    pub status: RowStatus,
    /// What will be done, in words: "新建 王秀兰（3栋 2单元 301）", "楼栋 3栋 → 5栋".
    pub summary: String,
    pub problems: Vec<Problem>,
}

/// The answer of an import, preview or confirmed: each row, and how many of each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    pub added: usize,
    pub changed: usize,
    pub same: usize,
    pub refused: usize,
    /// Whether it was written (a confirmed import), or only previewed.
    pub applied: bool,
}

impl ImportReport {
    pub fn new(rows: Vec<ImportRow>, applied: bool) -> Self {
        let count = |status| rows.iter().filter(|r| r.status == status).count();
        Self {
            added: count(RowStatus::Add),
            changed: count(RowStatus::Change),
            same: count(RowStatus::Same),
            refused: count(RowStatus::Refuse),
            rows,
            applied,
        }
    }

    /// A file refused as a whole (a column missing, nothing in it): its first row says why.
    pub fn refused(problems: Vec<Problem>) -> Self {
        let summary = "这个文件不能导入".to_owned();
        let row = ImportRow {
            row: 1,
            status: RowStatus::Refuse,
            summary,
            problems,
        };
        Self::new(vec![row], false)
    }
}

/// A row's plan: how the preview shows it, and what applying it writes (`None` for a
/// row refused or already so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned<T> {
    pub row: ImportRow,
    pub apply: Option<T>,
}

impl<T> Planned<T> {
    pub(crate) fn refused(row: usize, problems: Vec<Problem>) -> Self {
        Self {
            row: ImportRow {
                row,
                status: RowStatus::Refuse,
                summary: "不导入".to_owned(),
                problems,
            },
            apply: None,
        }
    }
}

/// A column the importer looks for: its name, the other names it goes by, and whether a
/// file without it is refused.
pub(crate) struct Column {
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl Column {
    /// A person's name: 姓名.
    pub(crate) const fn name() -> Self {
        Column {
            label: "姓名",
            aliases: &["名字", "称呼", "居民姓名", "成员姓名"],
            required: true,
        }
    }

    /// A phone: 手机号.
    pub(crate) const fn phone(required: bool) -> Self {
        Column {
            label: "手机号",
            aliases: &["手机", "手机号码", "电话", "联系电话"],
            required,
        }
    }

    /// The building of an address: 楼栋.
    pub(crate) const fn building() -> Self {
        Column {
            label: "楼栋",
            aliases: &["楼号", "楼栋号", "楼", "栋"],
            required: true,
        }
    }

    /// The unit of an address: 单元.
    pub(crate) const fn unit(required: bool) -> Self {
        Column {
            label: "单元",
            aliases: &["单元号"],
            required,
        }
    }

    /// The room of an address: 房号.
    pub(crate) const fn room(required: bool) -> Self {
        Column {
            label: "房号",
            aliases: &["房间号", "门牌号", "室", "房间"],
            required,
        }
    }
}

/// A column name as compared: no spaces, full-width as half-width, no "*" or
/// "（必填）"/"(选填)" marks, lower case.
fn header_key(name: &str) -> String {
    let mut key: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .map(|c| match c {
            '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    for mark in ["(必填)", "(选填)", "(可不填)"] {
        key = key.replace(mark, "");
    }
    key
}

/// Where each of `columns` is in the header row, or why the file cannot be read.
pub(crate) fn locate(
    header: &[String],
    columns: &[Column],
) -> Result<Vec<Option<usize>>, Vec<Problem>> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for column in columns {
        let at = keys.iter().position(|k| {
            *k == header_key(column.label) || column.aliases.iter().any(|a| *k == header_key(a))
        });
        if at.is_none() && column.required {
            let names: Vec<&str> = columns.iter().map(|c| c.label).collect();
            problems.push(Problem {
                column: column.label.to_owned(),
                reason: format!(
                    "找不到“{}”这一列。第一行应是列名：{}",
                    column.label,
                    names.join("、")
                ),
            });
        }
        found.push(at);
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// The data rows of a sheet with their spreadsheet numbers, blank ones left out; or why
/// the sheet cannot be imported.
pub(crate) fn data_rows(sheet: &Sheet) -> Result<Vec<(usize, &[String])>, Vec<Problem>> {
    let rows: Vec<(usize, &[String])> = sheet
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| (i + 1, cells.as_slice()))
        .collect();
    let whole = |reason: String| {
        vec![Problem {
            column: String::new(),
            reason,
        }]
    };
    if rows.is_empty() {
        return Err(whole(
            "表格里没有数据：第一行是列名，从第二行起每行一条".to_owned(),
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(whole(format!("一次最多导入 {MAX_ROWS} 行，请分成几个文件")));
    }
    Ok(rows)
}

/// The trimmed text of a row's cell in `column` (empty when the column or cell is missing).
pub(crate) fn cell(cells: &[String], column: Option<usize>) -> &str {
    column.and_then(|i| cells.get(i)).map_or("", |c| c.trim())
}

pub(crate) fn problem(column: &str, reason: impl Into<String>) -> Problem {
    Problem {
        column: column.to_owned(),
        reason: reason.into(),
    }
}

/// "是" or "否" in the ways people write them.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "1" | "√" | "✓" | "对" | "true" => Some(true),
        "否" | "n" | "no" | "0" | "" | "×" | "不是" | "false" => Some(false),
        _ => None,
    }
}

/// A sheet of these rows, for tests.
#[cfg(test)]
pub(crate) fn sheet(rows: &[&[&str]]) -> Sheet {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_tolerantly() {
        let columns = [
            Column {
                label: "手机号",
                aliases: &["手机", "联系电话"],
                required: true,
            },
            Column {
                label: "单元",
                aliases: &[],
                required: false,
            },
        ];
        let header = sheet(&[&[" 联系电话* ", "ＡＢ", "单元（选填）"]]);
        assert_eq!(locate(&header[0], &columns), Ok(vec![Some(0), Some(2)]));
        let problems = locate(&sheet(&[&["姓名"]])[0], &columns).unwrap_err();
        assert_eq!(problems[0].column, "手机号");
        assert!(problems[0].reason.starts_with("找不到“手机号”这一列"));
    }

    #[test]
    fn blank_rows_are_skipped_and_rows_numbered_as_in_the_sheet() {
        let s = sheet(&[&["姓名"], &["王"], &["", " "], &["李"]]);
        let rows = data_rows(&s).unwrap();
        assert_eq!(rows.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [2, 4]);
        assert!(data_rows(&sheet(&[&["姓名"], &[""]])).is_err());
    }
}
