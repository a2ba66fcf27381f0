//! The permission matrix: every action of the core's table (`Action::ALL`) tried by every
//! kind of account — 街道管理员, 管理员, 社区工作者, 网格员 inside and outside their grid,
//! 楼栋长 in their own and another building, 物业, 居民, a resident still 待核实, and a
//! visitor — against the real router and a real database. What the core's table allows
//! must succeed; what it refuses must be answered 401/403 (a mutation: rejected as
//! forbidden) in Chinese, or, for what devices read, not be there. The request of each
//! action is given by an exhaustive `match`: a new action without one does not compile.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::{ADMIN, Device, GRID, RESIDENT, TestApp, WORKER};
use linli_core::access::{Action, Standing, Target};
use linli_core::account::{self, Role};
use linli_core::{directory, notice, report, volunteer};
use linli_server::{AppState, app, db, features, seed};
use serde_json::{Value, json};

/// Someone trying actions, and the building their requests are about.
struct Actor {
    label: &'static str,
    phone: Option<&'static str>,
    role: Option<Role>,
    building: &'static str,
}

const fn actor(
    label: &'static str,
    phone: Option<&'static str>,
    role: Option<Role>,
    building: &'static str,
) -> Actor {
    Actor {
        label,
        phone,
        role,
        building,
    }
}

const STREET: &str = "13800000007";
const HEAD: &str = "13800000008";
const PROPERTY: &str = "13800000010";
const WAITING: &str = "13800000012";

/// 孙建国's grid is 1栋–10栋; 陈玉梅 heads 3栋.
const ACTORS: [Actor; 11] = [
    actor("街道管理员", Some(STREET), Some(Role::StreetAdmin), "3栋"),
    actor("管理员", Some(ADMIN), Some(Role::Admin), "3栋"),
    actor(
        "社区工作者",
        Some(WORKER),
        Some(Role::CommunityWorker),
        "3栋",
    ),
    actor(
        "网格员（网格内）",
        Some(GRID),
        Some(Role::GridWorker),
        "3栋",
    ),
    actor(
        "网格员（网格外）",
        Some(GRID),
        Some(Role::GridWorker),
        "12栋",
    ),
    actor(
        "楼栋长（本楼）",
        Some(HEAD),
        Some(Role::BuildingHead),
        "3栋",
    ),
    actor(
        "楼栋长（别楼）",
        Some(HEAD),
        Some(Role::BuildingHead),
        "12栋",
    ),
    actor("物业", Some(PROPERTY), Some(Role::Property), "3栋"),
    actor("居民", Some(RESIDENT), Some(Role::Resident), "3栋"),
    actor("待核实居民", Some(WAITING), Some(Role::Resident), "3栋"),
    actor("访客", None, None, "3栋"),
];

/// What a cell's request came to.
#[derive(Debug)]
enum Attempt {
    Done,
    /// Refused: the status (200 for a read that left the row out) and the reason.
    Refused(StatusCode, String),
}

/// What the test knows of the database every action starts from.
struct World {
    community: String,
    /// Building ids by name.
    buildings: HashMap<String, String>,
    /// The resident each request about a building is about (verified, with a volunteer
    /// profile and an acknowledged notice), by building name.
    targets: HashMap<String, String>,
    target_tokens: HashMap<String, String>,
    tokens: HashMap<String, String>,
    notice: String,
    activity: String,
    /// The database every action's copy is made from.
    template_url: String,
}

static NEXT: AtomicU32 = AtomicU32::new(1);

fn fresh() -> u32 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn fresh_phone() -> String {
    format!("1370000{:04}", fresh())
}

fn fresh_id(kind: &str) -> String {
    format!("perm-{kind}-{}", fresh())
}

impl World {
    fn token(&self, actor: &Actor) -> Option<&str> {
        actor.phone.map(|p| self.tokens[p].as_str())
    }

    fn building(&self, actor: &Actor) -> &str {
        &self.buildings[actor.building]
    }

