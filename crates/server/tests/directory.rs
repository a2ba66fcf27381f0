mod common;

use axum::http::StatusCode;
use common::{Device, GRID, RESIDENT, TestApp, WORKER};
use linli_core::directory::{SAVE, SERVICES, ServiceCategory, ServiceItem};
use linli_core::notice::NOTICES;
use linli_core::search::{Entry, SearchIndex};
use serde_json::{Value, json};

async fn services(app: &TestApp, token: &str) -> Vec<ServiceItem> {
    let (changes, _) = app
        .pull_all(Some(token), &Device::new().client_id, None)
        .await;
    changes
        .into_iter()
        .filter(|c| c["collection"] == SERVICES && !c["data"].is_null())
        .map(|c| serde_json::from_value(c["data"].clone()).unwrap())
        .collect()
}

#[tokio::test]
async fn the_demo_directory_is_complete_searchable_and_seeded_once() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    linli_server::seed::demo_content(&app.pool).await.unwrap();
    linli_server::seed::demo_content(&app.pool).await.unwrap();
    let resident = app.login(RESIDENT).await;
    let items = services(&app, &resident).await;
    assert!(items.len() >= 120, "{} items", items.len());
    for category in ServiceCategory::ALL {
        let n = items
            .iter()
            .filter(|i| i.content.category == category)
            .count();
        assert!(n >= 8, "{} has {n} items", category.label());
    }

    // Pinyin comes with the data, so a device searches without a dictionary.
    let bodies: Vec<String> = items.iter().map(|i| i.content.search_body()).collect();
    let index = SearchIndex::new(items.iter().zip(&bodies).map(|(i, body)| Entry {
        name: &i.content.name,
        name_pinyin: &i.keys.name_pinyin,
        name_initials: &i.keys.name_initials,
        body,
        body_pinyin: &i.keys.body_pinyin,
        body_initials: &i.keys.body_initials,
    }));
    for query in ["gljt", "gaoling", "高龄津贴", "ＧＬＪＴ"] {
        let hits = index.search(query);
        assert_eq!(items[hits[0]].content.name, "高龄津贴申领", "{query}");
    }

    // Demo notices: the water cut is only for its buildings; 王秀兰 (3栋) does not get it.
    let (changes, _) = app
        .pull_all(Some(&resident), &Device::new().client_id, None)
        .await;
    let titles: Vec<&str> = changes
        .iter()
        .filter(|c| c["collection"] == NOTICES && !c["data"].is_null())
        .map(|c| c["data"]["title"].as_str().unwrap())
        .collect();
    assert!(titles.len() >= 8);
    assert!(!titles.iter().any(|t| t.contains("停水")), "{titles:?}");
    let grid = app.login(GRID).await;
    let (changes, _) = app
        .pull_all(Some(&grid), &Device::new().client_id, None)
        .await;
    assert!(changes.iter().any(|c| {
        c["data"]["title"]
            .as_str()
            .is_some_and(|t| t.contains("停水"))
    }));
}

fn content(name: &str) -> Value {
    json!({
        "category": "elderly_care",
        "name": name,
        "summary": "65岁以上老人每年一次免费体检",
        "eligibility": "本社区65周岁以上常住老人",
        "materials": ["身份证", " ", "社保卡"],
        "steps": ["到社区卫生服务站预约", "按约定时间空腹体检"],
        "location": "金石社区卫生服务站",
        "hours": "周一至周五 8:00-11:00",
        "phone": "0571-86010000",
        "fee": "免费",
        "time_limit": "体检后7个工作日出报告",
        "proxy": true,
        "checked_on": "2026-11-20",
    })
}

#[tokio::test]
async fn staff_edit_items_and_residents_cannot() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let worker = app.login(WORKER).await;
    let mut staff = Device::new();
    let save = staff.mutation(
        SAVE,
        json!({"id": "s1", "content": content("老年人免费体检")}),
    );
    let reply = app.push(&worker, &staff, &[save]).await;
    assert_eq!(
        reply.body["results"][0]["outcome"]["status"], "applied",
        "{:?}",
        reply.body
    );

    let resident = app.login(RESIDENT).await;
    let items = services(&app, &resident).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].content.materials,
        ["身份证", "社保卡"],
        "blank lines dropped"
    );
    assert_eq!(items[0].keys.name_initials, "lnrmftj");

    let mut phone = Device::new();
    let attempt = phone.mutation(SAVE, json!({"id": "s1", "content": content("改个名字")}));
    let reply = app.push(&resident, &phone, &[attempt]).await;
    assert_eq!(reply.body["results"][0]["outcome"]["code"], "forbidden");

    // Bad input is named by field; a second item may not take an existing name.
    let mut bad = content("");
    bad["phone"] = json!("call me");
    bad["checked_on"] = json!("yesterday");
    let batch = [
        staff.mutation(SAVE, json!({"id": "s2", "content": bad})),
        staff.mutation(
            SAVE,
            json!({"id": "s3", "content": content("老年人免费体检")}),
        ),
    ];
    let reply = app.push(&worker, &staff, &batch).await;
    assert_eq!(reply.status, StatusCode::OK);
    let fields: Vec<&str> = reply.body["results"][0]["outcome"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "phone", "checked_on"]);
    assert_eq!(
        reply.body["results"][1]["outcome"]["fields"][0]["field"],
        "name"
    );

    // An edit reaches devices as a new version of the same item.
    let edit = staff.mutation(
        SAVE,
        json!({"id": "s1", "content": content("65岁以上老人免费体检")}),
    );
    app.push(&worker, &staff, &[edit]).await;
    let items = services(&app, &resident).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].content.name, "65岁以上老人免费体检");
}
