//! Residents from a spreadsheet: 姓名, 手机号, 楼栋, 单元, 房号, 居民代表. A new resident
//! becomes a verified account without a password (they set one with a code from the
//! desk); a known one is brought up to date.

use std::collections::HashMap;

use super::{
    Column, ImportRow, Planned, Problem, RowStatus, Sheet, cell, data_rows, locate, problem, yes_no,
};
use crate::account::{MAX_NAME_CHARS, MAX_UNIT_ROOM_CHARS, Role, is_valid_phone, normalize_phone};
use crate::admin::ranges::building_name;
use crate::validate::char_len;

const NAME: usize = 0;
const PHONE: usize = 1;
const BUILDING: usize = 2;
const UNIT: usize = 3;
const ROOM: usize = 4;
const REPRESENTATIVE: usize = 5;

const COLUMNS: [Column; 6] = [
    Column::name(),
    Column::phone(true),
    Column::building(),
    Column::unit(false),
    Column::room(false),
    Column {
        label: "居民代表",
        aliases: &["是否居民代表", "代表"],
        required: false,
    },
];

/// An account the community (or another) already has under a phone of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAccount {
    pub id: String,
    /// Whether it belongs to the importing community.
    pub same_community: bool,
    pub role: Role,
    pub display_name: String,
    pub building_name: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
    pub representative: bool,
    pub verified: bool,
    pub disabled: bool,
}

/// A resident as a row gives them. Unit, room and 居民代表 are `None` where the file has
/// no such column: a known resident keeps theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentRecord {
    pub name: String,
    pub phone: String,
    pub building: String,
    pub unit: Option<Option<String>>,
    pub room: Option<Option<String>>,
    pub representative: Option<bool>,
}

/// What applying a row writes: a new account, or a change of a known one (by id) that
/// also verifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentImport {
    pub existing_id: Option<String>,
    pub record: ResidentRecord,
}

