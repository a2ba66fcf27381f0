//! 一户一表 from a spreadsheet, one row per person: 楼栋, 单元, 房号, 姓名, and optionally
//! 出生年份, 手机号, 与户主关系, 是否在住, 标签 ("独居、低保、残疾二级"), 紧急联系人,
//! 紧急联系电话, 紧急联系人关系, 备注. The rows of one flat make one household, checked
//! by the same rules as the register's form ([`SaveHouseholdArgs`], [`SetTagsArgs`]) and
//! compared with the household the register already has there. A household with one bad
//! row is not imported at all: half a family on the visit list would mislead.

use std::collections::HashMap;

use super::{
    EmergencyContact, Household, Member, SaveHouseholdArgs, SetTagsArgs, Tag, unit_number,
};
use crate::admin::import::{
    Column, ImportRow, Planned, Problem, RowStatus, Sheet, cell, data_rows, locate, problem, yes_no,
};
use crate::admin::ranges::building_name;
use crate::validate::Invalid;

const BUILDING: usize = 0;
const UNIT: usize = 1;
const ROOM: usize = 2;
const NAME: usize = 3;
const BORN: usize = 4;
const PHONE: usize = 5;
const RELATION: usize = 6;
const LIVES_HERE: usize = 7;
const TAGS: usize = 8;
const EMERGENCY_NAME: usize = 9;
const EMERGENCY_PHONE: usize = 10;
const EMERGENCY_RELATION: usize = 11;
const NOTE: usize = 12;

pub(super) const COLUMNS: [Column; 13] = [
    Column::building(),
    Column::unit(true),
    Column::room(true),
    Column::name(),
    Column {
        label: "出生年份",
        aliases: &["出生年", "出生日期", "生日", "出生年月"],
        required: false,
    },
    Column::phone(false),
    Column {
        label: "与户主关系",
        aliases: &["关系", "家庭关系"],
        required: false,
    },
    Column {
        label: "是否在住",
        aliases: &["在住", "是否常住", "常住"],
        required: false,
    },
    Column {
        label: "标签",
        aliases: &["照护标签", "人员类别", "类别", "重点人群"],
        required: false,
    },
    Column {
        label: "紧急联系人",
        aliases: &["紧急联系人姓名"],
        required: false,
    },
    Column {
        label: "紧急联系电话",
        aliases: &["紧急联系人电话", "紧急电话"],
        required: false,
    },
    Column {
        label: "紧急联系人关系",
        aliases: &["与紧急联系人关系"],
        required: false,
    },
    Column {
        label: "备注",
        aliases: &["说明", "情况说明"],
        required: false,
    },
];

const TAG_WORDS: &str = "可以写：独居、空巢、失能、半失能、残疾（可带等级，如残疾二级）、低保（可带复核月份，如低保（2027年3月复核））、低边、优抚、留守儿童；别的情况写“其他：说明”";

/// A building a file may name, as the importing account stands towards it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingInReach {
    pub id: String,
    /// Whether the account keeps the register there (a 网格员 only in their grid).
    pub kept: bool,
}

/// What applying a household writes: the register's form, checked, and its tags.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdImport {
    /// Whether the register had the flat already (`household.id` is then its id).
    pub existing: bool,
    pub household: SaveHouseholdArgs,
    pub tags: Vec<Tag>,
}

/// One row read: its flat, its person, and what it says of the household.
struct Person {
    row: usize,
    flat: (String, String, String),
    building_id: Option<String>,
    member: Member,
    tags: Vec<Tag>,
    emergency: Option<EmergencyContact>,
    note: String,
    problems: Vec<Problem>,
}

