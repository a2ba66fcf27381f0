//! 议事协商: topics with their follow-ups, opinions with their supporters, and votes —
//! who has voted (`deliberation_voters`) apart from what was voted
//! (`deliberation_choices`). A secret choice is written with a random id and nothing
//! else that could lead back to its voter; no query here joins the two tables.

use linli_core::Millis;
use linli_core::deliberation::{
    Audience, AudienceSize, Choice, FollowUp, Opinion, SaveTopicArgs, Stage, StagePlan,
    TopicResult, VoteChannel, VoteSpec, VoterUnit,
};

use crate::db::sync::{Versioned, Window, changed_rows, next_version};
use crate::db::{Conn, new_id, stored_enum};

stored_enum! {
    /// A topic's stage as `deliberation_topics.stage` stores it.
    StageText for Stage { Consult, Vote, Result, FollowUp }
}

stored_enum! {
    /// How a vote came in, as `deliberation_voters.channel` stores it.
    ChannelText for VoteChannel { App, Paper, Spoken }
}

/// A topic as stored: what every viewer sees alike.
#[derive(Debug, Clone)]
pub struct TopicRecord {
    pub id: String,
    pub community_id: String,
    pub title: String,
    pub background: String,
    pub raised_by: String,
    pub case_id: Option<String>,
    pub audience: Audience,
    pub stages: Vec<StagePlan>,
    pub vote: Option<VoteSpec>,
    pub stage: Stage,
    pub result: Option<TopicResult>,
    pub notice_id: Option<String>,
    pub created_at: Millis,
    pub closed_at: Option<Millis>,
}

#[derive(sqlx::FromRow)]
struct TopicRow {
    id: String,
    community_id: String,
    title: String,
    background: String,
    raised_by: String,
    case_id: Option<String>,
    audience: String,
    stages: String,
    vote: Option<String>,
    #[sqlx(try_from = "StageText")]
    stage: Stage,
    result: Option<String>,
    notice_id: Option<String>,
    created_at: i64,
    closed_at: Option<i64>,
    version: i64,
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<T> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl TopicRow {
    fn into_record(self) -> sqlx::Result<Versioned<TopicRecord>> {
        Ok(Versioned {
            version: self.version,
            row: TopicRecord {
                audience: parse(&self.audience)?,
                stages: parse(&self.stages)?,
                vote: self.vote.as_deref().map(parse).transpose()?,
                result: self.result.as_deref().map(parse).transpose()?,
                id: self.id,
                community_id: self.community_id,
                title: self.title,
                background: self.background,
                raised_by: self.raised_by,
                case_id: self.case_id,
                stage: self.stage,
                notice_id: self.notice_id,
                created_at: self.created_at,
                closed_at: self.closed_at,
            },
        })
    }
}

const TOPIC_SELECT: &str = "SELECT id, community_id, title, background, raised_by, case_id,
    audience, stages, vote, stage, result, notice_id, created_at, closed_at, version
    FROM deliberation_topics";

pub async fn topic(db: &mut Conn, id: &str) -> sqlx::Result<Option<TopicRecord>> {
    let row: Option<TopicRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{TOPIC_SELECT} WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)?;
    row.map(|r| r.into_record().map(|v| v.row)).transpose()
}

/// Topics of a community changed in the window.
pub async fn changed_topics(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<Versioned<TopicRecord>>> {
    let rows: Vec<TopicRow> = changed_rows(
        db,
        TOPIC_SELECT,
        "deliberation_topics",
        community_id,
        None,
        window,
    )
    .await?;
    rows.into_iter().map(TopicRow::into_record).collect()
}

/// A new topic, at its first stage.
pub async fn insert_topic(
    tx: &mut Conn,
    community_id: &str,
    a: &SaveTopicArgs,
    by: &str,
    at: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    let stage = a.stages.first().map_or(Stage::Consult, |p| p.stage);
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_topics (id, community_id, title, background, raised_by, case_id,
             audience, stages, vote, stage, created_by, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&a.id)
    .bind(community_id)
    .bind(&a.title)
    .bind(&a.background)
    .bind(&a.raised_by)
    .bind(&a.case_id)
    .bind(text(&a.audience))
    .bind(text(&a.stages))
    .bind(a.vote.as_ref().map(text))
    .bind(StageText::from(stage))
    .bind(by)
    .bind(at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// A topic's content changed; its opinions get new versions too, as who may see them
/// may have changed with the audience.
pub async fn update_topic(tx: &mut Conn, a: &SaveTopicArgs) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_topics SET title = $2, background = $3, raised_by = $4,
             case_id = $5, audience = $6, stages = $7, vote = $8, version = $9
         WHERE id = $1",
    )
    .bind(&a.id)
    .bind(&a.title)
    .bind(&a.background)
    .bind(&a.raised_by)
    .bind(&a.case_id)
    .bind(text(&a.audience))
    .bind(text(&a.stages))
    .bind(a.vote.as_ref().map(text))
    .bind(version)
    .execute(ex)
    .await)?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_opinions SET version = $2 WHERE topic_id = $1"
    )
    .bind(&a.id)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Gives a topic a new version: a vote, a stage or a follow-up changed what devices show.
