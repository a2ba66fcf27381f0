//! What staff type to add buildings in bulk: "1–54栋", "1-3号楼, 5栋, 综合楼", units as
//! "1–3单元" and floors as a number. Chinese and ASCII dashes alike; "号楼", "幢" and "号"
//! after a number all mean a building and are named "N栋", as residents say it.

use crate::validate::ascii_digit;

/// The most buildings one request adds.
pub const MAX_BUILDINGS_AT_ONCE: usize = 300;
/// The most units a building has.
pub const MAX_UNITS: u32 = 30;
/// The most floors a building has.
pub const MAX_FLOORS: u32 = 100;
/// The longest building name, in characters.
pub const MAX_BUILDING_NAME_CHARS: usize = 20;

/// What may stand between the two numbers of a range.
const DASHES: [char; 9] = ['-', '–', '—', '－', '~', '～', '至', '到', '−'];
/// What separates the parts of a list.
const SEPARATORS: [char; 6] = [',', '，', '、', ';', '；', '\n'];
/// What may follow a building's number.
const SUFFIXES: [&str; 4] = ["号楼", "栋", "幢", "号"];

/// Full-width digits as ASCII, spaces gone.
fn tidy(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(ascii_digit)
        .collect()
}

/// The number of "12栋", "12号楼", "12": `None` for a name that is not just a number.
fn number_of(name: &str) -> Option<u32> {
    let digits = SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A building's name as the community writes it: "12号楼" and "１２栋" are "12栋"; any
/// other name ("综合楼", "A座") as typed, without spaces.
pub fn building_name(input: &str) -> String {
    let tidy = tidy(input);
    match number_of(&tidy) {
        Some(n) => format!("{n}栋"),
        None => tidy,
    }
}

/// The buildings of "1–54栋" or "1-3号楼，5栋、综合楼", in order, each once.
pub fn parse_building_names(input: &str) -> Result<Vec<String>, String> {
    let tidy = tidy(input);
    let mut names: Vec<String> = Vec::new();
    for part in tidy.split(SEPARATORS).filter(|p| !p.is_empty()) {
        let mut push = |name: String| {
            if !names.contains(&name) {
                names.push(name);
            }
        };
        match part.split_once(DASHES) {
            Some((from, to)) => {
                let to = to.trim_start_matches(DASHES);
                let (Some(from), Some(to)) = (number_of(from), number_of(to)) else {
                    return Err(format!("看不懂“{part}”，范围请写成 1-54栋"));
                };
                if from == 0 || from > to {
                    return Err(format!("“{part}”的范围不对，请从小写到大，例如 1-54栋"));
                }
                if (to - from) as usize >= MAX_BUILDINGS_AT_ONCE {
                    return Err(format!("一次最多添加 {MAX_BUILDINGS_AT_ONCE} 栋楼"));
                }
                (from..=to).for_each(|n| push(format!("{n}栋")));
            }
            None if part.chars().count() > MAX_BUILDING_NAME_CHARS => {
                return Err(format!("楼栋名称不能超过 {MAX_BUILDING_NAME_CHARS} 个字"));
            }
            None => push(building_name(part)),
        }
        if names.len() > MAX_BUILDINGS_AT_ONCE {
            return Err(format!("一次最多添加 {MAX_BUILDINGS_AT_ONCE} 栋楼"));
        }
    }
    if names.is_empty() {
        return Err("请填写楼栋，例如 1-54栋".to_owned());
    }
    Ok(names)
}

/// How many units "3", "3单元" or "1–3单元" make; `None` when left blank.
pub fn parse_units(input: &str) -> Result<Option<u32>, String> {
    let tidy = tidy(input);
    let tidy = tidy.strip_suffix("单元").unwrap_or(&tidy);
    if tidy.is_empty() {
        return Ok(None);
    }
    let count = match tidy.split_once(DASHES) {
        Some((from, to)) => match (from.parse::<u32>(), to.trim_start_matches(DASHES).parse()) {
            (Ok(1), Ok(to)) => to,
            (Ok(_), Ok(_)) => return Err("单元请从 1 单元起，例如 1-3单元".to_owned()),
            _ => return Err(format!("看不懂“{input}”，请写单元数，例如 3 或 1-3单元")),
        },
        None => tidy
            .parse()
            .map_err(|_| format!("看不懂“{input}”，请写单元数，例如 3 或 1-3单元"))?,
    };
    if count == 0 || count > MAX_UNITS {
        return Err(format!("单元数应在 1 到 {MAX_UNITS} 之间"));
    }
    Ok(Some(count))
}

/// How many floors "18" or "18层" make; `None` when left blank.
pub fn parse_floors(input: &str) -> Result<Option<u32>, String> {
    let tidy = tidy(input);
    let tidy = tidy.strip_suffix('层').unwrap_or(&tidy);
    if tidy.is_empty() {
        return Ok(None);
    }
    match tidy.parse::<u32>() {
        Ok(floors) if (1..=MAX_FLOORS).contains(&floors) => Ok(Some(floors)),
        Ok(_) => Err(format!("层数应在 1 到 {MAX_FLOORS} 之间")),
        Err(_) => Err(format!("看不懂“{input}”，请写层数，例如 18")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(from: u32, to: u32) -> Vec<String> {
        (from..=to).map(|n| format!("{n}栋")).collect()
    }

    #[test]
    fn building_lists_and_ranges() {
        let cases: [(&str, Result<Vec<String>, &str>); 14] = [
            ("1–54栋", Ok(names(1, 54))),
            ("1-3栋", Ok(names(1, 3))),
            ("1—3号楼", Ok(names(1, 3))),
            ("1 ～ 3 幢", Ok(names(1, 3))),
            ("1至3", Ok(names(1, 3))),
            ("１－３栋", Ok(names(1, 3))),
            ("1——3栋", Ok(names(1, 3))),
            ("5栋", Ok(names(5, 5))),
            ("12号楼", Ok(names(12, 12))),
            (
                "1-2栋，5号楼、综合楼;2栋",
                Ok(vec![
                    "1栋".into(),
                    "2栋".into(),
                    "5栋".into(),
                    "综合楼".into(),
                ]),
            ),
            ("", Err("请填写楼栋，例如 1-54栋")),
            (
                "54-1栋",
                Err("“54-1栋”的范围不对，请从小写到大，例如 1-54栋"),
            ),
            ("a-3栋", Err("看不懂“a-3栋”，范围请写成 1-54栋")),
            ("1-1000栋", Err("一次最多添加 300 栋楼")),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_building_names(input),
                expected.map_err(str::to_owned),
                "{input}"
            );
        }
    }

    #[test]
    fn building_names_as_residents_say_them() {
        let cases = [
            ("12号楼", "12栋"),
            (" 12 栋", "12栋"),
            ("１２", "12栋"),
            ("7号", "7栋"),
            ("A座", "A座"),
            ("综合 楼", "综合楼"),
        ];
        for (input, name) in cases {
            assert_eq!(building_name(input), name, "{input}");
        }
    }

    #[test]
    fn units_and_floors() {
        let units: [(&str, Result<Option<u32>, &str>); 8] = [
            ("", Ok(None)),
            ("3", Ok(Some(3))),
            ("3单元", Ok(Some(3))),
            ("1–3单元", Ok(Some(3))),
            ("1-4", Ok(Some(4))),
            ("2-4单元", Err("单元请从 1 单元起，例如 1-3单元")),
            ("0", Err("单元数应在 1 到 30 之间")),
            ("三个", Err("看不懂“三个”，请写单元数，例如 3 或 1-3单元")),
        ];
        for (input, expected) in units {
            assert_eq!(
                parse_units(input),
                expected.map_err(str::to_owned),
                "{input}"
            );
        }
        let floors: [(&str, Result<Option<u32>, &str>); 5] = [
            ("", Ok(None)),
            ("18", Ok(Some(18))),
            ("6层", Ok(Some(6))),
            ("0", Err("层数应在 1 到 100 之间")),
            ("高层", Err("看不懂“高层”，请写层数，例如 18")),
        ];
        for (input, expected) in floors {
            assert_eq!(
                parse_floors(input),
                expected.map_err(str::to_owned),
                "{input}"
            );
        }
    }
}
