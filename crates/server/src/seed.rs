//! Demo data for a realistic first run.
//! Everything here is idempotent: running it again adds nothing twice.

use anyhow::Context;
use linli_core::Millis;
use linli_core::account::{Address, Role};
use linli_core::directory::ServiceContent;
use linli_core::notice::{Category, Importance, PublishArgs};
use linli_core::report::{
    Action, Actor, Assignee, Channel, Event, EventKind, Raiser, Rating, Report, SubmitArgs,
};
use linli_core::sync::Mutation;
use linli_core::volunteer::{
    Activity, ActivityKind, LedgerReason, SAVE_ACTIVITY, SAVE_PROFILE, SAVE_SHIFT, SIGN_UP,
    ShiftArgs, SignUpArgs, Skill, VolunteerProfile, shift_time_label,
};
use sha2::{Digest, Sha256};
use sqlx::Acquire;

use crate::accounts::db::{self as accounts, NewUser};
use crate::auth::{self, CurrentUser};
use crate::db::people::Person;
use crate::db::{self, Conn, Pool};
use crate::features::{self, FEATURES};
use crate::sync::apply::{ApplyError, Ctx};
use crate::{directory, notices, reports, volunteer};

/// The password of every demo account (printed in the README).
pub const DEMO_PASSWORD: &str = "linli2026";

const STREET_OFFICE: &str = "金石街道";

/// Demo accounts: phone, name, role, community, building, unit, room.
const DEMO_ACCOUNTS: [(&str, &str, Role, &str, &str, &str, &str); 6] = [
    ("13800000001", "赵主任", Role::Admin, "金石社区", "", "", ""),
    (
        "13800000002",
        "钱晓燕",
        Role::CommunityWorker,
        "金石社区",
        "",
        "",
        "",
    ),
    (
        "13800000003",
        "孙建国",
        Role::GridWorker,
        "金石社区",
        "3栋",
        "",
        "",
    ),
    (
        "13800000004",
        "王秀兰",
        Role::Resident,
        "金石社区",
        "3栋",
        "2单元",
        "301",
    ),
    (
        "13800000005",
        "李志强",
        Role::Resident,
        "金石社区",
        "12栋",
        "1单元",
        "502",
    ),
    (
        "13800000006",
        "周桂芳",
        Role::Resident,
        "桂园社区",
        "7栋",
        "3单元",
        "203",
    ),
];

/// Everything for a realistic first run: communities, accounts, notices, the directory,
/// volunteering, 居民说事.
pub async fn demo(pool: &Pool) -> anyhow::Result<()> {
    demo_accounts(pool).await?;
    demo_content(pool).await?;
    demo_volunteering(pool).await?;
    demo_reports(pool).await?;
    tracing::info!("demo data ready");
    Ok(())
}

