//! Importing buildings, residents and 一户一表 from spreadsheets: a preview writes nothing, the
//! same file confirmed applies every row it can in one transaction, a second import of it
//! changes nothing; bad rows say the row, the column and why; `.xlsx`, and `.csv` in
//! UTF-8 or GBK.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{ADMIN, GRID, Person, RESIDENT, TestApp, WORKER, count, rows};
use linli_core::care;
use serde_json::Value;

/// The importers, by path under `/api`.
const BUILDINGS: &str = "admin/import/buildings";
const RESIDENTS: &str = "admin/import/residents";
const HOUSEHOLDS: &str = "care/import/households";

async fn import(
    app: &TestApp,
    token: &str,
    importer: &str,
    confirm: bool,
    file: Vec<u8>,
) -> common::Reply {
    let path = format!("/api/{importer}?confirm={confirm}");
    app.send(Method::POST, &path, Some(token), Body::from(file), false)
        .await
}

fn statuses(report: &Value) -> Vec<(u64, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn problems(report: &Value, row: u64) -> Vec<(String, String)> {
    let row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == row)
        .unwrap();
    row["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["column"].as_str().unwrap().to_owned(),
                p["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const RESIDENTS_CSV: &str = "姓名,手机号,楼栋,单元,房号,居民代表
陈奶奶,13912340001,3栋,1,101,是
刘大爷,139 1234 0002,5号楼,2单元,202,
,13912340003,3栋,,,
王小明,1234,99栋,,,也许
陈奶奶,13912340001,3栋,1,101,是
王秀兰,13800000004,3栋,2单元,301,是
周桂芳,13800000006,3栋,,,
";

#[tokio::test]
async fn a_preview_writes_nothing_and_a_confirmed_import_everything_once() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let users = "SELECT COUNT(*) FROM users";
    let before = count(&app, users).await;
    let audit_before = count(&app, "SELECT COUNT(*) FROM audit_log").await;

    let preview = import(&app, &worker, RESIDENTS, false, RESIDENTS_CSV.into()).await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    let expected = [
        (2, "add"),
        (3, "add"),
        (4, "refuse"),
        (5, "refuse"),
        (6, "refuse"),
        (7, "same"),
        (8, "refuse"),
    ]
    .map(|(r, s)| (r, s.to_owned()));
    assert_eq!(statuses(&preview.body), expected);
    assert_eq!(preview.body["applied"], false);
    assert_eq!(count(&app, users).await, before, "a preview writes nothing");
    // Each bad row says its column and why.
    assert_eq!(
        problems(&preview.body, 4),
        [("姓名".to_owned(), "请填写姓名".to_owned())]
    );
    let columns: Vec<String> = problems(&preview.body, 5)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(columns, ["手机号", "楼栋", "居民代表"]);
    assert_eq!(problems(&preview.body, 6)[0].1, "和第 2 行的手机号重复");
    assert_eq!(
        problems(&preview.body, 8)[0].1,
        "这个手机号已在其他社区注册"
    );

    let applied = import(&app, &worker, RESIDENTS, true, RESIDENTS_CSV.into()).await;
    assert_eq!(applied.body["applied"], true);
    assert_eq!(
        (
            applied.body["added"].as_u64(),
            applied.body["refused"].as_u64()
        ),
        (Some(2), Some(4))
    );
    assert_eq!(count(&app, users).await, before + 2);
    let (verified, password, representative): (bool, bool, bool) =
        linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
            "SELECT verified_at IS NOT NULL, password_set_at IS NOT NULL, representative
         FROM users WHERE phone = '13912340001'",
        )
        .fetch_one(ex)
        .await)
        .unwrap();
    assert!(
        verified && !password && representative,
        "verified, no password yet, 居民代表"
    );
    let unit: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT unit FROM users WHERE phone = '13912340002'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(unit, "2单元");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log").await,
        audit_before + 2
    );

    // The same file again changes nothing.
    let again = import(&app, &worker, RESIDENTS, true, RESIDENTS_CSV.into()).await;
    assert_eq!(again.body["added"], 0);
    assert_eq!(again.body["changed"], 0);
    assert_eq!(count(&app, users).await, before + 2);
}

#[tokio::test]
async fn a_gbk_csv_from_excel_reads_as_utf8() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let text = "姓名,手机号,楼栋\n马大姐,13912349999,7栋\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let reply = import(&app, &worker, RESIDENTS, true, gbk.into_owned()).await;
    assert_eq!(reply.body["added"], 1, "{:?}", reply.body);
    let name: String = linli_server::db::run!(&app.pool, |ex| sqlx::query_scalar(
        "SELECT display_name FROM users WHERE phone = '13912349999'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!(name, "马大姐");
}

/// An .xlsx file as Excel writes it, phones typed as numbers.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).unwrap(),
                Err(_) => sheet.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn buildings_from_an_xlsx_file() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let file = workbook(&[
        &["楼号", "单元数", "层数"],
        &["55号楼", "2", "18"],
        &["3栋", "3", "6"],
        &["1栋", "3", "6"],
        &["56栋", "0", ""],
    ]);
    let preview = import(&app, &admin, BUILDINGS, false, file.clone()).await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    let expected =
        [(2, "add"), (3, "same"), (4, "same"), (5, "refuse")].map(|(r, s)| (r, s.to_owned()));
    assert_eq!(statuses(&preview.body), expected);
    assert_eq!(problems(&preview.body, 5)[0].0, "单元数");
    let applied = import(&app, &admin, BUILDINGS, true, file.clone()).await;
    assert_eq!(applied.body["added"], 1);
    let (units, floors): (i64, i64) = linli_server::db::run!(&app.pool, |ex| sqlx::query_as(
        "SELECT units, floors FROM buildings WHERE name = '55栋'"
    )
    .fetch_one(ex)
    .await)
    .unwrap();
    assert_eq!((units, floors), (2, 18));
    let again = import(&app, &admin, BUILDINGS, true, file).await;
    assert_eq!(
        (again.body["added"].as_u64(), again.body["changed"].as_u64()),
        (Some(0), Some(0))
    );
}