pub async fn touch_topic(tx: &mut Conn, id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_topics SET version = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn set_stage(tx: &mut Conn, id: &str, stage: Stage) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_topics SET stage = $2, version = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(StageText::from(stage))
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The vote closed: its result, the notice that makes it public, and the next stage.
pub async fn close_topic(
    tx: &mut Conn,
    id: &str,
    result: Option<&TopicResult>,
    notice_id: &str,
    stage: Stage,
    at: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_topics SET result = $2, notice_id = $3, stage = $4, closed_at = $5,
             version = $6
         WHERE id = $1",
    )
    .bind(id)
    .bind(result.map(text))
    .bind(notice_id)
    .bind(StageText::from(stage))
    .bind(at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

pub async fn insert_follow_up(
    tx: &mut Conn,
    topic_id: &str,
    id: &str,
    body: &str,
    by: &str,
    at: Millis,
) -> sqlx::Result<bool> {
    let done = crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_follow_ups (id, topic_id, body, by_user_id, at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(topic_id)
    .bind(body)
    .bind(by)
    .bind(at)
    .execute(ex)
    .await)?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
pub struct FollowUpRow {
    pub topic_id: String,
    id: String,
    body: String,
    by_name: String,
    at: i64,
}

impl FollowUpRow {
    pub fn into_follow_up(self) -> FollowUp {
        FollowUp {
            id: self.id,
            at: self.at,
            text: self.body,
            by_name: self.by_name,
        }
    }
}

/// The follow-ups of these topics, oldest first.
pub async fn follow_ups(db: &mut Conn, topic_ids: &[&str]) -> sqlx::Result<Vec<FollowUpRow>> {
    let mut all = Vec::new();
    for id in topic_ids {
        let rows: Vec<FollowUpRow> = crate::db::run!(db, |ex| sqlx::query_as(
            "SELECT f.topic_id, f.id, f.body, u.display_name AS by_name, f.at
             FROM deliberation_follow_ups f JOIN users u ON u.id = f.by_user_id
             WHERE f.topic_id = $1 ORDER BY f.at, f.id",
        )
        .bind(*id)
        .fetch_all(ex)
        .await)?;
        all.extend(rows);
    }
    Ok(all)
}

// Who may vote.

/// A person as the audience and the voters' roll see them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub id: String,
    pub display_name: String,
    pub role: String,
    pub building_id: Option<String>,
    pub unit: Option<String>,
    pub room: Option<String>,
    pub representative: bool,
    pub verified: bool,
}

impl Member {
    /// Whose ballot this person casts: their own, or their household's.
    pub fn voter_key(&self, per: VoterUnit) -> Option<String> {
        fn part(p: &Option<String>) -> Option<&str> {
            p.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        match per {
            VoterUnit::Resident => Some(format!("person:{}", self.id)),
            VoterUnit::Household => Some(format!(
                "flat:{}/{}/{}",
                part(&self.building_id)?,
                part(&self.unit)?,
                part(&self.room)?
            )),
        }
    }

    /// A verified resident (or 楼栋长) of the audience.
    pub fn in_audience(&self, audience: &Audience) -> bool {
        matches!(self.role.as_str(), "resident" | "building_head")
            && self.verified
            && audience.includes(self.building_id.as_deref(), self.representative)
    }
}

const MEMBER_SELECT: &str = "SELECT id, display_name, role, building_id, unit, room,
    representative, verified_at IS NOT NULL AS verified FROM users";

pub async fn member(db: &mut Conn, community_id: &str, id: &str) -> sqlx::Result<Option<Member>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{MEMBER_SELECT} WHERE community_id = $1 AND id = $2 AND disabled_at IS NULL"
    ))
    .bind(community_id)
    .bind(id)
    .fetch_optional(ex)
    .await)
}