/// The demo communities with their buildings, and one account of each role.
pub async fn demo_accounts(pool: &Pool) -> anyhow::Result<()> {
    // 金石社区 has 54 residential buildings; 桂园社区 is a smaller neighbour in the same street office.
    for (name, buildings) in [("金石社区", 54), ("桂园社区", 36)] {
        let community = db::communities::ensure(pool, name, STREET_OFFICE).await?;
        for n in 1..=buildings {
            db::communities::ensure_building(pool, &community, &format!("{n}栋"), n).await?;
        }
    }
    features::setup(pool).await?;
    for (phone, name, role, community, building, unit, room) in DEMO_ACCOUNTS {
        if accounts::phone_taken(pool, phone).await? {
            continue;
        }
        let community_id = db::communities::ensure(pool, community, STREET_OFFICE).await?;
        let building_id = if building.is_empty() {
            None
        } else {
            Some(db::communities::ensure_building(pool, &community_id, building, 0).await?)
        };
        let address = Address {
            building_id,
            unit: Some(unit.to_owned()),
            room: Some(room.to_owned()),
        }
        .normalized();
        let hash = auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
        accounts::insert(
            pool,
            &NewUser {
                community_id: &community_id,
                phone,
                display_name: name,
                password_hash: &hash,
                role,
                address: &address,
                created_by: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// The demo community's service directory (一站式服务), as staff would write it.
const SERVICES_JSON: &str = include_str!("../seed/services.json");
/// Recent notices of the demo community.
const NOTICES_JSON: &str = include_str!("../seed/notices.json");

#[derive(serde::Deserialize)]
struct DemoNotice {
    category: Category,
    importance: Importance,
    title: String,
    body: String,
    pinned: bool,
    audience_buildings: Option<Vec<String>>,
    days_ago: i64,
    expires_in_days: Option<i64>,
}

/// A stable id for demo content, so seeding again finds what it added.
fn demo_id(kind: &str, key: &str) -> String {
    format!(
        "demo-{kind}-{}",
        &hex::encode(Sha256::digest(key.as_bytes()))[..16]
    )
}

/// Adds the demo directory and notices to 金石社区 where they are missing.
/// Existing rows are left alone: staff may have edited or withdrawn them.
pub async fn demo_content(pool: &Pool) -> anyhow::Result<()> {
    let community = db::communities::ensure(pool, "金石社区", STREET_OFFICE).await?;
    let author: String = sqlx::query_scalar("SELECT id FROM users WHERE phone = ?")
        .bind(DEMO_ACCOUNTS[1].0)
        .fetch_one(pool)
        .await?;
    let services: Vec<ServiceContent> =
        serde_json::from_str(SERVICES_JSON).context("services.json")?;
    let mut tx = db::begin_write(pool).await?;
    for content in services {
        let content = content
            .validated()
            .map_err(|e| anyhow::anyhow!("services.json: {:?}", e.fields))?;
        let id = demo_id("service", &content.name);
        if directory::db::community_of(&mut tx, &id).await?.is_none() {
            let keys = directory::search_keys(&content);
            let now = db::now_ms();
            directory::db::upsert(&mut tx, &id, &community, &content, &keys, None, now).await?;
        }
    }
    let notices: Vec<DemoNotice> = serde_json::from_str(NOTICES_JSON).context("notices.json")?;
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    for n in notices {
        let id = demo_id("notice", &n.title);
        if notices::db::status(&mut tx, &id).await?.is_some() {
            continue;
        }
        let audience = match n.audience_buildings {
            Some(names) => {
                let mut ids = Vec::new();
                for name in names {
                    ids.push(db::communities::building_id(&mut tx, &community, &name).await?);
                }
                Some(ids)
            }
            None => None,
        };
        let published_at = db::now_ms() - n.days_ago * DAY_MS;
        let args = PublishArgs {
            id,
            category: n.category,
            importance: n.importance,
            title: n.title,
            body: n.body,
            pinned: n.pinned,
            audience,
            expires_at: n.expires_in_days.map(|d| published_at + d * DAY_MS),
        }
        .validated()
        .map_err(|e| anyhow::anyhow!("notices.json: {:?}", e.fields))?;
        notices::db::upsert(&mut tx, &args, &community, &author, published_at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// 钱晓燕, the community worker who runs volunteering in the demo.
const VOLUNTEER_LEAD: &str = "13800000002";

/// Demo volunteer profiles: phone, skills, availability, emergency contact and phone.
const DEMO_VOLUNTEERS: [(&str, &[Skill], &str, &str, &str); 5] = [
    (
        "13800000004",
        &[Skill::Counselling],
        "工作日上午和下午，周末也行",
        "王强",
        "13900002222",
    ),
    (
        "13800000005",
        &[Skill::Repair, Skill::Driving],
        "工作日晚上，周末全天",
        "李明",
        "13900001111",
    ),
    (
        "13800000003",
        &[Skill::Driving],
        "工作日白天",
        "孙丽",
        "13900003333",
    ),
    (
        "13800000002",
        &[Skill::Teaching],
        "工作日下午",
        "钱伟",
        "13900004444",
    ),
    ("13800000001", &[], "周末上午", "赵敏", "13900005555"),
];

struct DemoActivity {
    kind: ActivityKind,
    title: &'static str,
    description: &'static str,
    place: &'static str,
    skills: &'static [Skill],
    shifts: &'static [DemoShift],
}

struct DemoShift {
    /// Days from today, China time.
    day: i64,
    hour: i64,
    minute: i64,
    minutes: i64,
    capacity: i64,
    code: &'static str,
    /// Demo accounts (by phone) signed up, in the order they came.
    volunteers: &'static [&'static str],
}

const fn shift(
    day: i64,
    (hour, minute): (i64, i64),
    minutes: i64,
    capacity: i64,
    code: &'static str,
    volunteers: &'static [&'static str],
) -> DemoShift {
    DemoShift {
        day,
        hour,
        minute,
        minutes,
        capacity,
        code,
        volunteers,
    }
}

/// The demo community's volunteering over the coming two weeks. One shift is
/// nearly full (四点半课堂, tomorrow) and one full with 王秀兰 waiting (垃圾分类).
const DEMO_ACTIVITIES: [DemoActivity; 6] = [
    DemoActivity {
        kind: ActivityKind::ElderCare,
        title: "陪独居老人聊天",
        description: "两人一组上门看望独居老人，陪老人聊聊天、读读报，看看家里水电煤气是否安全。有需要理发的老人请记下来，下次安排理发志愿者上门。",
        place: "社区党群服务中心二楼活动室集合，分组上门",
        skills: &[Skill::Counselling],
        shifts: &[
            shift(1, (14, 30), 90, 6, "3615", &["13800000004"]),
            shift(4, (9, 30), 90, 6, "7302", &[]),
            shift(8, (14, 30), 90, 6, "5148", &[]),
        ],
    },
    DemoActivity {
        kind: ActivityKind::AfterSchool,
        title: "四点半课堂作业辅导",
        description: "放学后辅导小学生写作业、读绘本，等家长下班来接。请带上耐心，不需要准备教材。",
        place: "社区党群服务中心一楼四点半课堂",
        skills: &[Skill::Teaching],
        shifts: &[
            shift(
                1,
                (16, 30),
                90,
                5,
                "4260",
                &["13800000004", "13800000005", "13800000003", "13800000002"],
            ),
            shift(3, (16, 30), 90, 5, "8817", &[]),
            shift(5, (16, 30), 90, 5, "2093", &[]),
        ],
    },
    DemoActivity {
        kind: ActivityKind::Patrol,
        title: "夜间治安巡逻",
        description: "沿小区主干道和各楼栋单元门巡查，留意陌生人员、未关的单元门和消防通道堆物，发现问题报告值班民警。请穿舒适的鞋，社区发放红马甲和手电。",
        place: "社区警务室门口集合",
        skills: &[],
        shifts: &[
            shift(2, (19, 30), 120, 8, "6471", &["13800000005", "13800000003"]),
            shift(6, (19, 30), 120, 8, "1958", &[]),
        ],
    },
    DemoActivity {
        kind: ActivityKind::Environment,
        title: "楼道杂物清理",
        description: "清理楼道里堆放的纸箱、旧家具等杂物，保持消防通道畅通。清理前已张贴通知，住户自己的物品请先确认再搬。社区提供手套和推车。",
        place: "3栋楼下集合",
        skills: &[],
        shifts: &[
            shift(3, (9, 0), 120, 10, "3386", &["13800000003"]),
            shift(10, (9, 0), 120, 10, "9024", &[]),
        ],
    },
    DemoActivity {
        kind: ActivityKind::Civility,
        title: "垃圾分类桶前值守",
        description: "早晚投放高峰在垃圾分类投放点值守，提醒居民干湿分开、破袋投放，帮老人分拣。",
        place: "小区东门垃圾分类投放点",
        skills: &[],
        shifts: &[
            shift(
                2,
                (7, 0),
                90,
                4,
                "5702",
                &[
                    "13800000005",
                    "13800000003",
                    "13800000002",
                    "13800000001",
                    "13800000004",
                ],
            ),
            shift(4, (18, 30), 90, 4, "2645", &[]),
            shift(7, (7, 0), 90, 4, "8139", &[]),
        ],
    },
    DemoActivity {
        kind: ActivityKind::Other,
        title: "防汛应急物资清点",
        description: "汛期前清点沙袋、雨衣、抽水泵和应急照明，登记缺损，搬到方便取用的位置。需要搬重物，有驾驶或维修经验的优先。",
        place: "社区应急物资仓库（党群服务中心后院）",
        skills: &[Skill::Driving, Skill::Repair],
        shifts: &[
            shift(12, (14, 0), 120, 15, "4913", &[]),
            shift(13, (14, 0), 120, 15, "7756", &[]),
        ],
    },
];

/// When a past shift ran: days ago, start (hour, minute), minutes.
type PastShift = (i64, (i64, i64), i64);

/// Hours already served by the demo residents: phone, activity, when.
const DEMO_SERVICE: [(&str, &str, PastShift); 5] = [
    ("13800000004", "陪独居老人聊天", (12, (14, 30), 90)),
    ("13800000004", "四点半课堂作业辅导", (8, (16, 30), 90)),
    ("13800000004", "垃圾分类桶前值守", (5, (7, 0), 90)),
    ("13800000005", "夜间治安巡逻", (9, (19, 30), 120)),
    ("13800000005", "楼道杂物清理", (4, (9, 0), 120)),
];

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// Midnight today in China time.
fn china_midnight(now: i64) -> i64 {
    (now + 8 * HOUR_MS).div_euclid(24 * HOUR_MS) * 24 * HOUR_MS - 8 * HOUR_MS
}

/// A demo account as the logged-in user it would be.
async fn demo_user(pool: &Pool, phone: &str) -> anyhow::Result<CurrentUser> {
    db::people::account_by_phone(pool, phone)
        .await?
        .map(CurrentUser::from)
        .with_context(|| format!("demo account {phone}"))
}

/// Does what a person would do on a device, through the same rules and, like a
/// push, in a savepoint: a refusal leaves nothing behind and is returned.
async fn act(
    tx: &mut Conn,
    user: &CurrentUser,
    name: &str,
    args: serde_json::Value,
) -> anyhow::Result<Result<(), String>> {
    let now = db::now_ms();
    let m = Mutation {
        client_id: "demo-data".to_owned(),
        seq: 0,
        mutation_id: uuid::Uuid::new_v4(),
        name: name.to_owned(),
        args,
        created_at: now,
    };
    let mut savepoint = tx.begin().await?;
    match crate::sync::apply(&mut savepoint, FEATURES, &Ctx { user, now }, &m).await {
        Ok(_) => {
            savepoint.commit().await?;
            Ok(Ok(()))
        }
        Err(ApplyError::Rejected(r)) => {
            savepoint.rollback().await?;
            Ok(Err(format!("{name}: {}", r.reason)))
        }
        Err(ApplyError::Db(err)) => Err(err.into()),
    }
}

/// Volunteering in 金石社区: profiles, activities with shifts in the coming two
/// weeks (signed up through the same rules as devices), and hours already served.
/// An activity whose demo shifts have all ended gets new ones.
pub async fn demo_volunteering(pool: &Pool) -> anyhow::Result<()> {
    let lead = demo_user(pool, VOLUNTEER_LEAD).await?;
    let mut people = std::collections::HashMap::new();
    for (phone, ..) in DEMO_VOLUNTEERS {
        people.insert(phone, demo_user(pool, phone).await?);
    }
    let now = db::now_ms();
    let today = china_midnight(now);
    let mut tx = db::begin_write(pool).await?;
    for (phone, skills, availability, emergency_name, emergency_phone) in DEMO_VOLUNTEERS {
        let user = &people[phone];
        if volunteer::db::has_profile(&mut tx, &user.id).await? {
            continue;
        }
        let profile = VolunteerProfile {
            user_id: user.id.clone(),
            name: String::new(),
            skills: skills.to_vec(),
            availability: availability.to_owned(),
            emergency_name: emergency_name.to_owned(),
            emergency_phone: emergency_phone.to_owned(),
        };
        act(&mut tx, user, SAVE_PROFILE, serde_json::to_value(profile)?)
            .await?
            .map_err(anyhow::Error::msg)?;
    }
    for a in &DEMO_ACTIVITIES {
        let activity_id = demo_id("activity", a.title);
        if volunteer::db::activity_community(&mut tx, &activity_id)
            .await?
            .is_none()
        {
            let activity = Activity {
                id: activity_id.clone(),
                kind: a.kind,
                title: a.title.to_owned(),
                description: a.description.to_owned(),
                place: a.place.to_owned(),
                contact_name: "钱晓燕".to_owned(),
                contact_phone: VOLUNTEER_LEAD.to_owned(),
                skills: a.skills.to_vec(),
            };
            act(
                &mut tx,
                &lead,
                SAVE_ACTIVITY,
                serde_json::to_value(activity)?,
            )
            .await?
            .map_err(anyhow::Error::msg)?;
        }
        if volunteer::db::has_shift_ending_after(&mut tx, &activity_id, now).await? {
            continue;
        }
        for s in a.shifts {
            let starts_at = today + s.day * 24 * HOUR_MS + s.hour * HOUR_MS + s.minute * MINUTE_MS;
            let shift_id = demo_id("shift", &format!("{}@{starts_at}", a.title));
            let args = ShiftArgs {
                id: shift_id.clone(),
                activity_id: activity_id.clone(),
                starts_at,
                ends_at: starts_at + s.minutes * MINUTE_MS,
                capacity: s.capacity,
                check_in_code: s.code.to_owned(),
            };
            act(&mut tx, &lead, SAVE_SHIFT, serde_json::to_value(args)?)
                .await?
                .map_err(anyhow::Error::msg)?;
            for phone in s.volunteers {
                let user = &people[phone];
                let args = SignUpArgs {
                    signup_id: demo_id("signup", &format!("{shift_id}:{phone}")),
                    shift_id: shift_id.clone(),
                    user_id: user.id.clone(),
                };
                // Demo shifts renewed on a later day may clash with ones still ahead.
                if let Err(reason) =
                    act(&mut tx, user, SIGN_UP, serde_json::to_value(args)?).await?
                {
                    tracing::info!(%reason, "demo sign-up left out");
                }
            }
        }
    }
    for (phone, title, (days_ago, (hour, minute), minutes)) in DEMO_SERVICE {
        let id = demo_id("served", &format!("{phone}:{title}:{days_ago}"));
        if volunteer::db::ledger_entry_exists(&mut tx, &id).await? {
            continue;
        }
        let starts_at = today - days_ago * 24 * HOUR_MS + hour * HOUR_MS + minute * MINUTE_MS;
        let ends_at = starts_at + minutes * MINUTE_MS;
        let note = format!("{title} {}", shift_time_label(starts_at, ends_at));
        volunteer::db::insert_entry(
            &mut tx,
            &volunteer::db::NewEntry {
                id: &id,
                community_id: &lead.community_id,
                user_id: &people[phone].id,
                minutes,
                reason: LedgerReason::Served,
                note: &note,
                by_user_id: &lead.id,
                signup_id: None,
                created_at: ends_at,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// 孙建国, the demo grid worker, covers 1栋–10栋.
const GRID_WORKER: &str = "13800000003";
const GRID_BUILDINGS: std::ops::RangeInclusive<i64> = 1..=10;

/// Minutes, for the times of demo cases.
const H: i64 = 60;
const D: i64 = 24 * H;

/// What staff did on a demo case.
enum Did {
    Accept,
    Start,
    Resolve,
    CloseUnresolved,
    Reply,
    ToProperty,
    /// The same matter as the demo case of this key.
    DuplicateOf(&'static str),
}

/// A step on a demo case: minutes after it was filed, by whom (phone), what, the note.
type DemoStep = (i64, &'static str, Did, &'static str);

/// Who raised a demo case.
enum Raised {
    /// A demo resident (phone) on their own phone.
    App(&'static str),
    /// Staff (phone) filed it for someone without an account who phoned in:
    /// their name and number.
    Phoned(&'static str, &'static str, &'static str),
}

struct DemoCase {
    /// Stable key of the demo case.
    key: &'static str,
    category: &'static str,
    raised: Raised,
    anonymous: bool,
    building: Option<&'static str>,
    unit: Option<&'static str>,
    room: Option<&'static str>,
    place: Option<&'static str>,
    description: &'static str,
    /// Filed this many minutes ago.
    ago: i64,
    steps: &'static [DemoStep],
    /// The reporter's rating: minutes after filing, stars, comment.
    rating: Option<(i64, u8, &'static str)>,
    /// Demo residents (phones) who said "我也遇到".
    supporters: &'static [&'static str],
}

const WANG: &str = "13800000004";
const LI: &str = "13800000005";
const QIAN: &str = VOLUNTEER_LEAD;

/// 金石社区's cases over the past six weeks, oldest first (a duplicate after its original).
const DEMO_CASES: [DemoCase; 11] = [
    DemoCase {
        key: "北门门禁坏了",
        category: "property",
        raised: Raised::App(WANG),
        anonymous: false,
        building: None,
        unit: None,
        room: None,
        place: Some("小区北门"),
        description: "北门的人脸识别门禁坏了好几天，门一直开着，外面的人随便进出，晚上觉得不安全。",
        ago: 41 * D,
        steps: &[
            (20 * H, QIAN, Did::Accept, "已受理，今天联系物业来看门禁。"),
            (
                D + 2 * H,
                QIAN,
                Did::ToProperty,
                "门禁归物业维护，已转给物业公司，物业说要等厂家上门。",
            ),
            (
                2 * D,
                QIAN,
                Did::Reply,
                "物业回复厂家周五上门，这几天晚上北门安排了保安值守。",
            ),
            (
                5 * D,
                QIAN,
                Did::Resolve,
                "厂家换了门禁主板，人脸识别和刷卡都恢复正常了。",
            ),
        ],
        rating: Some((5 * D + 5 * H, 3, "修好了，就是等得有点久。")),
        supporters: &[],
    },
    DemoCase {
        key: "楼道灯不亮",
        category: "repair",
        raised: Raised::App(WANG),
        anonymous: false,
        building: Some("3栋"),
        unit: Some("2单元"),
        room: None,
        place: None,
        description: "3栋2单元三楼到五楼的楼道灯都不亮了，晚上上下楼只能打手机电筒照着走，家里老人不敢下楼。",
        ago: 38 * D,
        steps: &[
            (
                2 * H,
                GRID_WORKER,
                Did::Accept,
                "收到，今天下午我去楼道看一下是哪里的问题。",
            ),
            (
                6 * H,
                GRID_WORKER,
                Did::Start,
                "看过了，是三楼的声控开关坏了，线路没问题。已经报给物业电工，明天上午来换。",
            ),
            (
                D + 3 * H,
                GRID_WORKER,
                Did::Resolve,
                "物业电工把三到五楼的声控开关都换成新的了，晚上试过每层都能亮。",
            ),
        ],
        rating: Some((D + 6 * H, 5, "孙师傅来得很快，第二天就修好了，谢谢！")),
        supporters: &[],
    },
    DemoCase {
        key: "充电桩建议",
        category: "suggestion",
        raised: Raised::App(LI),
        anonymous: false,
        building: None,
        unit: None,
        room: None,
        place: Some("12栋和13栋之间的空地"),
        description: "小区电动车越来越多，不少人从楼上拉电线下来充电，很危险。建议在12栋和13栋之间的空地装一排充电桩。",
        ago: 33 * D,
        steps: &[
            (
                D + 2 * H,
                QIAN,
                Did::Accept,
                "谢谢您的建议，社区正在汇总大家的意见，准备向街道申请。",
            ),
            (
                9 * D,
                QIAN,
                Did::Reply,
                "已经向街道提交了申请，街道正和供电公司一起看场地。",
            ),
            (
                24 * D,
                QIAN,
                Did::CloseUnresolved,
                "供电公司来看过，那片空地下面有燃气管道，不能装充电桩。社区会继续找别的位置，有进展会发通知告诉大家。",
            ),
        ],
        rating: None,
        supporters: &[WANG],
    },
    DemoCase {
        key: "电梯异响",
        category: "repair",
        raised: Raised::App(LI),
        anonymous: false,
        building: Some("12栋"),
        unit: Some("1单元"),
        room: None,
        place: None,
        description: "12栋1单元的电梯这几天上下时有咔咔的响声，停靠的时候还会抖一下，担心有安全隐患。",
        ago: 20 * D,
        steps: &[
            (
                3 * H,
                QIAN,
                Did::Accept,
                "已经联系物业和电梯维保公司，这几天请尽量不要让小孩单独坐电梯。",
            ),
            (
                4 * H,
                QIAN,
                Did::ToProperty,
                "已转物业公司，由电梯维保公司上门检修。",
            ),
            (
                D + 6 * H,
                QIAN,
                Did::Start,
                "维保公司今天上午检查过了，是导靴磨损，要订配件，预计一周内更换。",
            ),
            (
                8 * D,
                QIAN,
                Did::Resolve,
                "配件已经换好，维保公司做了运行测试，响声和抖动都没有了。检测记录贴在电梯轿厢里。",
            ),
        ],
        rating: None,
        supporters: &[],
    },
    DemoCase {
        key: "楼道堆放杂物",
        category: "safety",
        raised: Raised::Phoned(GRID_WORKER, "7栋张阿姨", "13912345678"),
        anonymous: false,
        building: Some("7栋"),
        unit: Some("1单元"),
        room: None,
        place: None,
        description: "7栋1单元一楼到三楼的楼道里堆了很多纸箱和旧家具，堵了半边楼梯，万一着火跑都跑不出去。",
        ago: 15 * D,
        steps: &[
            (
                H,
                GRID_WORKER,
                Did::Accept,
                "已受理，今天先去现场拍照，张贴清理通知。",
            ),
            (
                3 * H,
                GRID_WORKER,
                Did::Start,
                "清理通知已经贴了，请住户两天内把自家的东西搬走。",
            ),
            (
                2 * D + 2 * H,
                GRID_WORKER,
                Did::Resolve,
                "组织志愿者把没人认领的纸箱和旧家具清走了，楼道已经通畅。已打电话告诉张阿姨。",
            ),
        ],
        rating: None,
        supporters: &[],
    },
    DemoCase {
        key: "垃圾清运不及时",
        category: "sanitation",
        raised: Raised::App(WANG),
        anonymous: false,
        building: None,
        unit: None,
        room: None,
        place: Some("小区东门垃圾分类投放点"),
        description: "东门垃圾投放点这周有两天到晚上还没清运，桶都满出来了，天热味道很大，还招苍蝇。",
        ago: 12 * D,
        steps: &[
            (
                4 * H,
                QIAN,
                Did::Accept,
                "已联系环卫公司，要求每天下午四点前清运一次。",
            ),
            (
                D + 4 * H,
                QIAN,
                Did::Start,
                "环卫公司调整了清运时间，社区这几天每天下午过去看一下。",
            ),
            (
                4 * D,
                QIAN,
                Did::Resolve,
                "连续三天下午都按时清运了，垃圾桶也冲洗过了。以后再有满溢请随时反映。",
            ),
        ],
        rating: Some((4 * D + 3 * H, 4, "好多了，希望一直保持。")),
        supporters: &[],
    },
    DemoCase {
        key: "东门垃圾没人收",
        category: "sanitation",
        raised: Raised::App(LI),
        anonymous: false,
        building: None,
        unit: None,
        room: None,
        place: Some("小区东门"),
        description: "东门那边的垃圾桶满了一整天都没人收，走过去味道很重。",
        ago: 12 * D - 3 * H,
        steps: &[(
            2 * H,
            QIAN,
            Did::DuplicateOf("垃圾清运不及时"),
            "和邻居早上反映的是同一件事，我们合在一起跟进，进展会同步告诉您。",
        )],
        rating: None,
        supporters: &[],
    },
    DemoCase {
        key: "楼上深夜噪音",
        category: "noise",
        raised: Raised::App(WANG),
        anonymous: true,
        building: Some("3栋"),
        unit: Some("2单元"),
        room: Some("301"),
        place: None,
        description: "楼上这一个月几乎每天晚上十二点以后还在拖椅子、走路很重，家里老人睡不好。想请社区帮忙沟通一下。",
        ago: 5 * D,
        steps: &[
            (
                3 * H,
                GRID_WORKER,
                Did::Accept,
                "收到，我先去楼上了解一下情况，不会说是谁反映的。",
            ),
            (
                D,
                GRID_WORKER,
                Did::Reply,
                "已经和楼上住户沟通过了，他们刚搬来，不知道声音传得这么大，答应晚上十点以后注意。",
            ),
            (
                2 * D,
                GRID_WORKER,
                Did::Resolve,
                "又回访了一次，楼上家里的椅子脚都加了垫子。如果还有问题请再反映。",
            ),
        ],
        rating: None,
        supporters: &[],
    },
    DemoCase {
        key: "消防通道停车",
        category: "parking",
        raised: Raised::App(LI),
        anonymous: true,
        building: Some("5栋"),
        unit: None,
        room: None,
        place: Some("5栋和6栋之间的消防通道"),
        description: "5栋和6栋之间的消防通道晚上经常停着两三辆私家车，上次救护车进来绕了一大圈才到。",
        ago: 4 * D,
        steps: &[
            (
                H,
                GRID_WORKER,
                Did::Accept,
                "收到，今晚我和物业保安一起去看看。",
            ),
            (
                20 * H,
                GRID_WORKER,
                Did::Start,
                "已经在车上贴了挪车提醒，物业这两天在路口装禁停标志和隔离桩。",
            ),
        ],
        rating: None,
        supporters: &[WANG],
    },
    DemoCase {
        key: "健身器材损坏",
        category: "repair",
        raised: Raised::App(WANG),
        anonymous: false,
        building: None,
        unit: None,
        room: None,
        place: Some("中心花园健身区"),
        description: "中心花园的漫步机一边踏板断了，转起来哐哐响，有老人差点摔倒，建议先围起来别让人用。",
        ago: 3 * D,
        steps: &[],
        rating: None,
        supporters: &[LI],
    },
    DemoCase {
        key: "卫生间漏水",
        category: "repair",
        raised: Raised::App(LI),
        anonymous: false,
        building: Some("12栋"),
        unit: Some("1单元"),
        room: Some("502"),
        place: None,
        description: "我家卫生间天花板一直往下滴水，应该是楼上602的下水管漏了，敲门一直没人在家。",
        ago: 30 * H,
        steps: &[
            (
                2 * H,
                QIAN,
                Did::Accept,
                "已受理，已经联系上602的业主，他今晚回来开门。",
            ),
            (
                3 * H,
                QIAN,
                Did::ToProperty,
                "已请物业维修班今晚跟业主一起上门查漏水点。",
            ),
        ],
        rating: None,
        supporters: &[],
    },
];

/// 居民说事 in 金石社区: the grid worker's buildings, and cases in every state
/// with their timelines, through the same rules as staff on devices.
pub async fn demo_reports(pool: &Pool) -> anyhow::Result<()> {
    let community = db::communities::ensure(pool, "金石社区", STREET_OFFICE).await?;
    let now = db::now_ms();
    let mut tx = db::begin_write(pool).await?;
    let mut people = DemoPeople::new();
    for phone in [VOLUNTEER_LEAD, GRID_WORKER, WANG, LI] {
        let person = db::people::person_by_phone(&mut tx, phone)
            .await?
            .with_context(|| format!("demo account {phone}"))?;
        people.insert(phone, person);
    }
    let grid = &people[GRID_WORKER];
    for n in GRID_BUILDINGS {
        let building = db::communities::building_id(&mut tx, &community, &format!("{n}栋")).await?;
        reports::db::add_grid_area(&mut tx, &grid.id, &building).await?;
    }
    for c in &DEMO_CASES {
        demo_case(&mut tx, &community, &people, c, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The demo accounts of `demo_reports`, by phone.
type DemoPeople = std::collections::HashMap<&'static str, Person>;

/// Files one demo case with its timeline and supporters, unless it is there already.
async fn demo_case(
    tx: &mut Conn,
    community: &str,
    people: &DemoPeople,
    c: &DemoCase,
    now: Millis,
) -> anyhow::Result<()> {
    let id = demo_id("report", c.key);
    if reports::db::case(tx, &id).await?.is_some() {
        return Ok(());
    }
    let category = reports::db::category(tx, community, c.category)
        .await?
        .with_context(|| format!("category {}", c.category))?;
    let building_id = match c.building {
        Some(name) => Some(db::communities::building_id(tx, community, name).await?),
        None => None,
    };
    let created_at = now - c.ago * MINUTE_MS;
    let (submitter, reporter, reporter_name, contact_phone, channel) = match c.raised {
        Raised::App(phone) => {
            let p = &people[phone];
            (p, Some(p), p.display_name.clone(), phone, Channel::App)
        }
        Raised::Phoned(staff, name, phone) => {
            (&people[staff], None, name.to_owned(), phone, Channel::Phone)
        }
    };
    let args = SubmitArgs {
        id: id.clone(),
        category_id: category.id.clone(),
        description: c.description.to_owned(),
        building_id,
        unit: c.unit.map(str::to_owned),
        room: c.room.map(str::to_owned),
        place: c.place.map(str::to_owned),
        geo: None,
        photos: Vec::new(),
        anonymous: c.anonymous,
        contact_phone: Some(contact_phone.to_owned()),
        on_behalf: None,
    };
    let raiser = Raiser {
        reporter_id: reporter.map(|p| p.id.clone()),
        reporter_name,
        channel,
        filed_by_name: None,
    };
    let mut report = Report::filed(args, &category, raiser, created_at);
    let filed_by = (channel != Channel::App).then_some(submitter.id.as_str());
    reports::db::insert_case(tx, community, filed_by, &report).await?;
    let mut events = vec![(
        submitter,
        Event {
            at: created_at,
            kind: EventKind::Submitted,
            note: reports::submitted_note(channel),
            by_name: submitter.display_name.clone(),
        },
    )];
    events.extend(demo_timeline(&mut report, people, c, created_at, reporter)?);
    for (by, event) in &events {
        anyhow::ensure!(event.at <= now, "demo case {} ends in the future", c.key);
        reports::db::insert_event(tx, &id, Some(&by.id), event).await?;
    }
    for phone in c.supporters {
        reports::db::add_supporter(tx, &id, &people[phone].id, created_at + H * MINUTE_MS).await?;
    }
    reports::db::save_case(tx, &report).await?;
    if let Some(of) = &report.duplicate_of {
        let original = reports::db::case(tx, of)
            .await?
            .with_context(|| format!("the original of demo case {}", c.key))?;
        reports::follow_original(
            tx,
            &report,
            &original.report,
            report.closed_at.unwrap_or(now),
        )
        .await?;
    }
    Ok(())
}

/// What staff and the reporter did on a demo case after it was filed, done to `report`
/// through the same rules as on devices, as timeline entries with who wrote them.
fn demo_timeline<'p>(
    report: &mut Report,
    people: &'p DemoPeople,
    c: &DemoCase,
    created_at: Millis,
    reporter: Option<&'p Person>,
) -> anyhow::Result<Vec<(&'p Person, Event)>> {
    let mut events = Vec::new();
    for (after, by, did, note) in c.steps {
        let at = created_at + after * MINUTE_MS;
        let action = match did {
            Did::Accept => Action::Accept,
            Did::Start => Action::Start,
            Did::Resolve => Action::Resolve,
            Did::CloseUnresolved => Action::CloseUnresolved,
            Did::Reply => Action::Reply,
            Did::ToProperty => Action::Assign {
                to: Assignee::Property,
            },
            Did::DuplicateOf(key) => Action::MarkDuplicate {
                of: demo_id("report", key),
            },
        };
        let kind = report
            .act(&action, at)
            .map_err(|e| anyhow::anyhow!("demo case {}: {}", c.key, e.message()))?;
        let by = &people[by];
        events.push((
            by,
            Event {
                at,
                kind,
                note: (*note).to_owned(),
                by_name: by.display_name.clone(),
            },
        ));
    }
    if let (Some((after, stars, comment)), Some(reporter)) = (c.rating, reporter) {
        let at = created_at + after * MINUTE_MS;
        let rating = Rating {
            stars,
            comment: comment.to_owned(),
        };
        let note = reports::rating_note(&rating);
        reports::apply_rating(report, Actor::Reporter, rating, at)
            .map_err(|e| anyhow::anyhow!("demo case {}: {}", c.key, e.message()))?;
        events.push((
            reporter,
            Event {
                at,
                kind: EventKind::Rated,
                note,
                by_name: reporter.display_name.clone(),
            },
        ));
    }
    Ok(events)
}