    fn target(&self, actor: &Actor) -> &str {
        &self.targets[actor.building]
    }

    /// Where `actor` stands, as the core measures reaches.
    fn allowed(&self, action: Action, actor: &Actor, grid: &[String]) -> bool {
        let Some(role) = actor.role else {
            return false;
        };
        let own = match actor.phone {
            Some(HEAD) => Some(self.buildings["3栋"].as_str()),
            _ => None,
        };
        let standing = Standing {
            building_id: own,
            grid: if role == Role::GridWorker { grid } else { &[] },
            street_office: "金石街道",
        };
        let building = Target::Building(Some(self.building(actor)));
        let target = match action {
            Action::ExportCsv | Action::PublishContact | Action::ViewAuditLog => {
                return role.may(action);
            }
            Action::ManageCommunities
            | Action::AppointCommunityAdmins
            | Action::ViewStreetFigures => Target::StreetOffice("金石街道"),
            // The case is given to 物业.
            Action::HandleCases if role == Role::Property => Target::Assigned,
            Action::PublishNotices
            | Action::AdjustHours
            | Action::ActForResidents
            | Action::FileCasesForResidents
            | Action::HandleCases
            | Action::ReadResidents
            | Action::ReadEmergencyContacts
            | Action::ViewAcks
            | Action::VerifyResidents
            | Action::CreateResidents
            | Action::EditResidents
            | Action::IssueResetCodes
            | Action::MarkRepresentatives => building,
            Action::EditDirectory
            | Action::PublishActivities
            | Action::ScheduleShifts
            | Action::CancelShifts
            | Action::MarkNoShows
            | Action::ConfirmHours
            | Action::ManageCategories
            | Action::ImportResidents
            | Action::ManageStaff
            | Action::DisableAccounts
            | Action::ManageBuildings
            | Action::ManageGrids
            | Action::EditCommunityInfo => Target::Community,
        };
        role.reach(action).covers(&standing, target)
    }
}