#[derive(sqlx::FromRow)]
struct AudienceRow {
    building_id: String,
    building: String,
    count: i64,
}

/// How many may vote on a topic of `audience`, per building: verified residents, or the
/// households among them.
pub async fn audience_size(
    db: &mut Conn,
    community_id: &str,
    audience: &Audience,
    per: VoterUnit,
) -> sqlx::Result<AudienceSize> {
    let counted = match per {
        VoterUnit::Resident => "COUNT(*)",
        VoterUnit::Household => "COUNT(DISTINCT u.unit || '/' || u.room)",
    };
    let household = match per {
        VoterUnit::Resident => "",
        VoterUnit::Household => "AND u.unit IS NOT NULL AND u.room IS NOT NULL",
    };
    let representatives = match audience {
        Audience::Representatives => "AND u.representative = TRUE",
        _ => "",
    };
    let rows: Vec<AudienceRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "SELECT b.id AS building_id, b.name AS building, CAST({counted} AS BIGINT) AS count
         FROM users u JOIN buildings b ON b.id = u.building_id
         WHERE u.community_id = $1 AND u.role IN ('resident', 'building_head')
           AND u.verified_at IS NOT NULL AND u.disabled_at IS NULL {household} {representatives}
         GROUP BY b.id, b.name, b.position ORDER BY b.position, b.name"
    ))
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    let by_building: Vec<(String, u32)> = rows
        .into_iter()
        .filter(|r| audience.includes(Some(&r.building_id), true))
        .map(|r| (r.building, crate::db::small(r.count)))
        .collect();
    Ok(AudienceSize {
        total: by_building.iter().map(|(_, n)| n).sum(),
        by_building,
    })
}

// Votes.

/// Who has voted, for one voter key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoterRow {
    pub topic_id: String,
    pub voter_key: String,
    pub user_id: String,
    #[sqlx(try_from = "ChannelText")]
    pub channel: VoteChannel,
    pub recorded_by_name: Option<String>,
    pub cast_at: i64,
}

const VOTER_SELECT: &str = "SELECT v.topic_id, v.voter_key, v.user_id, v.channel,
    r.display_name AS recorded_by_name, v.cast_at
    FROM deliberation_voters v LEFT JOIN users r ON r.id = v.recorded_by";

pub async fn voter(db: &mut Conn, topic_id: &str, key: &str) -> sqlx::Result<Option<VoterRow>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{VOTER_SELECT} WHERE v.topic_id = $1 AND v.voter_key = $2"
    ))
    .bind(topic_id)
    .bind(key)
    .fetch_optional(ex)
    .await)
}

/// Who cast a ballot, and how: one row per voter, or nothing when the key already
/// voted (the primary key decides, whatever arrives at the same moment).
pub struct Cast<'a> {
    pub topic_id: &'a str,
    pub voter_key: &'a str,
    pub user_id: &'a str,
    pub building_id: Option<&'a str>,
    pub channel: VoteChannel,
    pub recorded_by: Option<&'a str>,
    pub cast_at: Millis,
}

/// Records that `c`'s voter has voted; false when they already had.
pub async fn insert_voter(tx: &mut Conn, c: &Cast<'_>) -> sqlx::Result<bool> {
    let done = crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_voters (topic_id, voter_key, user_id, building_id, channel,
             recorded_by, cast_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (topic_id, voter_key) DO NOTHING",
    )
    .bind(c.topic_id)
    .bind(c.voter_key)
    .bind(c.user_id)
    .bind(c.building_id)
    .bind(ChannelText::from(c.channel))
    .bind(c.recorded_by)
    .bind(c.cast_at)
    .execute(ex)
    .await)?;
    Ok(done.rows_affected() == 1)
}

