//! Buildings from a spreadsheet: 楼栋, 单元数, 层数 — one building a row.

use std::collections::HashMap;

use super::{
    Column, ImportRow, Planned, Problem, RowStatus, Sheet, cell, data_rows, locate, problem,
};
use crate::admin::ranges::{MAX_BUILDING_NAME_CHARS, building_name, parse_floors, parse_units};

const COLUMNS: [Column; 3] = [
    Column {
        label: "楼栋",
        aliases: &["楼号", "楼栋号", "楼", "栋", "楼栋名称"],
        required: true,
    },
    Column {
        label: "单元数",
        aliases: &["单元", "单元数量"],
        required: false,
    },
    Column {
        label: "层数",
        aliases: &["楼层", "楼层数", "总层数"],
        required: false,
    },
];

/// A building as the community already has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownBuilding {
    pub id: String,
    pub units: Option<u32>,
    pub floors: Option<u32>,
    pub retired: bool,
}

/// What applying a row writes: a new building, or a change of one (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingImport {
    pub existing_id: Option<String>,
    pub name: String,
    pub units: Option<u32>,
    pub floors: Option<u32>,
}

/// The plan for each row of `sheet`, against the community's buildings by name; or why
/// the file cannot be imported. A blank 单元数 or 层数 leaves what is known.
pub fn plan(
    sheet: &Sheet,
    known: &HashMap<String, KnownBuilding>,
) -> Result<Vec<Planned<BuildingImport>>, Vec<Problem>> {
    let at = locate(sheet.first().map_or(&[][..], Vec::as_slice), &COLUMNS)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plans = Vec::new();
    for (row, cells) in data_rows(sheet)? {
        let mut problems = Vec::new();
        let raw = cell(cells, at[0]);
        let name = building_name(raw);
        if name.is_empty() {
            problems.push(problem("楼栋", "请填写楼栋，例如 12栋"));
        } else if name.chars().count() > MAX_BUILDING_NAME_CHARS {
            problems.push(problem(
                "楼栋",
                format!("楼栋名称不能超过 {MAX_BUILDING_NAME_CHARS} 个字"),
            ));
        } else if let Some(first) = seen.get(&name) {
            problems.push(problem("楼栋", format!("和第 {first} 行是同一栋楼")));
        }
        let units = parse_units(cell(cells, at[1])).unwrap_or_else(|e| {
            problems.push(problem("单元数", e));
            None
        });
        let floors = parse_floors(cell(cells, at[2])).unwrap_or_else(|e| {
            problems.push(problem("层数", e));
            None
        });
        if !problems.is_empty() {
            plans.push(Planned::refused(row, problems));
            continue;
        }
        seen.insert(name.clone(), row);
        let existing = known.get(&name);
        plans.push(plan_row(row, name, units, floors, existing));
    }
    Ok(plans)
}

fn plan_row(
    row: usize,
    name: String,
    units: Option<u32>,
    floors: Option<u32>,
    known: Option<&KnownBuilding>,
) -> Planned<BuildingImport> {
    let Some(known) = known else {
        let summary = format!("新增 {name}{}", sizes(units, floors));
        return planned(
            row,
            RowStatus::Add,
            summary,
            BuildingImport {
                existing_id: None,
                name,
                units,
                floors,
            },
        );
    };
    let units = units.or(known.units);
    let floors = floors.or(known.floors);
    let mut changes = Vec::new();
    if known.retired {
        changes.push("恢复已撤销的楼栋".to_owned());
    }
    for (label, before, after) in [
        ("单元数", known.units, units),
        ("层数", known.floors, floors),
    ] {
        if before != after {
            changes.push(format!("{label} {} → {}", number(before), number(after)));
        }
    }
    if changes.is_empty() {
        return Planned {
            row: ImportRow {
                row,
                status: RowStatus::Same,
                summary: format!("{name} 已有，没有变化"),
                problems: Vec::new(),
            },
            apply: None,
        };
    }
    let summary = format!("{name}：{}", changes.join("；"));
    let change = BuildingImport {
        existing_id: Some(known.id.clone()),
        name,
        units,
        floors,
    };
    planned(row, RowStatus::Change, summary, change)
}

fn planned(
    row: usize,
    status: RowStatus,
    summary: String,
    apply: BuildingImport,
) -> Planned<BuildingImport> {
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

fn number(n: Option<u32>) -> String {
    n.map_or_else(|| "未填".to_owned(), |n| n.to_string())
}

/// "（3 个单元，18 层）" for what is known.
fn sizes(units: Option<u32>, floors: Option<u32>) -> String {
    let parts: Vec<String> = [
        units.map(|u| format!("{u} 个单元")),
        floors.map(|f| format!("{f} 层")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::import::sheet;

    #[test]
    fn rows_are_added_changed_kept_or_refused() {
        let known = HashMap::from([
            (
                "1栋".to_owned(),
                KnownBuilding {
                    id: "b1".into(),
                    units: Some(2),
                    floors: Some(6),
                    retired: false,
                },
            ),
            (
                "2栋".to_owned(),
                KnownBuilding {
                    id: "b2".into(),
                    units: Some(2),
                    floors: Some(6),
                    retired: false,
                },
            ),
            (
                "3栋".to_owned(),
                KnownBuilding {
                    id: "b3".into(),
                    units: None,
                    floors: None,
                    retired: true,
                },
            ),
        ]);
        let s = sheet(&[
            &["楼号", "单元数", "层数"],
            &["1号楼", "2", "6"],
            &["2栋", "3", ""],
            &["3栋", "", ""],
            &["55栋", "1-3单元", "18"],
            &["", "2", "6"],
            &["56栋", "2-3", "两百"],
            &["55号楼", "", ""],
        ]);
        let plans = plan(&s, &known).unwrap();
        let got: Vec<(usize, RowStatus)> =
            plans.iter().map(|p| (p.row.row, p.row.status)).collect();
        use RowStatus::*;
        assert_eq!(
            got,
            [
                (2, Same),
                (3, Change),
                (4, Change),
                (5, Add),
                (6, Refuse),
                (7, Refuse),
                (8, Refuse)
            ]
        );
        assert_eq!(plans[1].row.summary, "2栋：单元数 2 → 3");
        assert_eq!(
            plans[1].apply.as_ref().unwrap().floors,
            Some(6),
            "a blank keeps what is known"
        );
        assert_eq!(plans[2].row.summary, "3栋：恢复已撤销的楼栋");
        assert_eq!(plans[3].row.summary, "新增 55栋（3 个单元，18 层）");
        assert_eq!(plans[4].row.problems[0].column, "楼栋");
        let columns: Vec<&str> = plans[5]
            .row
            .problems
            .iter()
            .map(|p| p.column.as_str())
            .collect();
        assert_eq!(columns, ["单元数", "层数"]);
        assert_eq!(plans[6].row.problems[0].reason, "和第 5 行是同一栋楼");
    }

    #[test]
    fn a_file_without_the_building_column_is_refused_whole() {
        let problems = plan(&sheet(&[&["名称"], &["1栋"]]), &HashMap::new()).unwrap_err();
        assert_eq!(problems[0].column, "楼栋");
    }
}