/// A mutation pushed by `token` (none: a visitor), as one cell's attempt.
async fn push(app: &TestApp, token: Option<&str>, name: &str, args: Value) -> Attempt {
    let mut device = Device::new();
    let m = device.mutation(name, args);
    let reply = app
        .post("/api/sync/push", token, device.push_body(&[m]))
        .await;
    match reply.status {
        StatusCode::OK => {}
        status => {
            return Attempt::Refused(
                status,
                reply.body["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    let outcome = &reply.body["results"][0]["outcome"];
    match (outcome["status"].as_str(), outcome["code"].as_str()) {
        (Some("applied"), _) => Attempt::Done,
        (_, Some("forbidden")) => Attempt::Refused(
            StatusCode::FORBIDDEN,
            outcome["reason"].as_str().unwrap_or_default().to_owned(),
        ),
        _ => panic!("{name}: unexpected outcome {outcome}"),
    }
}

/// A REST request as one cell's attempt.
async fn rest(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Attempt {
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let reply = app.send(method, path, token, body, true).await;
    match reply.status {
        s if s.is_success() => Attempt::Done,
        s @ (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => Attempt::Refused(
            s,
            reply.body["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        ),
        s => panic!("{path}: unexpected {s} {:?}", reply.body),
    }
}

/// Whether the actor's device pulls row `id` of `collection`.
async fn pulls(app: &TestApp, world: &World, actor: &Actor, collection: &str, id: &str) -> Attempt {
    let mut path = format!(
        "/api/sync/pull?protocol=1&since=0&client_id={}",
        fresh_id("device")
    );
    if actor.phone.is_none() {
        path.push_str(&format!("&community_id={}", world.community));
    }
    let reply = app.get(&path, world.token(actor)).await;
    if reply.status != StatusCode::OK {
        let reason = reply.body["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        return Attempt::Refused(reply.status, reason);
    }
    assert_eq!(reply.body["has_more"], false, "one page holds it all");
    let changes = reply.body["changes"].as_array().unwrap();
    if common::rows(changes, collection).contains_key(id) {
        Attempt::Done
    } else {
        Attempt::Refused(StatusCode::OK, String::new())
    }
}

/// Pushes `name` as the community worker, for what a cell needs set up first.
async fn set_up(app: &TestApp, world: &World, name: &str, args: Value) {
    match push(app, Some(&world.tokens[WORKER]), name, args).await {
        Attempt::Done => {}
        refused => panic!("setting up {name}: {refused:?}"),
    }
}

/// A new shift tomorrow, by the community worker.
async fn new_shift(app: &TestApp, world: &World) -> String {
    let id = fresh_id("shift");
    // Each at its own time: a volunteer's sign-ups may not clash.
    let start = db::now_ms() + (24 + 3 * i64::from(fresh())) * 3600 * 1000;
    let shift = json!({"id": id, "activity_id": world.activity, "starts_at": start,
                       "ends_at": start + 7_200_000, "capacity": 5, "check_in_code": "482100"});
    set_up(app, world, volunteer::SAVE_SHIFT, shift).await;
    id
}

/// A sign-up of the target of `actor`'s building for a new shift; its id.
async fn target_signup(app: &TestApp, world: &World, actor: &Actor) -> String {
    let shift = new_shift(app, world).await;
    let signup = fresh_id("signup");
    let args = json!({"signup_id": signup, "shift_id": shift, "user_id": world.target(actor)});
    let token = &world.target_tokens[actor.building];
    match push(app, Some(token), volunteer::SIGN_UP, args).await {
        Attempt::Done => signup,
        refused => panic!("signing up: {refused:?}"),
    }
}

async fn volunteering(app: &TestApp, world: &World, action: Action, actor: &Actor) -> Attempt {
    let token = world.token(actor);
    match action {
        Action::PublishActivities => {
            let args = json!({"id": fresh_id("activity"), "kind": "environment", "title": "清理楼道",
                "description": "清理杂物", "place": "3栋楼下", "contact_name": "钱晓燕",
                "contact_phone": WORKER, "skills": []});
            push(app, token, volunteer::SAVE_ACTIVITY, args).await
        }
        Action::ScheduleShifts => {
            let start = db::now_ms() + 48 * 3600 * 1000;
            let args = json!({"id": fresh_id("shift"), "activity_id": world.activity,
                "starts_at": start, "ends_at": start + 3_600_000, "capacity": 3, "check_in_code": "730273"});
            push(app, token, volunteer::SAVE_SHIFT, args).await
        }
        Action::CancelShifts => {
            let shift = new_shift(app, world).await;
            let args = json!({"shift_id": shift, "reason": "下雨"});
            push(app, token, volunteer::CANCEL_SHIFT, args).await
        }
        Action::MarkNoShows => {
            let signup = target_signup(app, world, actor).await;
            push(
                app,
                token,
                volunteer::MARK_NO_SHOW,
                json!({"signup_id": signup}),
            )
            .await
        }
        Action::ConfirmHours => {
            let signup = target_signup(app, world, actor).await;
            linli_server::db::exec!(&app.pool, |ex| sqlx::query(
                "UPDATE signups SET wrong_codes = 5 WHERE id = $1"
            )
            .bind(&signup)
            .execute(ex)
            .await)
            .unwrap();
            push(
                app,
                token,
                volunteer::UNLOCK_CHECK_IN,
                json!({"signup_id": signup}),
            )
            .await
        }
        Action::AdjustHours => {
            let args = json!({"entry_id": fresh_id("entry"), "user_id": world.target(actor),
                              "minutes": 60, "note": "补记上周的服务"});
            push(app, token, volunteer::ADJUST_HOURS, args).await
        }
        Action::ActForResidents => {
            let shift = new_shift(app, world).await;
            let args = json!({"signup_id": fresh_id("signup"), "shift_id": shift,
                              "user_id": world.target(actor)});
            push(app, token, volunteer::SIGN_UP, args).await
        }
        Action::ExportCsv => rest(app, Method::GET, "/api/volunteer/hours.csv", token, None).await,
        Action::ReadEmergencyContacts => {
            pulls(app, world, actor, "volunteers", world.target(actor)).await
        }
        other => unreachable!("{other:?} is not volunteering"),
    }
}

async fn content(app: &TestApp, world: &World, action: Action, actor: &Actor) -> Attempt {
    let token = world.token(actor);
    match action {
        Action::PublishNotices => {
            let args = json!({"id": fresh_id("notice"), "category": "outage", "importance": "normal",
                "title": "停水", "body": "明天停水", "pinned": false, "audience": [world.building(actor)]});
            push(app, token, notice::PUBLISH, args).await
        }
        Action::ViewAcks => {
            let ack = format!("{}:{}", world.notice, world.target(actor));
            pulls(app, world, actor, "notice_acks", &ack).await
        }
        Action::EditDirectory => {
            let name = format!("老年体检{}", fresh());
            let item = json!({"category": "elderly_care", "name": name, "summary": "免费体检",
                "eligibility": "65岁以上", "materials": ["身份证"], "steps": ["预约"],
                "location": "服务站", "hours": "周一至周五", "phone": "027-87654321", "fee": "免费",
                "time_limit": "当天", "proxy": false, "checked_on": "2026-11-20"});
            let args = json!({"id": uuid::Uuid::new_v4().to_string(), "content": item});
            push(app, token, directory::SAVE, args).await
        }
        Action::ManageCategories => {
            let args = json!({"id": fresh_id("category"), "name": "电梯", "respond_hours": 12,
                              "resolve_hours": 48, "position": 20});
            push(app, token, report::SAVE_CATEGORY, args).await
        }
        Action::FileCasesForResidents => {
            let args = json!({"id": fresh_id("case"), "category_id": "repair",
                "description": "楼道灯坏了", "building_id": world.building(actor),
                "contact_phone": "13912345678",
                "on_behalf": {"resident_id": world.target(actor), "name": "目标居民", "channel": "phone"}});
            push(app, token, report::SUBMIT, args).await
        }
        Action::HandleCases => {
            let case = fresh_id("case");
            let args = json!({"id": case, "category_id": "repair", "description": "水管漏水",
                              "building_id": world.building(actor)});
            let resident = &world.target_tokens[actor.building];
            assert!(matches!(
                push(app, Some(resident), report::SUBMIT, args).await,
                Attempt::Done
            ));
            let assign = json!({"report_id": case, "action": {"kind": "assign", "to": {"to": "property"}},
                                "note": "请物业上门"});
            set_up(app, world, report::ACT, assign).await;
            let reply = json!({"report_id": case, "action": {"kind": "reply"}, "note": "已安排"});
            push(app, token, report::ACT, reply).await
        }
        other => unreachable!("{other:?} is not content"),
    }
}

async fn people(app: &TestApp, world: &World, action: Action, actor: &Actor) -> Attempt {
    let token = world.token(actor);
    let target = world.target(actor);
    let person = |what: &str| format!("/api/admin/people/{target}/{what}");
    match action {
        Action::ReadResidents => {
            let path = format!("/api/admin/people?q={}", target_phone(actor));
            let reply = app.get(&path, token).await;
            match reply.status {
                StatusCode::OK if !reply.body.as_array().unwrap().is_empty() => Attempt::Done,
                status => Attempt::Refused(
                    status,
                    reply.body["message"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                ),
            }
        }
        Action::VerifyResidents => {
            let (community, building) = (&world.community, world.building(actor));
            let body = json!({"phone": fresh_phone(), "display_name": "新邻居", "password": "new-neighbour",
                              "community_id": community, "address": {"building_id": building}});
            let reply = app.post("/api/accounts/register", None, body).await;
            let id = reply.body["user"]["id"].as_str().unwrap().to_owned();
            push(app, token, account::VERIFY, json!({"user_id": id})).await
        }
        Action::CreateResidents | Action::ManageStaff => {
            let role = if action == Action::ManageStaff {
                "grid_worker"
            } else {
                "resident"
            };
            let body = json!({"phone": fresh_phone(), "display_name": "新账号", "role": role,
                              "address": {"building_id": world.building(actor)}});
            rest(app, Method::POST, "/api/admin/people", token, Some(body)).await
        }
        Action::EditResidents => {
            rest(
                app,
                Method::PUT,
                &person("phone"),
                token,
                Some(json!({"phone": fresh_phone()})),
            )
            .await
        }
        Action::IssueResetCodes => {
            rest(app, Method::POST, &person("reset-code"), token, None).await
        }
        Action::MarkRepresentatives => {
            let body = json!({"representative": true});
            rest(
                app,
                Method::PUT,
                &person("representative"),
                token,
                Some(body),
            )
            .await
        }
        Action::DisableAccounts => {
            let body = json!({"phone": fresh_phone(), "display_name": "要停用的", "role": "resident",
                              "address": {"building_id": world.building(actor)}});
            let reply = app
                .post("/api/admin/people", Some(&world.tokens[ADMIN]), body)
                .await;
            let id = reply.body["id"].as_str().unwrap();
            let path = format!("/api/admin/people/{id}/disabled");
            rest(
                app,
                Method::PUT,
                &path,
                token,
                Some(json!({"disabled": true})),
            )
            .await
        }
        Action::ImportResidents => {
            let file = format!("姓名,手机号,楼栋\n新人,{},3栋\n", fresh_phone());
            let reply = app
                .send(
                    Method::POST,
                    "/api/admin/import/residents",
                    token,
                    Body::from(file),
                    false,
                )
                .await;
            match reply.status {
                StatusCode::OK => Attempt::Done,
                status => Attempt::Refused(
                    status,
                    reply.body["message"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                ),
            }
        }
        Action::PublishContact => {
            rest(
                app,
                Method::PUT,
                "/api/me/contact",
                token,
                Some(json!({"duty": "值班"})),
            )
            .await
        }
        other => unreachable!("{other:?} is not about people"),
    }
}

/// The phone of the target resident of `actor`'s building.
fn target_phone(actor: &Actor) -> &'static str {
    if actor.building == "3栋" {
        "13900000003"
    } else {
        "13900000012"
    }
}

async fn community(app: &TestApp, world: &World, action: Action, actor: &Actor) -> Attempt {
    let token = world.token(actor);
    match action {
        Action::ManageBuildings => {
            let body =
                json!({"names": format!("{}号综合楼", fresh()), "units": "2", "floors": "6"});
            rest(app, Method::POST, "/api/admin/buildings", token, Some(body)).await
        }
        Action::ManageGrids => {
            let body = json!({"name": format!("新网格{}", fresh()), "building_ids": []});
            rest(app, Method::POST, "/api/admin/grids", token, Some(body)).await
        }
        Action::EditCommunityInfo => {
            let body = json!({"address": "金石路 88 号", "office_hours": "周一至周五", "duty_phone": "027-87654321"});
            rest(app, Method::PUT, "/api/admin/community", token, Some(body)).await
        }
        Action::ViewAuditLog => rest(app, Method::GET, "/api/admin/audit", token, None).await,
        Action::ManageCommunities => {
            let body = json!({"name": format!("新社区{}", fresh())});
            rest(
                app,
                Method::POST,
                "/api/street/communities",
                token,
                Some(body),
            )
            .await
        }
        Action::AppointCommunityAdmins => {
            let path = format!("/api/street/communities/{}/admins", world.community);
            let body = json!({"phone": fresh_phone(), "display_name": "新主任"});
            rest(app, Method::POST, &path, token, Some(body)).await
        }
        Action::ViewStreetFigures => {
            rest(app, Method::GET, "/api/street/figures", token, None).await
        }
        other => unreachable!("{other:?} is not about the community"),
    }
}

/// One cell: `actor` tries `action`. Every action has its request here.
async fn attempt(app: &TestApp, world: &World, action: Action, actor: &Actor) -> Attempt {
    match action {
        Action::PublishActivities
        | Action::ScheduleShifts
        | Action::CancelShifts
        | Action::MarkNoShows
        | Action::ConfirmHours
        | Action::AdjustHours
        | Action::ActForResidents
        | Action::ExportCsv
        | Action::ReadEmergencyContacts => volunteering(app, world, action, actor).await,
        Action::PublishNotices
        | Action::ViewAcks
        | Action::EditDirectory
        | Action::ManageCategories
        | Action::FileCasesForResidents
        | Action::HandleCases => content(app, world, action, actor).await,
        Action::ReadResidents
        | Action::VerifyResidents
        | Action::CreateResidents
        | Action::ManageStaff
        | Action::EditResidents
        | Action::IssueResetCodes
        | Action::MarkRepresentatives
        | Action::DisableAccounts
        | Action::ImportResidents
        | Action::PublishContact => people(app, world, action, actor).await,
        Action::ManageBuildings
        | Action::ManageGrids
        | Action::EditCommunityInfo
        | Action::ViewAuditLog
        | Action::ManageCommunities
        | Action::AppointCommunityAdmins
        | Action::ViewStreetFigures => community(app, world, action, actor).await,
    }
}

/// The database every action starts from: the demo accounts logged in, two target
/// residents (3栋 and 12栋) with a volunteer profile and an acknowledged notice, and an
/// activity. Written once, copied for each action.
async fn template(dir: &std::path::Path) -> World {
    let (template_url, pool) = if common::on_postgres() {
        common::database().await
    } else {
        let url = format!("sqlite://{}/template.db", dir.display());
        let pool = db::connect(&url).await.unwrap();
        db::migrate(&pool).await.unwrap();
        (url, pool)
    };
    features::setup(&pool).await.unwrap();
    seed::demo_accounts(&pool).await.unwrap();
    let app = TestApp {
        router: app(AppState::local(pool.clone())),
        pool: pool.clone(),
    };
    let (community, _) = app.community("金石社区", "3栋").await;
    let mut buildings = HashMap::new();
    for name in ["3栋", "12栋"] {
        buildings.insert(name.to_owned(), app.community("金石社区", name).await.1);
    }
    let mut tokens = HashMap::new();
    for phone in ACTORS.iter().filter_map(|a| a.phone) {
        if !tokens.contains_key(phone) {
            tokens.insert(phone.to_owned(), app.login(phone).await);
        }
    }
    let notice = "perm-notice".to_owned();
    let args = json!({"id": notice, "category": "outage", "importance": "urgent", "title": "停电",
                      "body": "明天停电", "pinned": false, "audience": null});
    let mut world = World {
        community,
        buildings,
        targets: HashMap::new(),
        target_tokens: HashMap::new(),
        tokens,
        notice,
        activity: "perm-activity".to_owned(),
        template_url,
    };
    set_up(&app, &world, notice::PUBLISH, args).await;
    let activity = json!({"id": world.activity, "kind": "environment", "title": "清理楼道",
        "description": "清理杂物", "place": "3栋楼下", "contact_name": "钱晓燕",
        "contact_phone": WORKER, "skills": []});
    set_up(&app, &world, volunteer::SAVE_ACTIVITY, activity).await;
    for (name, phone) in [("3栋", "13900000003"), ("12栋", "13900000012")] {
        let (id, token) = target_resident(&app, &world, name, phone).await;
        world.targets.insert(name.to_owned(), id);
        world.target_tokens.insert(name.to_owned(), token);
    }
    pool.close().await;
    world
}

/// A verified resident of `building` created at the desk, who set their password with
/// the code, filled in a volunteer profile and acknowledged the notice.
async fn target_resident(
    app: &TestApp,
    world: &World,
    building: &str,
    phone: &str,
) -> (String, String) {
    let body = json!({"phone": phone, "display_name": "目标居民", "role": "resident",
                      "address": {"building_id": world.buildings[building], "unit": "1单元", "room": "101"}});
    let created = app
        .post("/api/admin/people", Some(&world.tokens[ADMIN]), body)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let code = created.body["reset_code"]["code"].as_str().unwrap();
    let reset = json!({"phone": phone, "code": code, "password": "target-pass-1"});
    let session = app.post("/api/accounts/reset", None, reset).await;
    let token = session.body["token"].as_str().unwrap().to_owned();
    let profile = json!({"user_id": id, "skills": [], "availability": "周末",
                         "emergency_name": "家人", "emergency_phone": "13911112222"});
    assert!(matches!(
        push(app, Some(&token), volunteer::SAVE_PROFILE, profile).await,
        Attempt::Done
    ));
    let ack = json!({"notice_id": world.notice, "user_id": id});
    assert!(matches!(
        push(app, Some(&token), notice::ACKNOWLEDGE, ack).await,
        Attempt::Done
    ));
    (id, token)
}

/// The template copied for one action, served.
async fn copy(dir: &std::path::Path, world: &World, n: usize) -> TestApp {
    let url = if common::on_postgres() {
        common::copy_postgres_database(&world.template_url, &format!("a{n}")).await
    } else {
        let name = format!("action-{n}.db");
        for suffix in ["", "-wal", "-shm"] {
            let from = dir.join(format!("template.db{suffix}"));
            if from.exists() {
                std::fs::copy(&from, dir.join(format!("{name}{suffix}"))).unwrap();
            }
        }
        format!("sqlite://{}/{name}", dir.display())
    };
    let pool = db::connect(&url).await.unwrap();
    TestApp {
        router: app(AppState::local(pool.clone())),
        pool,
    }
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[tokio::test]
async fn every_action_by_every_role() {
    let dir = tempfile::tempdir().unwrap();
    let world = template(dir.path()).await;
    let mut failures = Vec::new();
    for (n, action) in Action::ALL.into_iter().enumerate() {
        let app = copy(dir.path(), &world, n).await;
        let grid: Vec<String> = db::people::grid_buildings(
            &mut app.pool.acquire().await.unwrap(),
            &app.user_id(GRID).await,
        )
        .await
        .unwrap();
        let allowed = ACTORS
            .iter()
            .filter(|a| world.allowed(action, a, &grid))
            .count();
        assert!(
            (1..ACTORS.len()).contains(&allowed),
            "{action:?}: {allowed} allowed"
        );
        for actor in &ACTORS {
            let expected = world.allowed(action, actor, &grid);
            let got = attempt(&app, &world, action, actor).await;
            let ok = match (&got, expected) {
                (Attempt::Done, true) => true,
                (Attempt::Refused(StatusCode::OK, _), false) => true,
                (Attempt::Refused(status, reason), false) => {
                    matches!(*status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                        && is_chinese(reason)
                }
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{action:?} by {}: expected {}, got {got:?}",
                    actor.label,
                    if expected { "allowed" } else { "refused" }
                ));
            }
        }
        app.pool.close().await;
        if common::on_postgres() {
            common::drop_postgres_database(&format!("{}_a{n}", world.template_url)).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A refusal for want of rights says the action's own words.
#[tokio::test]
async fn a_refusal_says_why_in_the_actions_words() {
    let dir = tempfile::tempdir().unwrap();
    let world = template(dir.path()).await;
    let app = copy(dir.path(), &world, 0).await;
    let resident = &ACTORS[8];
    for action in [
        Action::PublishNotices,
        Action::ManageCategories,
        Action::AdjustHours,
    ] {
        match attempt(&app, &world, action, resident).await {
            Attempt::Refused(StatusCode::FORBIDDEN, reason) => assert_eq!(reason, action.refusal()),
            other => panic!("{action:?}: {other:?}"),
        }
    }
    let outside = &ACTORS[4];
    match attempt(&app, &world, Action::CreateResidents, outside).await {
        Attempt::Refused(StatusCode::FORBIDDEN, reason) => {
            assert_eq!(reason, "这不在您负责的网格内")
        }
        other => panic!("{other:?}"),
    }
}