/// The plan for each row of `sheet`: the community's buildings by name, the households it
/// already has, new ids from `new_id`; or why the file cannot be imported. Where the file
/// has no 标签, 紧急联系人 or 备注 column, a household keeps what the register has.
pub fn plan(
    sheet: &Sheet,
    buildings: &HashMap<String, BuildingInReach>,
    known: &[Household],
    year: i64,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<Planned<HouseholdImport>>, Vec<Problem>> {
    let at = locate(sheet.first().map_or(&[][..], Vec::as_slice), &COLUMNS)?;
    let mut flats: Vec<Vec<Person>> = Vec::new();
    for (row, cells) in data_rows(sheet)? {
        let person = read_row(row, cells, &at, buildings);
        match flats.iter_mut().find(|f| f[0].flat == person.flat) {
            Some(flat) => flat.push(person),
            None => flats.push(vec![person]),
        }
    }
    let has = |column: usize| at[column].is_some();
    let columns = Present {
        tags: has(TAGS),
        emergency: has(EMERGENCY_NAME) || has(EMERGENCY_PHONE),
        note: has(NOTE),
    };
    let mut plans: Vec<Planned<HouseholdImport>> = flats
        .into_iter()
        .flat_map(|people| plan_household(people, columns, known, year, new_id))
        .collect();
    plans.sort_by_key(|p| p.row.row);
    Ok(plans)
}

/// Which of the household-wide columns the file has.
#[derive(Clone, Copy)]
struct Present {
    tags: bool,
    emergency: bool,
    note: bool,
}

fn read_row(
    row: usize,
    cells: &[String],
    at: &[Option<usize>],
    buildings: &HashMap<String, BuildingInReach>,
) -> Person {
    let text = |column: usize| cell(cells, at[column]).to_owned();
    let mut problems = Vec::new();
    let building = building_name(&text(BUILDING));
    let building_id = match buildings.get(&building) {
        _ if building.is_empty() => {
            problems.push(problem("楼栋", "请填写楼栋，例如 12栋"));
            None
        }
        None => {
            let reason = format!("社区没有“{building}”，请先在楼栋管理中添加");
            problems.push(problem("楼栋", reason));
            None
        }
        Some(b) if !b.kept => {
            problems.push(problem("楼栋", format!("{building}不在您负责的网格里")));
            None
        }
        Some(b) => Some(b.id.clone()),
    };
    let birth_year = birth_year(&text(BORN)).unwrap_or_else(|reason| {
        problems.push(problem("出生年份", reason));
        None
    });
    let lives = text(LIVES_HERE);
    let lives_here = if lives.is_empty() {
        true
    } else {
        yes_no(&lives).unwrap_or_else(|| {
            problems.push(problem("是否在住", "请填“是”或“否”"));
            true
        })
    };
    let tags = parse_tags(&text(TAGS)).unwrap_or_else(|reason| {
        problems.push(problem("标签", reason));
        Vec::new()
    });
    let (e_name, e_phone) = (text(EMERGENCY_NAME), text(EMERGENCY_PHONE));
    let emergency = (!e_name.is_empty() || !e_phone.is_empty()).then(|| EmergencyContact {
        name: e_name,
        phone: e_phone,
        relation: text(EMERGENCY_RELATION),
    });
    let phone = text(PHONE);
    Person {
        row,
        flat: (
            building,
            unit_number(&text(UNIT)).to_owned(),
            text(ROOM).trim_end_matches(['室', '号']).to_owned(),
        ),
        building_id,
        member: Member {
            id: String::new(),
            name: text(NAME),
            birth_year,
            phone: (!phone.is_empty()).then_some(phone),
            relation: text(RELATION),
            lives_here,
        },
        tags,
        emergency,
        note: text(NOTE),
        problems,
    }
}

/// "1948", "1948年", "1948-03-05" or "19480305": the year; blank is unknown.
fn birth_year(text: &str) -> Result<Option<i64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    match digits.get(..4) {
        Some(year) if digits.len() == 4 || digits.len() == 8 => Ok(year.parse().ok()),
        _ => Err("出生年份请写四位数字，例如 1948".to_owned()),
    }
}