/// An open ballot changed: who cast it now, and when.
pub async fn update_voter(tx: &mut Conn, c: &Cast<'_>) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_voters SET user_id = $3, building_id = $4, channel = $5,
             recorded_by = $6, cast_at = $7
         WHERE topic_id = $1 AND voter_key = $2",
    )
    .bind(c.topic_id)
    .bind(c.voter_key)
    .bind(c.user_id)
    .bind(c.building_id)
    .bind(ChannelText::from(c.channel))
    .bind(c.recorded_by)
    .bind(c.cast_at)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// Stores a choice: an open ballot's under its voter (replacing the one before), a
/// secret one's (`voter_key` None) under a random id alone.
pub async fn put_choice(
    tx: &mut Conn,
    topic_id: &str,
    voter_key: Option<&str>,
    choice: &Choice,
) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_choices (id, topic_id, voter_key, choice) VALUES ($1, $2, $3, $4)
         ON CONFLICT (topic_id, voter_key) DO UPDATE SET choice = excluded.choice",
    )
    .bind(new_id())
    .bind(topic_id)
    .bind(voter_key)
    .bind(text(choice))
    .execute(ex)
    .await)
    .map(|_| ())
}

/// The viewer's ballots: the rows of these voter keys, on any topic.
pub async fn voters_of(db: &mut Conn, keys: &[String]) -> sqlx::Result<Vec<VoterRow>> {
    let mut all = Vec::new();
    for key in keys {
        let rows: Vec<VoterRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
            "{VOTER_SELECT} WHERE v.voter_key = $1"
        ))
        .bind(key)
        .fetch_all(ex)
        .await)?;
        all.extend(rows);
    }
    Ok(all)
}

/// An open ballot's choice, by its voter.
pub async fn open_choice(
    db: &mut Conn,
    topic_id: &str,
    voter_key: &str,
) -> sqlx::Result<Option<Choice>> {
    let choice: Option<String> = crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT choice FROM deliberation_choices WHERE topic_id = $1 AND voter_key = $2"
    )
    .bind(topic_id)
    .bind(voter_key)
    .fetch_optional(ex)
    .await)?;
    choice.as_deref().map(parse).transpose()
}

/// How many have voted on a topic.
pub async fn voted(db: &mut Conn, topic_id: &str) -> sqlx::Result<u32> {
    let n: i64 = crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliberation_voters WHERE topic_id = $1"
    )
    .bind(topic_id)
    .fetch_one(ex)
    .await)?;
    Ok(crate::db::small(n))
}

#[derive(sqlx::FromRow)]
pub struct OpenBallotRow {
    pub voter_key: String,
    pub building: Option<String>,
    pub cast_at: i64,
    pub choice: String,
}

/// An open topic's ballots with their voters.
pub async fn open_ballots(db: &mut Conn, topic_id: &str) -> sqlx::Result<Vec<OpenBallotRow>> {
    crate::db::run!(db, |ex| sqlx::query_as(
        "SELECT v.voter_key, b.name AS building, v.cast_at, c.choice
         FROM deliberation_voters v
         JOIN deliberation_choices c ON c.topic_id = v.topic_id AND c.voter_key = v.voter_key
         LEFT JOIN buildings b ON b.id = v.building_id
         WHERE v.topic_id = $1",
    )
    .bind(topic_id)
    .fetch_all(ex)
    .await)
}

/// The buildings of those who voted, in the order of their names (never of when).
pub async fn voter_buildings(db: &mut Conn, topic_id: &str) -> sqlx::Result<Vec<Option<String>>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT b.name FROM deliberation_voters v LEFT JOIN buildings b ON b.id = v.building_id
         WHERE v.topic_id = $1 ORDER BY b.name"
    )
    .bind(topic_id)
    .fetch_all(ex)
    .await)
}

/// A secret topic's choices, in the order of their random ids.
pub async fn secret_choices(db: &mut Conn, topic_id: &str) -> sqlx::Result<Vec<Choice>> {
    let rows: Vec<String> = crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT choice FROM deliberation_choices WHERE topic_id = $1 AND voter_key IS NULL
         ORDER BY id"
    )
    .bind(topic_id)
    .fetch_all(ex)
    .await)?;
    rows.iter().map(|c| parse(c)).collect()
}

// Opinions.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpinionRow {
    pub id: String,
    pub community_id: String,
    pub topic_id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub reply: Option<String>,
    pub reply_by: Option<String>,
    pub hidden_reason: Option<String>,
    pub supporters: i64,
    pub created_at: i64,
    pub version: i64,
}

