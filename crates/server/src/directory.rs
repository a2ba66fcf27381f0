//! The service directory through sync: staff save items; everyone pulls them
//! with pinyin search keys computed here, once per save.

use linli_core::directory::{SERVICES, SaveArgs, SearchKeys, ServiceContent};
use linli_core::error::ErrorCode;
use linli_core::sync::{Change, Mutation};
use pinyin::ToPinyin;
use sqlx::SqliteConnection;

use crate::auth::CurrentUser;
use crate::db;
use crate::sync::{Applied, Rejection, Viewer, Window, args, invalid};

/// Full pinyin and initials of `text`, lower case, without spaces or tones.
/// Letters and digits are kept as they are; punctuation is dropped.
fn pinyin_of(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for c in text.chars() {
        if let Some(p) = c.to_pinyin() {
            full.push_str(p.plain());
            initials.push_str(p.first_letter());
        } else if c.is_ascii_alphanumeric() {
            let c = c.to_ascii_lowercase();
            full.push(c);
            initials.push(c);
        }
    }
    (full, initials)
}

pub fn search_keys(content: &ServiceContent) -> SearchKeys {
    let (name_pinyin, name_initials) = pinyin_of(&content.name);
    let (body_pinyin, body_initials) = pinyin_of(&content.search_body());
    SearchKeys {
        name_pinyin,
        name_initials,
        body_pinyin,
        body_initials,
    }
}

pub async fn save(tx: &mut SqliteConnection, user: &CurrentUser, m: &Mutation) -> Applied {
    if !user.role.is_staff() {
        return Err(
            Rejection::new(ErrorCode::Forbidden, "只有社区工作人员可以修改办事指南").into(),
        );
    }
    let args = args::<SaveArgs>(m)?;
    let content = args.content.validated()?;
    if let Some(community) = db::services::community_of(tx, &args.id).await?
        && community != user.community_id
    {
        return Err(Rejection::new(ErrorCode::Forbidden, "不能修改其他社区的办事指南").into());
    }
    if let Some(other) = db::services::id_by_name(tx, &user.community_id, &content.name).await?
        && other != args.id
    {
        return Err(invalid(
            "name",
            "已经有同名的办事事项，请换个名称或修改原有事项",
        ));
    }
    db::services::upsert(
        tx,
        &args.id,
        &user.community_id,
        &content,
        &search_keys(&content),
        Some(&user.id),
    )
    .await?;
    Ok(None)
}

/// Service items are public within their community.
pub async fn changed(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    w: &Window,
) -> sqlx::Result<Vec<Change>> {
    let rows = db::services::changed(tx, viewer.community_id, w.since, w.until, w.limit).await?;
    Ok(rows
        .into_iter()
        .map(|(version, item)| Change {
            collection: SERVICES.to_owned(),
            id: item.id.clone(),
            version: version as u64,
            data: serde_json::to_value(&item).ok(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::pinyin_of;

    #[test]
    fn pinyin_and_initials() {
        assert_eq!(
            pinyin_of("高龄津贴"),
            ("gaolingjintie".into(), "gljt".into())
        );
        assert_eq!(
            pinyin_of("80岁 以上，CT检查"),
            ("80suiyishangctjiancha".into(), "80sysctjc".into())
        );
    }
}