#[tokio::test]
async fn files_that_cannot_be_imported_say_why() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login(ADMIN).await;
    let no_column = import(
        &app,
        &admin,
        RESIDENTS,
        false,
        "名字,电话号码\n王,1\n".into(),
    )
    .await;
    assert_eq!(no_column.status, StatusCode::OK);
    assert_eq!(no_column.body["refused"], 1);
    let missing: Vec<String> = problems(&no_column.body, 1)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(missing, ["手机号", "楼栋"], "名字 is taken for 姓名");
    let empty = import(&app, &admin, RESIDENTS, false, Vec::new()).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.body["fields"][0]["field"], "file");
    let xls = import(
        &app,
        &admin,
        BUILDINGS,
        false,
        vec![0xD0, 0xCF, 0x11, 0xE0, 1, 2],
    )
    .await;
    assert_eq!(xls.body["fields"][0]["field"], "file");
    // Only those who may: a 网格员 imports nothing.
    let grid = app.login(GRID).await;
    let refused = import(&app, &grid, RESIDENTS, false, RESIDENTS_CSV.into()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body["message"], "只有社区工作者可以导入居民名单");
}

/// One row per person; the rows of a flat are one household. 15栋 is beyond the grid of
/// the 网格员 who imports it.
const HOUSEHOLDS_CSV: &str =
    "楼栋,单元,房号,姓名,出生年份,手机号,与户主关系,是否在住,标签,紧急联系人,紧急联系电话
3栋,1单元,601室,孙桂英,1938,13912340011,户主,是,独居、低保、残疾二级,孙建,13912340012
5栋,2,502,周德明,1950年,,户主,,空巢,,
3栋,1,601,孙建,1965,13912340012,儿子,否,,,
15栋,1,301,吴芳,1980,,户主,,,,
";

#[tokio::test]
async fn a_grid_worker_imports_the_households_of_their_grid() {
    let app = TestApp::with_demo(common::pool().await).await;
    let grid = Person::login(&app, GRID).await;
    let households = "SELECT COUNT(*) FROM care_households";
    let before = count(&app, households).await;

    let preview = import(&app, &grid.token, HOUSEHOLDS, false, HOUSEHOLDS_CSV.into()).await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    let expected = [(2, "add"), (3, "add"), (4, "add"), (5, "refuse")];
    let expected: Vec<(u64, String)> = expected
        .iter()
        .map(|(r, s)| (*r, (*s).to_owned()))
        .collect();
    assert_eq!(statuses(&preview.body), expected);
    assert_eq!(
        preview.body["rows"][0]["summary"],
        "新建 3栋 1单元 601：孙桂英（户主）；标签 独居、低保、残疾二级"
    );
    assert_eq!(
        problems(&preview.body, 5),
        [("楼栋".to_owned(), "15栋不在您负责的网格里".to_owned())]
    );
    assert_eq!(
        count(&app, households).await,
        before,
        "a preview writes nothing"
    );

    let applied = import(&app, &grid.token, HOUSEHOLDS, true, HOUSEHOLDS_CSV.into()).await;
    assert_eq!(applied.body["applied"], true, "{:?}", applied.body);
    assert_eq!(count(&app, households).await, before + 2);
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'care.import'";
    assert_eq!(count(&app, audited).await, 2);

    // The grid worker's device receives the household whole, through sync.
    let (changes, _) = grid.pull(&app).await;
    let register = rows(&changes, care::HOUSEHOLDS);
    let sun = register
        .values()
        .find(|h| h["room"] == "601" && h["unit"] == "1" && h["building_name"] == "3栋")
        .expect("the imported household is on the grid worker's device");
    let members: Vec<(&str, bool)> = sun["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap(),
                m["lives_here"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(members, [("孙桂英", true), ("孙建", false)]);
    assert_eq!(sun["emergency"]["phone"], "13912340012");
    assert_eq!(
        sun["kinds"],
        serde_json::json!(["alone", "aged", "disability", "dibao"])
    );

    let again = import(&app, &grid.token, HOUSEHOLDS, true, HOUSEHOLDS_CSV.into()).await;
    assert_eq!(again.body["same"], 3, "{:?}", again.body);
    assert_eq!(count(&app, households).await, before + 2);
    assert_eq!(
        count(&app, audited).await,
        2,
        "nothing changed, nothing logged"
    );

    let worker = app.login(WORKER).await;
    let whole = import(&app, &worker, HOUSEHOLDS, false, HOUSEHOLDS_CSV.into()).await;
    assert_eq!(
        whole.body["added"], 1,
        "the community's worker may import 15栋"
    );

    let resident = app.login(RESIDENT).await;
    let refused = import(&app, &resident, HOUSEHOLDS, false, HOUSEHOLDS_CSV.into()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body["message"], care::NOT_KEEPER);
}
