//! Who has confirmed an urgent notice (我已知晓) and who not yet, building by building,
//! so that grid workers know whom to visit or call.

use std::collections::BTreeMap;

use super::{Notice, NoticeAck};
use crate::Millis;
use crate::account::ResidentCard;

/// What a resident without a building is listed under.
const NO_BUILDING: &str = "未填楼栋";

/// One building's residents that a notice is for.
#[derive(Debug, Default, PartialEq)]
pub struct BuildingAcks {
    pub name: String,
    /// Each with when they confirmed.
    pub acknowledged: Vec<(ResidentCard, Millis)>,
    pub waiting: Vec<ResidentCard>,
}

/// The residents (not staff) `notice` is for, by building in number order ("2栋" before
/// "10栋"), split by whether `acks` holds their confirmation.
pub fn acks_by_building(
    notice: &Notice,
    residents: impl IntoIterator<Item = ResidentCard>,
    acks: &[NoticeAck],
) -> Vec<BuildingAcks> {
    let confirmed: BTreeMap<&str, Millis> = acks
        .iter()
        .filter(|a| a.notice_id == notice.id)
        .map(|a| (a.user_id.as_str(), a.acknowledged_at))
        .collect();
    let mut buildings: BTreeMap<(usize, String), BuildingAcks> = BTreeMap::new();
    for resident in residents {
        if !resident.role.is_resident() || !notice.is_for(resident.address.building_id.as_deref()) {
            continue;
        }
        let name = resident
            .building_name
            .clone()
            .unwrap_or_else(|| NO_BUILDING.to_owned());
        let number = name.trim_end_matches('栋').parse().unwrap_or(usize::MAX);
        let entry = buildings
            .entry((number, name.clone()))
            .or_insert_with(|| BuildingAcks {
                name,
                ..BuildingAcks::default()
            });
        match confirmed.get(resident.id.as_str()) {
            Some(at) => entry.acknowledged.push((resident, *at)),
            None => entry.waiting.push(resident),
        }
    }
    buildings.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Address, Role};
    use crate::notice::tests::notice;

    fn resident(id: &str, role: Role, building: Option<(&str, &str)>) -> ResidentCard {
        ResidentCard {
            id: id.into(),
            display_name: id.into(),
            role,
            phone: String::new(),
            address: Address {
                building_id: building.map(|(id, _)| id.to_owned()),
                ..Address::default()
            },
            building_name: building.map(|(_, name)| name.to_owned()),
            verified: true,
            representative: false,
            disabled: false,
        }
    }

    #[test]
    fn residents_are_grouped_by_building_in_number_order() {
        let residents = [
            resident("王秀兰", Role::Resident, Some(("b10", "10栋"))),
            resident("李志强", Role::Resident, Some(("b2", "2栋"))),
            resident("赵阿姨", Role::Resident, Some(("b2", "2栋"))),
            resident("孙建国", Role::GridWorker, Some(("b2", "2栋"))),
            resident("周桂芳", Role::Resident, None),
        ];
        let ack = |notice_id: &str, user_id: &str, acknowledged_at| NoticeAck {
            notice_id: notice_id.into(),
            user_id: user_id.into(),
            acknowledged_at,
        };
        let acks = [ack("n1", "赵阿姨", 7), ack("other", "王秀兰", 8)];
        let names = |people: &[ResidentCard]| -> Vec<String> {
            people.iter().map(|r| r.id.clone()).collect()
        };
        let all = acks_by_building(&notice(None), residents.clone(), &acks);
        let summary: Vec<_> = all
            .iter()
            .map(|b| {
                let done: Vec<_> = b
                    .acknowledged
                    .iter()
                    .map(|(r, at)| (r.id.as_str(), *at))
                    .collect();
                (b.name.as_str(), done, names(&b.waiting))
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("2栋", vec![("赵阿姨", 7)], vec!["李志强".to_owned()]),
                ("10栋", vec![], vec!["王秀兰".to_owned()]),
                ("未填楼栋", vec![], vec!["周桂芳".to_owned()]),
            ]
        );

        let some = acks_by_building(&notice(Some(&["b10"])), residents, &acks);
        assert_eq!(some.len(), 1);
        assert_eq!(names(&some[0].waiting), ["王秀兰"]);
    }
}