/// A unit as stored: "2" and "2单元" are both "2单元".
fn unit_name(unit: &str) -> String {
    if !unit.is_empty() && unit.bytes().all(|b| b.is_ascii_digit()) {
        format!("{unit}单元")
    } else {
        unit.to_owned()
    }
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// One row read and checked (the buildings it may name given), or its problems.
fn read_row(
    cells: &[String],
    at: &[Option<usize>],
    buildings: &[String],
) -> Result<ResidentRecord, Vec<Problem>> {
    let mut problems = Vec::new();
    let name = cell(cells, at[NAME]).to_owned();
    if name.is_empty() {
        problems.push(problem("姓名", "请填写姓名"));
    } else if char_len(&name) > MAX_NAME_CHARS {
        problems.push(problem(
            "姓名",
            format!("姓名不能超过 {MAX_NAME_CHARS} 个字"),
        ));
    }
    let phone = normalize_phone(cell(cells, at[PHONE]));
    if phone.is_empty() {
        problems.push(problem("手机号", "请填写手机号"));
    } else if !is_valid_phone(&phone) {
        problems.push(problem("手机号", "手机号应为 11 位数字，以 1 开头"));
    }
    let building = building_name(cell(cells, at[BUILDING]));
    if building.is_empty() {
        problems.push(problem("楼栋", "请填写楼栋"));
    } else if !buildings.contains(&building) {
        problems.push(problem(
            "楼栋",
            format!("社区没有“{building}”，请先在楼栋管理中添加"),
        ));
    }
    let unit = at[UNIT].map(|_| optional(&unit_name(cell(cells, at[UNIT]))));
    let room = at[ROOM].map(|_| optional(cell(cells, at[ROOM])));
    for (label, value) in [("单元", &unit), ("房号", &room)] {
        if value
            .iter()
            .flatten()
            .any(|v| char_len(v) > MAX_UNIT_ROOM_CHARS)
        {
            problems.push(problem(
                label,
                format!("{label}不能超过 {MAX_UNIT_ROOM_CHARS} 个字"),
            ));
        }
    }
    let representative = match at[REPRESENTATIVE] {
        None => None,
        Some(_) => yes_no(cell(cells, at[REPRESENTATIVE])).or_else(|| {
            problems.push(problem("居民代表", "请填“是”或“否”（或留空）"));
            None
        }),
    };
    if problems.is_empty() {
        Ok(ResidentRecord {
            name,
            phone,
            building,
            unit,
            room,
            representative,
        })
    } else {
        Err(problems)
    }
}

/// The phones of the file's rows, as accounts are looked up by them (read as the plan
/// reads them); empty when the file has no phone column.
pub fn phones(sheet: &Sheet) -> Vec<String> {
    let Ok(at) = locate(sheet.first().map_or(&[][..], Vec::as_slice), &COLUMNS) else {
        return Vec::new();
    };
    sheet
        .iter()
        .skip(1)
        .map(|cells| normalize_phone(cell(cells, at[PHONE])))
        .filter(|p| is_valid_phone(p))
        .collect()
}

/// The plan for each row of `sheet`: `buildings` are the names of the community's
/// buildings in use, `known` the accounts under the file's phones. Or why the file
/// cannot be imported.
pub fn plan(
    sheet: &Sheet,
    buildings: &[String],
    known: &HashMap<String, KnownAccount>,
) -> Result<Vec<Planned<ResidentImport>>, Vec<Problem>> {
    let at = locate(sheet.first().map_or(&[][..], Vec::as_slice), &COLUMNS)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plans = Vec::new();
    for (row, cells) in data_rows(sheet)? {
        let record = read_row(cells, &at, buildings).and_then(|r| match seen.get(&r.phone) {
            Some(first) => Err(vec![problem(
                "手机号",
                format!("和第 {first} 行的手机号重复"),
            )]),
            None => Ok(r),
        });
        let planned = match record {
            Ok(record) => {
                seen.insert(record.phone.clone(), row);
                plan_row(row, record, known)
            }
            Err(problems) => Planned::refused(row, problems),
        };
        plans.push(planned);
    }
    Ok(plans)
}

fn plan_row(
    row: usize,
    record: ResidentRecord,
    known: &HashMap<String, KnownAccount>,
) -> Planned<ResidentImport> {
    let Some(account) = known.get(&record.phone) else {
        let summary = format!(
            "新建居民 {}（{}），凭服务站的验证码设密码",
            record.name,
            home(&record)
        );
        return planned(
            row,
            RowStatus::Add,
            summary,
            ResidentImport {
                existing_id: None,
                record,
            },
        );
    };
    let refuse = |reason: String| Planned::refused(row, vec![problem("手机号", reason)]);
    if !account.same_community {
        return refuse("这个手机号已在其他社区注册".to_owned());
    }
    if account.role != Role::Resident {
        return refuse(format!(
            "这个手机号是{}的账号，请在人员管理中修改",
            account.role.label()
        ));
    }
    if account.disabled {
        return refuse("这个账号已停用，请先在人员管理中恢复".to_owned());
    }
    let changes = differences(&record, account);
    if changes.is_empty() {
        let summary = format!("{} 已有，没有变化", record.name);
        return Planned {
            row: ImportRow {
                row,
                status: RowStatus::Same,
                summary,
                problems: Vec::new(),
            },
            apply: None,
        };
    }
    let summary = format!("{}：{}", account.display_name, changes.join("；"));
    planned(
        row,
        RowStatus::Change,
        summary,
        ResidentImport {
            existing_id: Some(account.id.clone()),
            record,
        },
    )
}

/// What a row changes of a known resident, in words.
fn differences(r: &ResidentRecord, a: &KnownAccount) -> Vec<String> {
    let mut changes = Vec::new();
    let show = |v: Option<&str>| v.unwrap_or("未填").to_owned();
    let mut compare = |label: &str, before: Option<&str>, after: Option<&str>| {
        if before != after {
            changes.push(format!("{label} {} → {}", show(before), show(after)));
        }
    };
    compare("姓名", Some(&a.display_name), Some(&r.name));
    compare("楼栋", a.building_name.as_deref(), Some(&r.building));
    if let Some(unit) = &r.unit {
        compare("单元", a.unit.as_deref(), unit.as_deref());
    }
    if let Some(room) = &r.room {
        compare("房号", a.room.as_deref(), room.as_deref());
    }
    let label = |yes: bool| if yes { "是" } else { "否" };
    if let Some(representative) = r.representative {
        compare(
            "居民代表",
            Some(label(a.representative)),
            Some(label(representative)),
        );
    }
    if !a.verified {
        changes.push("核实身份".to_owned());
    }
    changes
}

fn planned(
    row: usize,
    status: RowStatus,
    summary: String,
    apply: ResidentImport,
) -> Planned<ResidentImport> {
    Planned {
        row: ImportRow {
            row,
            status,
            summary,
            problems: Vec::new(),
        },
        apply: Some(apply),
    }
}

/// "3栋 2单元 301".
fn home(r: &ResidentRecord) -> String {
    let parts = [
        Some(r.building.clone()),
        r.unit.clone().flatten(),
        r.room.clone().flatten(),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::import::sheet;

    fn account(id: &str, building: &str) -> KnownAccount {
        KnownAccount {
            id: id.into(),
            same_community: true,
            role: Role::Resident,
            display_name: "王秀兰".into(),
            building_name: Some(building.into()),
            unit: Some("2单元".into()),
            room: Some("301".into()),
            representative: false,
            verified: true,
            disabled: false,
        }
    }

    #[test]
    fn each_row_is_planned_with_its_reasons() {
        let buildings = ["3栋".to_owned(), "5栋".to_owned()];
        let known = HashMap::from([
            ("13800000004".to_owned(), account("wang", "3栋")),
            ("13800000005".to_owned(), account("li", "3栋")),
            (
                "13800000006".to_owned(),
                KnownAccount {
                    same_community: false,
                    ..account("zhou", "7栋")
                },
            ),
            (
                "13800000002".to_owned(),
                KnownAccount {
                    role: Role::CommunityWorker,
                    ..account("qian", "3栋")
                },
            ),
        ]);
        let s = sheet(&[
            &["姓名", "手机", "楼号", "单元", "房号", "是否居民代表"],
            &["王秀兰", "13800000004", "3栋", "2", "301", "否"],
            &["王秀兰", "13800000005", "5号楼", "2单元", "301", "是"],
            &["陈奶奶", "139 1234 5678", "3栋", "1", "101", ""],
            &["", "1390000", "9栋", "", "", "也许"],
            &["周桂芳", "13800000006", "3栋", "", "", ""],
            &["钱晓燕", "13800000002", "3栋", "", "", ""],
            &["陈奶奶", "13912345678", "3栋", "1", "101", ""],
        ]);
        let plans = plan(&s, &buildings, &known).unwrap();
        use RowStatus::*;
        let got: Vec<RowStatus> = plans.iter().map(|p| p.row.status).collect();
        assert_eq!(got, [Same, Change, Add, Refuse, Refuse, Refuse, Refuse]);
        assert_eq!(
            plans[1].row.summary,
            "王秀兰：楼栋 3栋 → 5栋；居民代表 否 → 是"
        );
        assert_eq!(
            plans[2].row.summary,
            "新建居民 陈奶奶（3栋 1单元 101），凭服务站的验证码设密码"
        );
        let columns: Vec<&str> = plans[3]
            .row
            .problems
            .iter()
            .map(|p| p.column.as_str())
            .collect();
        assert_eq!(columns, ["姓名", "手机号", "楼栋", "居民代表"]);
        assert_eq!(
            plans[3].row.problems[2].reason,
            "社区没有“9栋”，请先在楼栋管理中添加"
        );
        assert_eq!(
            plans[4].row.problems[0].reason,
            "这个手机号已在其他社区注册"
        );
        assert_eq!(
            plans[5].row.problems[0].reason,
            "这个手机号是社区工作者的账号，请在人员管理中修改"
        );
        assert_eq!(plans[6].row.problems[0].reason, "和第 4 行的手机号重复");
        let add = plans[2].apply.as_ref().unwrap();
        assert_eq!(add.record.phone, "13912345678");
        assert_eq!(add.record.unit, Some(Some("1单元".to_owned())));
    }

    #[test]
    fn waiting_residents_in_the_roster_are_verified() {
        let known = HashMap::from([(
            "13800000004".to_owned(),
            KnownAccount {
                verified: false,
                ..account("wang", "3栋")
            },
        )]);
        let s = sheet(&[
            &["姓名", "手机号", "楼栋"],
            &["王秀兰", "13800000004", "3栋"],
        ]);
        let plans = plan(&s, &["3栋".to_owned()], &known).unwrap();
        assert_eq!(plans[0].row.status, RowStatus::Change);
        assert_eq!(plans[0].row.summary, "王秀兰：核实身份");
        assert_eq!(
            plans[0].apply.as_ref().unwrap().record.unit,
            None,
            "no unit column: kept"
        );
    }
}