impl OpinionRow {
    /// As `viewer` sees it: the text of a hidden opinion only for its author and staff.
    pub fn for_viewer(self, viewer: &str, staff: bool, supported: bool) -> Opinion {
        let mine = self.author_id == viewer;
        let shown = self.hidden_reason.is_none() || mine || staff;
        Opinion {
            id: self.id,
            topic_id: self.topic_id,
            author_name: self.author_name,
            text: shown.then_some(self.body),
            supporters: crate::db::small(self.supporters),
            mine,
            supported,
            reply: self.reply,
            reply_by: self.reply_by,
            hidden_reason: self.hidden_reason,
            created_at: self.created_at,
        }
    }
}

const OPINION_SELECT: &str = "SELECT o.id, o.community_id, o.topic_id, o.author_id,
    a.display_name AS author_name, o.body, o.reply, r.display_name AS reply_by, o.hidden_reason,
    (SELECT COUNT(*) FROM deliberation_supports s WHERE s.opinion_id = o.id) AS supporters,
    o.created_at, o.version
    FROM deliberation_opinions o JOIN users a ON a.id = o.author_id
    LEFT JOIN users r ON r.id = o.reply_by";

pub async fn opinion(db: &mut Conn, id: &str) -> sqlx::Result<Option<OpinionRow>> {
    crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{OPINION_SELECT} WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await)
}

pub async fn changed_opinions(
    db: &mut Conn,
    community_id: &str,
    window: &Window,
) -> sqlx::Result<Vec<OpinionRow>> {
    changed_rows(db, OPINION_SELECT, "o", community_id, None, window).await
}

pub async fn insert_opinion(
    tx: &mut Conn,
    community_id: &str,
    id: &str,
    topic_id: &str,
    author: &str,
    body: &str,
    at: Millis,
) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_opinions (id, community_id, topic_id, author_id, body,
             created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(community_id)
    .bind(topic_id)
    .bind(author)
    .bind(body)
    .bind(at)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

async fn touch_opinion(tx: &mut Conn, id: &str) -> sqlx::Result<()> {
    let version = next_version(tx).await?;
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_opinions SET version = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(version)
    .execute(ex)
    .await)
    .map(|_| ())
}

/// One support per person: false when they had already given it.
pub async fn add_support(tx: &mut Conn, id: &str, user: &str, at: Millis) -> sqlx::Result<bool> {
    let done = crate::db::exec!(tx, |ex| sqlx::query(
        "INSERT INTO deliberation_supports (opinion_id, user_id, at) VALUES ($1, $2, $3)
         ON CONFLICT (opinion_id, user_id) DO NOTHING",
    )
    .bind(id)
    .bind(user)
    .bind(at)
    .execute(ex)
    .await)?;
    if done.rows_affected() == 1 {
        touch_opinion(tx, id).await?;
    }
    Ok(done.rows_affected() == 1)
}

/// The opinions `user` supports, of any topic.
pub async fn supported_by(db: &mut Conn, user: &str) -> sqlx::Result<Vec<String>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT opinion_id FROM deliberation_supports WHERE user_id = $1"
    )
    .bind(user)
    .fetch_all(ex)
    .await)
}

pub async fn reply(tx: &mut Conn, id: &str, text: &str, by: &str) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_opinions SET reply = $2, reply_by = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(text)
    .bind(by)
    .execute(ex)
    .await)?;
    touch_opinion(tx, id).await
}

pub async fn hide(tx: &mut Conn, id: &str, reason: &str, by: &str) -> sqlx::Result<()> {
    crate::db::exec!(tx, |ex| sqlx::query(
        "UPDATE deliberation_opinions SET hidden_reason = $2, hidden_by = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(reason)
    .bind(by)
    .execute(ex)
    .await)?;
    touch_opinion(tx, id).await
}

/// The names of these buildings, in their order.
pub async fn building_names(db: &mut Conn, ids: &[String]) -> sqlx::Result<Vec<String>> {
    let mut named: Vec<(i64, String)> = Vec::new();
    for id in ids {
        let row: Option<(i64, String)> = crate::db::run!(db, |ex| sqlx::query_as(
            "SELECT position, name FROM buildings WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(ex)
        .await)?;
        named.extend(row);
    }
    named.sort();
    Ok(named.into_iter().map(|(_, name)| name).collect())
}
