//! How each mutation changes what the person sees before the server confirms it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::protocol::Mutation;
use super::replica::View;
use crate::directory::{self, ServiceItem};
use crate::notice::{self, AcknowledgeArgs, NOTICE_ACKS, NOTICES, PublishArgs, WithdrawArgs};

/// Every mutation name the app records, for [`super::Replica::view`].
/// Arguments that do not parse change nothing; the server will refuse them.
pub fn apply(m: &Mutation, view: &mut View) {
    let _ = apply_first(m, view)
        || crate::volunteer::optimistic::apply(m, view)
        || crate::report::apply(m, view);
}

/// The mutations of what the app's first screens show: notices, the directory and
/// accounts. Returns false for any other name; the modules whose pages load later bring
/// their own [`super::ModuleMutator`].
pub fn apply_first(m: &Mutation, view: &mut View) -> bool {
    match m.name.as_str() {
        notice::PUBLISH => {
            if let Ok(args) = serde_json::from_value::<PublishArgs>(m.args.clone()) {
                let published_at = view
                    .get(NOTICES, &args.id)
                    .and_then(|n| n["published_at"].as_i64())
                    .unwrap_or(m.created_at);
                let author_name = view
                    .get(NOTICES, &args.id)
                    .and_then(|n| n["author_name"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "我".to_owned());
                view.upsert(
                    NOTICES,
                    &args.id.clone(),
                    json!({
                        "id": args.id,
                        "community_id": "",
                        "category": args.category,
                        "importance": args.importance,
                        "title": args.title,
                        "body": args.body,
                        "pinned": args.pinned,
                        "audience": args.audience,
                        "author_name": author_name,
                        "published_at": published_at,
                        "expires_at": args.expires_at,
                    }),
                );
            }
        }
        notice::WITHDRAW => {
            if let Ok(args) = serde_json::from_value::<WithdrawArgs>(m.args.clone()) {
                view.delete(NOTICES, &args.notice_id);
            }
        }
        notice::ACKNOWLEDGE => {
            if let Ok(args) = serde_json::from_value::<AcknowledgeArgs>(m.args.clone()) {
                view.upsert(
                    NOTICE_ACKS,
                    &args.ack_id(),
                    json!({
                        "notice_id": args.notice_id,
                        "user_id": args.user_id,
                        "acknowledged_at": m.created_at,
                    }),
                );
            }
        }
        directory::SAVE => {
            if let Ok(args) = serde_json::from_value::<directory::SaveArgs>(m.args.clone()) {
                // Pinyin keys come from the server; until then the Chinese text is searchable.
                let keys = view
                    .get(directory::SERVICES, &args.id)
                    .and_then(|item| serde_json::from_value::<ServiceItem>(item.clone()).ok())
                    .map(|item| item.keys)
                    .unwrap_or_default();
                let item = ServiceItem {
                    id: args.id.clone(),
                    community_id: String::new(),
                    content: args.content,
                    keys,
                };
                if let Ok(data) = serde_json::to_value(&item) {
                    view.upsert(directory::SERVICES, &args.id, data);
                }
            }
        }
        _ => return false,
    }
    true
}

pub(crate) fn args<T: DeserializeOwned>(m: &Mutation) -> Option<T> {
    serde_json::from_value(m.args.clone()).ok()
}

pub(crate) fn put<T: Serialize>(view: &mut View, collection: &str, id: &str, row: &T) {
    if let Ok(data) = serde_json::to_value(row) {
        view.upsert(collection, id, data);
    }
}

/// Changes a row the device already has; one it does not have stays as it is.
pub(crate) fn modify<T: Serialize + DeserializeOwned>(
    view: &mut View,
    collection: &str,
    id: &str,
    change: impl FnOnce(&mut T),
) {
    let Some(mut row) = view
        .get(collection, id)
        .and_then(|data| serde_json::from_value::<T>(data.clone()).ok())
    else {
        return;
    };
    change(&mut row);
    put(view, collection, id, &row);
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use uuid::Uuid;

    use super::*;
    use crate::sync::ModuleMutator;
    use crate::{report, volunteer};

    fn mutation(name: &str, args: serde_json::Value) -> Mutation {
        Mutation {
            client_id: "device".to_owned(),
            seq: 1,
            mutation_id: Uuid::nil(),
            name: name.to_owned(),
            args,
            created_at: 1_700_000_000_000,
        }
    }

    fn category() -> serde_json::Value {
        json!({"id": "c1", "name": "设施维修", "respond_hours": 24, "resolve_hours": 72, "position": 1})
    }

    /// Each mutation has one owner: the first screens' mutator or the module's that the
    /// app adds with a part, so a part not yet loaded leaves only its own rows unchanged.
    #[test]
    fn each_mutation_is_claimed_by_one_mutator() {
        let cases: [(&str, serde_json::Value, [bool; 3]); 4] = [
            (
                notice::ACKNOWLEDGE,
                json!({"notice_id": "n1", "user_id": "u1"}),
                [true, false, false],
            ),
            (
                volunteer::CANCEL_SHIFT,
                json!({"shift_id": "s1"}),
                [false, true, false],
            ),
            (report::SAVE_CATEGORY, category(), [false, false, true]),
            ("something.unknown", json!({}), [false, false, false]),
        ];
        let mutators: [ModuleMutator; 3] =
            [apply_first, volunteer::optimistic::apply, report::apply];
        for (name, args, claimed) in cases {
            let m = mutation(name, args);
            for (apply, expected) in mutators.iter().zip(claimed) {
                assert_eq!(apply(&m, &mut View::default()), expected, "{name}");
            }
        }
    }

    #[test]
    fn a_module_mutator_changes_only_its_rows_and_apply_covers_all() {
        let m = mutation(report::SAVE_CATEGORY, category());
        let mut first_only = View::default();
        assert!(!apply_first(&m, &mut first_only));
        assert!(first_only.get(report::CATEGORIES, "c1").is_none());

        let mut everything = View::default();
        apply(&m, &mut everything);
        assert_eq!(
            everything.get(report::CATEGORIES, "c1").unwrap()["name"],
            "设施维修"
        );
    }
}
