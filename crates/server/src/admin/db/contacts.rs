//! What 联系社区 is made of: the office, the staff who published their duty, and the
//! people closest to a home.

use linli_core::account::Role;
use linli_core::admin::{Contacts, PropertyLine, StaffContact};

use super::street;
use crate::db::Conn;
use crate::db::people::RoleText;

/// The version of the community's 联系社区 (`communities.contacts_version`), at least 1
/// so that a device pulling from the start gets it even before anything changed.
pub async fn version(db: &mut Conn, community_id: &str) -> sqlx::Result<Option<i64>> {
    crate::db::run!(db, |ex| sqlx::query_scalar(
        "SELECT CASE WHEN contacts_version > 1 THEN contacts_version ELSE 1 END
         FROM communities WHERE id = $1",
    )
    .bind(community_id)
    .fetch_optional(ex)
    .await)
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: String,
    name: String,
    #[sqlx(try_from = "RoleText")]
    role: Role,
    duty: String,
    phone: Option<String>,
}

impl ContactRow {
    fn into_contact(self) -> StaffContact {
        StaffContact {
            account_id: self.id,
            name: self.name,
            role: self.role,
            duty: self.duty,
            phone: self.phone,
        }
    }
}

const CONTACT_SELECT: &str = "SELECT u.id, u.display_name AS name, u.role, u.duty,
    u.published_phone AS phone FROM users u";

/// 联系社区 for someone living in `building_id` (none for a visitor).
pub async fn contacts(
    db: &mut Conn,
    community_id: &str,
    building_id: Option<&str>,
) -> sqlx::Result<Option<Contacts>> {
    let Some(community) = street::community(db, community_id).await? else {
        return Ok(None);
    };
    let staff: Vec<ContactRow> = crate::db::run!(&mut *db, |ex| sqlx::query_as(&format!(
        "{CONTACT_SELECT}
         WHERE u.community_id = $1 AND u.disabled_at IS NULL
           AND u.role IN ('admin', 'community_worker', 'grid_worker')
           AND (u.duty <> '' OR u.published_phone IS NOT NULL)
         ORDER BY CASE u.role WHEN 'admin' THEN 0 WHEN 'community_worker' THEN 1 ELSE 2 END,
                  u.display_name"
    ))
    .bind(community_id)
    .fetch_all(ex)
    .await)?;
    let grid_worker: Option<ContactRow> =
        crate::db::run!(&mut *db, |ex| sqlx::query_as(&format!(
        "{CONTACT_SELECT} JOIN grids g ON g.worker_id = u.id JOIN buildings b ON b.grid_id = g.id
         WHERE b.id = $1 AND u.disabled_at IS NULL"
    ))
        .bind(building_id)
        .fetch_optional(ex)
        .await)?;
    let building_head: Option<ContactRow> = crate::db::run!(db, |ex| sqlx::query_as(&format!(
        "{CONTACT_SELECT} WHERE u.building_id = $1 AND u.role = 'building_head'
         AND u.disabled_at IS NULL"
    ))
    .bind(building_id)
    .fetch_optional(ex)
    .await)?;
    let info = community.info;
    Ok(Some(Contacts {
        community_name: community.name,
        property: (!info.property_name.is_empty()).then(|| PropertyLine {
            name: info.property_name.clone(),
            phone: info.property_phone.clone(),
        }),
        address: info.address,
        office_hours: info.office_hours,
        duty_phone: info.duty_phone,
        staff: staff.into_iter().map(ContactRow::into_contact).collect(),
        grid_worker: grid_worker.map(ContactRow::into_contact),
        building_head: building_head.map(ContactRow::into_contact),
    }))
}