/// The tags of "独居、低保、残疾二级" (高龄 is left out: it follows from birth years).
fn parse_tags(text: &str) -> Result<Vec<Tag>, String> {
    let mut tags: Vec<Tag> = Vec::new();
    let words = text
        .split(['、', ',', '，', ';', '；', '/', ' ', '\u{3000}'])
        .filter(|w| !w.is_empty());
    for word in words {
        let tag = match word {
            "独居" => Tag::Alone,
            "空巢" => Tag::EmptyNest,
            "失能" => Tag::Incapacitated { partial: false },
            "半失能" => Tag::Incapacitated { partial: true },
            w if w.starts_with("低保") => Tag::Dibao {
                review: dibao_review(w)?,
            },
            "低边" => Tag::Dibian,
            "优抚" => Tag::Youfu,
            "留守儿童" => Tag::LeftBehindChild,
            "高龄" => continue,
            w if w.contains("残疾") => Tag::Disability {
                grade: disability_grade(w)?,
            },
            w if w.starts_with("其他") => Tag::Other {
                text: w
                    .trim_start_matches("其他")
                    .trim_start_matches([':', '：'])
                    .to_owned(),
            },
            w => return Err(format!("不认识“{w}”。{TAG_WORDS}")),
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// The review month of "低保", "低保（2027年3月复核）" or "低保(2027-03)".
fn dibao_review(word: &str) -> Result<Option<String>, String> {
    let rest = word
        .trim_start_matches("低保")
        .trim_matches(['（', '）', '(', ')'])
        .trim_end_matches("复核");
    if rest.is_empty() {
        return Ok(None);
    }
    super::Month::parse(rest)
        .map(|m| Some(m.text()))
        .ok_or_else(|| format!("低保的复核月份看不懂：“{word}”，可以写成 低保（2027年3月复核）"))
}

/// The grade of "残疾", "残疾二级", "残疾2级" or "二级残疾".
fn disability_grade(word: &str) -> Result<Option<u8>, String> {
    let rest = word.replace("残疾", "").replace('级', "");
    let grade = match rest.as_str() {
        "" => return Ok(None),
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        "四" | "4" => 4,
        _ => return Err(format!("残疾等级应为一到四级，“{word}”看不懂")),
    };
    Ok(Some(grade))
}

/// The plans of one flat's rows.
fn plan_household(
    mut people: Vec<Person>,
    columns: Present,
    known: &[Household],
    year: i64,
    new_id: &mut dyn FnMut() -> String,
) -> Vec<Planned<HouseholdImport>> {
    let (building, unit, room) = people[0].flat.clone();
    let flat = format!("{building} {unit}单元 {room}");
    let existing = people[0]
        .building_id
        .as_deref()
        .and_then(|b| known.iter().find(|h| h.is_at(b, &unit, &room)));
    merge_rows(&mut people);
    let mut household = SaveHouseholdArgs {
        id: existing.map_or_else(&mut *new_id, |h| h.id.clone()),
        building_id: people[0].building_id.clone().unwrap_or_default(),
        unit,
        room,
        members: member_ids(&people, existing, new_id),
        emergency: people.iter().find_map(|p| p.emergency.clone()),
        note: people
            .iter()
            .map(|p| p.note.as_str())
            .find(|n| !n.is_empty())
            .unwrap_or_default()
            .to_owned(),
    };
    let mut tags: Vec<Tag> = Vec::new();
    for tag in people.iter().flat_map(|p| p.tags.iter()) {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    if let Some(old) = existing {
        if !columns.tags {
            tags.clone_from(&old.tags);
        }
        if !columns.emergency {
            household.emergency.clone_from(&old.emergency);
        }
        if !columns.note {
            household.note.clone_from(&old.note);
        }
    }
    let checked = SaveHouseholdArgs::validated(household, year).and_then(|household| {
        let tags = SetTagsArgs {
            household_id: household.id.clone(),
            tags,
        };
        tags.validated().map(|t| (household, t.tags))
    });
    match checked {
        Ok((household, tags)) if people.iter().all(|p| p.problems.is_empty()) => {
            let changes = existing.map(|old| changed_parts(old, &household, &tags));
            let status = match &changes {
                None => RowStatus::Add,
                Some(parts) if parts.is_empty() => RowStatus::Same,
                Some(_) => RowStatus::Change,
            };
            let head = match &changes {
                None => format!("新建 {flat}"),
                Some(parts) if parts.is_empty() => format!("{flat} 已是这样"),
                Some(parts) => format!("修改 {flat}（{}）", parts.join("、")),
            };
            let labels: Vec<String> = tags.iter().map(Tag::label).collect();
            let apply = (status != RowStatus::Same).then(|| HouseholdImport {
                existing: existing.is_some(),
                household,
                tags,
            });
            rows_of(&people, status, |i, p| {
                let person = person_label(&p.member);
                match i {
                    0 if labels.is_empty() => format!("{head}：{person}"),
                    0 => format!("{head}：{person}；标签 {}", labels.join("、")),
                    _ => format!("{flat}：{person}"),
                }
            })
            .into_iter()
            .zip(std::iter::once(apply).chain(std::iter::repeat(None)))
            .map(|(row, apply)| Planned { row, apply })
            .collect()
        }
        checked => {
            if let Err(invalid) = checked {
                place_problems(&mut people, invalid);
            }
            refuse_household(people, &flat)
        }
    }
}

/// Problems a row shares with the rest of its household: an emergency contact or note
/// given twice, differently.
fn merge_rows(people: &mut [Person]) {
    let first_emergency = people.iter().position(|p| p.emergency.is_some());
    let first_note = people.iter().position(|p| !p.note.is_empty());
    for i in 0..people.len() {
        if let Some(f) = first_emergency
            && i > f
            && people[i]
                .emergency
                .as_ref()
                .is_some_and(|e| Some(e) != people[f].emergency.as_ref())
        {
            let reason = format!("同一户只填一位紧急联系人，第 {} 行已经填了", people[f].row);
            people[i].problems.push(problem("紧急联系人", reason));
        }
        if let Some(f) = first_note
            && i > f
            && !people[i].note.is_empty()
            && people[i].note != people[f].note
        {
            let reason = format!("同一户的备注只写一处，第 {} 行已经写了", people[f].row);
            people[i].problems.push(problem("备注", reason));
        }
    }
}

/// The members with their ids: a person the register already has (by name) keeps theirs.
fn member_ids(
    people: &[Person],
    existing: Option<&Household>,
    new_id: &mut dyn FnMut() -> String,
) -> Vec<Member> {
    let mut taken: Vec<&str> = Vec::new();
    people
        .iter()
        .map(|p| {
            let known = existing
                .into_iter()
                .flat_map(|h| &h.members)
                .find(|m| m.name == p.member.name.trim() && !taken.contains(&m.id.as_str()));
            let id = match known {
                Some(m) => {
                    taken.push(&m.id);
                    m.id.clone()
                }
                None => new_id(),
            };
            Member {
                id,
                ..p.member.clone()
            }
        })
        .collect()
}

/// What an import changes of a household the register has, in words.
fn changed_parts(old: &Household, new: &SaveHouseholdArgs, tags: &[Tag]) -> Vec<&'static str> {
    let same_tags = old.tags.len() == tags.len() && tags.iter().all(|t| old.tags.contains(t));
    [
        (old.members != new.members, "成员"),
        (!same_tags, "标签"),
        (old.emergency != new.emergency, "紧急联系人"),
        (old.note != new.note, "备注"),
    ]
    .into_iter()
    .filter_map(|(changed, part)| changed.then_some(part))
    .collect()
}

/// "王秀兰（户主）".
fn person_label(m: &Member) -> String {
    let name = m.name.trim();
    match m.relation.trim() {
        "" => name.to_owned(),
        relation => format!("{name}（{relation}）"),
    }
}

/// The rows of a household, all with `status`.
fn rows_of(
    people: &[Person],
    status: RowStatus,
    summary: impl Fn(usize, &Person) -> String,
) -> Vec<ImportRow> {
    people
        .iter()
        .enumerate()
        .map(|(i, p)| ImportRow {
            row: p.row,
            status,
            summary: summary(i, p),
            problems: p.problems.clone(),
        })
        .collect()
}

/// Puts each problem the register's rules find on the row and column it comes from.
fn place_problems(people: &mut [Person], invalid: Invalid) {
    let emergency_row = people
        .iter()
        .position(|p| p.emergency.is_some())
        .unwrap_or(0);
    let tags_row = people.iter().position(|p| !p.tags.is_empty()).unwrap_or(0);
    for e in invalid.fields {
        let mut parts = e.field.split('.');
        let (row, column) = match (parts.next(), parts.next(), parts.next()) {
            (Some("members"), Some(i), Some(part)) => (
                i.parse().unwrap_or(0),
                match part {
                    "birth_year" => "出生年份",
                    "phone" => "手机号",
                    "relation" => "与户主关系",
                    _ => "姓名",
                },
            ),
            (Some("emergency"), Some("phone"), _) => (emergency_row, "紧急联系电话"),
            (Some("emergency"), Some("relation"), _) => (emergency_row, "紧急联系人关系"),
            (Some("emergency"), ..) => (emergency_row, "紧急联系人"),
            (Some("tags"), ..) => (tags_row, "标签"),
            (Some("building_id"), ..) => (0, "楼栋"),
            (Some("unit"), ..) => (0, "单元"),
            (Some("room"), ..) => (0, "房号"),
            (Some("note"), ..) => (0, "备注"),
            _ => (0, "姓名"),
        };
        // A row already refused for a column (an unknown building) is not told twice.
        if let Some(p) = people.get_mut(row)
            && !p.problems.iter().any(|known| known.column == column)
        {
            p.problems.push(problem(column, e.message));
        }
    }
}

/// Every row of a household refused: those without a problem of their own say which do.
fn refuse_household(people: Vec<Person>, flat: &str) -> Vec<Planned<HouseholdImport>> {
    let bad: Vec<String> = people
        .iter()
        .filter(|p| !p.problems.is_empty())
        .map(|p| p.row.to_string())
        .collect();
    let others = format!("这一户的第 {} 行有问题，整户先不导入", bad.join("、"));
    people
        .into_iter()
        .map(|mut p| {
            if p.problems.is_empty() {
                p.problems.push(problem("", others.clone()));
            }
            Planned::refused(p.row, p.problems)
        })
        .map(|mut planned| {
            planned.row.summary = format!("{flat}：不导入");
            planned
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "楼号,单元,房号,姓名,出生年份,手机,与户主关系,是否在住,标签,紧急联系人,紧急联系电话,备注";
    const WANG: &str = "3号楼,2单元,301室,王秀兰,1941年,13800001111,户主,是,独居、残疾二级,李建国,13900002222,腿脚不便";
    const WANG_SON: &str = "3栋,2,301,李建国,1968,13900002222,儿子,否,低保,,,";
    const ZHAO: &str = "3栋,1,102,赵桂芳,1950-03-05,,,,,,,";

    fn buildings() -> HashMap<String, BuildingInReach> {
        let b = |id: &str, kept| BuildingInReach {
            id: id.to_owned(),
            kept,
        };
        HashMap::from([
            ("3栋".to_owned(), b("b3", true)),
            ("12栋".to_owned(), b("b12", false)),
        ])
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("id{n}")
        }
    }

    /// The plan of a file whose lines are `lines`, cells between commas.
    fn run(lines: &[&str], known: &[Household]) -> Vec<Planned<HouseholdImport>> {
        let sheet: Sheet = lines
            .iter()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        plan(&sheet, &buildings(), known, 2026, &mut ids()).unwrap()
    }

    /// What the register holds once a plan's households are applied.
    fn applied(plans: &[Planned<HouseholdImport>]) -> Vec<Household> {
        plans
            .iter()
            .filter_map(|p| p.apply.clone())
            .map(|a| {
                let mut h = a.household.into_household(None, 0);
                h.tags = a.tags;
                h
            })
            .collect()
    }

    fn statuses(plans: &[Planned<HouseholdImport>]) -> Vec<(usize, RowStatus)> {
        plans.iter().map(|p| (p.row.row, p.row.status)).collect()
    }

    fn problems(plan: &Planned<HouseholdImport>) -> Vec<(&str, &str)> {
        let problems = plan.row.problems.iter();
        problems
            .map(|p| (p.column.as_str(), p.reason.as_str()))
            .collect()
    }

    #[test]
    fn the_rows_of_a_flat_make_one_household() {
        let plans = run(&[HEADER, WANG, ZHAO, WANG_SON], &[]);
        use RowStatus::*;
        assert_eq!(statuses(&plans), [(2, Add), (3, Add), (4, Add)]);
        assert_eq!(
            plans[0].row.summary,
            "新建 3栋 2单元 301：王秀兰（户主）；标签 独居、残疾二级、低保"
        );
        assert_eq!(plans[2].row.summary, "3栋 2单元 301：李建国（儿子）");
        assert!(plans[2].apply.is_none(), "a household is written once");
        let register = applied(&plans);
        assert_eq!(register.len(), 2);
        let wang = &register[0];
        assert_eq!((wang.unit.as_str(), wang.room.as_str()), ("2", "301"));
        let members: Vec<(&str, Option<i64>, bool)> = wang
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.birth_year, m.lives_here))
            .collect();
        assert_eq!(
            members,
            [("王秀兰", Some(1941), true), ("李建国", Some(1968), false)]
        );
        assert_eq!(wang.emergency.as_ref().unwrap().name, "李建国");
        assert_eq!(wang.note, "腿脚不便");
        assert_eq!(register[1].members[0].birth_year, Some(1950));
    }

    #[test]
    fn a_file_imported_twice_plans_nothing_and_a_change_keeps_the_ids() {
        let register = applied(&run(&[HEADER, WANG, WANG_SON], &[]));
        let again = run(&[HEADER, WANG, WANG_SON], &register);
        use RowStatus::*;
        assert_eq!(statuses(&again), [(2, Same), (3, Same)]);
        assert!(again.iter().all(|p| p.apply.is_none()));
        assert!(again[0].row.summary.starts_with("3栋 2单元 301 已是这样："));

        let older = WANG_SON.replace("1968", "1967");
        let changed = run(&[HEADER, WANG, &older], &register);
        assert_eq!(statuses(&changed), [(2, Change), (3, Change)]);
        assert!(
            changed[0]
                .row
                .summary
                .starts_with("修改 3栋 2单元 301（成员）")
        );
        let apply = changed[0].apply.as_ref().unwrap();
        assert!(apply.existing);
        assert_eq!(apply.household.id, register[0].id);
        let ids = |members: &[Member]| members.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&apply.household.members),
            ids(&register[0].members),
            "the same people keep their ids"
        );
    }

    #[test]
    fn without_the_tag_column_a_household_keeps_its_tags() {
        let register = applied(&run(&[HEADER, WANG], &[]));
        let plans = run(&["楼栋,单元,房号,姓名", "3栋,2,301,王秀兰"], &register);
        let apply = plans[0].apply.as_ref().expect("the members changed");
        assert_eq!(apply.tags, register[0].tags);
        assert_eq!(apply.household.emergency, register[0].emergency);
        assert_eq!(apply.household.note, "腿脚不便");
    }

    #[test]
    fn a_household_with_one_bad_row_is_refused_whole() {
        let bad_year = WANG_SON.replace("1968", "六八年");
        let lines = [
            HEADER,
            WANG,
            &bad_year,
            "12栋,1,101,孙立,,,,,,,,",
            "88栋,1,101,周平,,,,,,,,",
            "3栋,1,102,赵桂芳,,,,,孤寡,,,",
            "3栋,1,,钱进,,,,,,,,",
        ];
        let plans = run(&lines, &[]);
        assert!(plans.iter().all(|p| p.row.status == RowStatus::Refuse));
        assert!(plans.iter().all(|p| p.apply.is_none()));
        assert_eq!(
            problems(&plans[0]),
            [("", "这一户的第 3 行有问题，整户先不导入")]
        );
        assert_eq!(
            problems(&plans[1]),
            [("出生年份", "出生年份请写四位数字，例如 1948")]
        );
        assert_eq!(problems(&plans[2]), [("楼栋", "12栋不在您负责的网格里")]);
        assert_eq!(
            problems(&plans[3]),
            [("楼栋", "社区没有“88栋”，请先在楼栋管理中添加")],
            "an unknown building is said once"
        );
        assert_eq!(problems(&plans[4])[0].0, "标签");
        assert!(problems(&plans[4])[0].1.starts_with("不认识“孤寡”"));
        assert_eq!(problems(&plans[5])[0].0, "房号");
    }

    #[test]
    fn the_household_rules_are_the_registers() {
        let lines = [
            HEADER,
            "3栋,1,102,赵桂芳,2030,,,,,,,",
            "3栋,1,103,钱进,,12345,,,,王,1,",
        ];
        let plans = run(&lines, &[]);
        assert_eq!(
            problems(&plans[0]),
            [("出生年份", "出生年份应在 1900 到 2026 年之间")]
        );
        assert_eq!(
            problems(&plans[1]),
            [
                ("手机号", "电话应为手机号或座机号"),
                ("紧急联系电话", "电话应为手机号或座机号")
            ]
        );
    }

    #[test]
    fn tags_and_years_are_read_as_people_write_them() {
        let half = Tag::Incapacitated { partial: true };
        let cases: &[(&str, Result<Vec<Tag>, ()>)] = &[
            ("", Ok(vec![])),
            ("独居，空巢 高龄", Ok(vec![Tag::Alone, Tag::EmptyNest])),
            (
                "半失能/二级残疾",
                Ok(vec![half, Tag::Disability { grade: Some(2) }]),
            ),
            (
                "残疾；低边；低边",
                Ok(vec![Tag::Disability { grade: None }, Tag::Dibian]),
            ),
            (
                "其他：行动不便",
                Ok(vec![Tag::Other {
                    text: "行动不便".into(),
                }]),
            ),
            ("残疾五级", Err(())),
            ("困难户", Err(())),
            (
                "低保（2027年3月复核）",
                Ok(vec![Tag::Dibao {
                    review: Some("2027-03".into()),
                }]),
            ),
            (
                "低保(2027-3)",
                Ok(vec![Tag::Dibao {
                    review: Some("2027-03".into()),
                }]),
            ),
            ("低保（明年）", Err(())),
        ];
        for (text, want) in cases {
            assert_eq!(&parse_tags(text).map_err(|_| ()), want, "{text}");
        }
        let years: &[(&str, Result<Option<i64>, ()>)] = &[
            ("", Ok(None)),
            ("1948", Ok(Some(1948))),
            ("1948年3月", Ok(Some(1948))),
            ("19480305", Ok(Some(1948))),
            ("48", Err(())),
            ("194803", Err(())),
        ];
        for (text, want) in years {
            assert_eq!(&birth_year(text).map_err(|_| ()), want, "{text}");
        }
    }
}
