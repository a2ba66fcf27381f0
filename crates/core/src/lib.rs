//! The pure core of 邻里: domain types, validation and the wire protocol.
//!
//! Nothing here touches a browser or a database, so the same rules run on the
//! server, in the app (compiled to wasm32) and in fast native tests.
//!
//! The sync engine (`sync`) knows no feature. Each feature is a module of its own that
//! describes itself to the engine (its collections, mutations and optimistic rules), and
//! [`FEATURES`] lists every one of them once.

pub mod access;
pub mod blob;
pub mod community;
pub mod error;
pub mod health;
pub mod roster;
pub mod search;
pub mod sync;
pub mod time;
pub mod validate;

pub mod account;
pub mod admin;
pub mod aid;
pub mod care;
pub mod deliberation;
pub mod directory;
pub mod inbox;
pub mod notice;
pub mod report;
pub mod signup;
pub mod volunteer;

use sync::{Collection, Feature, Rules};

/// Milliseconds since the Unix epoch (UTC). Used for every timestamp on the wire.
pub type Millis = i64;

/// The registry: every feature with its optimistic rules, once. Adding a feature is its
/// module and one line here.
pub const FEATURES: &[(Feature, Rules)] = &[
    (notice::FEATURE, notice::RULES),
    (directory::FEATURE, directory::RULES),
    (account::FEATURE, account::RULES),
    (admin::FEATURE, admin::RULES),
    (inbox::FEATURE, inbox::RULES),
    (volunteer::FEATURE, volunteer::RULES),
    (report::FEATURE, report::RULES),
    (care::FEATURE, care::RULES),
    (deliberation::FEATURE, deliberation::RULES),
    (aid::FEATURE, aid::RULES),
    (signup::FEATURE, signup::RULES),
];

/// Every synced collection of every feature.
pub fn collections() -> impl Iterator<Item = &'static Collection> {
    const ALL: &[Collection] = &COLLECTIONS;
    ALL.iter()
}

/// How many collections the features have together.
const COLLECTION_COUNT: usize = {
    let mut count = 0;
    let mut f = 0;
    while f < FEATURES.len() {
        count += FEATURES[f].0.collections.len();
        f += 1;
    }
    count
};

/// Every collection, worked out at compile time: code that needs only the collections (the
/// device's stores) then refers to their names, not to the registry with every feature's
/// rules, which the app's first download would otherwise carry.
const COLLECTIONS: [Collection; COLLECTION_COUNT] = {
    let mut all = [Collection {
        name: "",
        since_schema: 0,
    }; COLLECTION_COUNT];
    let (mut f, mut n) = (0, 0);
    while f < FEATURES.len() {
        let collections = FEATURES[f].0.collections;
        let mut c = 0;
        while c < collections.len() {
            all[n] = collections[c];
            n += 1;
            c += 1;
        }
        f += 1;
    }
    all
};

/// The device storage schema that holds every collection: the newest `since_schema`.
pub const fn newest_schema() -> u32 {
    let mut newest = 0;
    let mut c = 0;
    while c < COLLECTIONS.len() {
        if COLLECTIONS[c].since_schema > newest {
            newest = COLLECTIONS[c].since_schema;
        }
        c += 1;
    }
    newest
}

/// Every optimistic rule, for tools and tests that know all features at once. The app adds
/// each feature's rules when its pages load, so that the first download stays small.
pub fn all_rules() -> impl Iterator<Item = Rules> {
    FEATURES.iter().map(|(_, rules)| *rules)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn each_feature_has_one_rule_for_each_of_its_mutations() {
        for (feature, rules) in FEATURES {
            let names: Vec<&str> = rules.iter().map(|r| r.mutation).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}: a rule twice", feature.name);
            let mut mutations = feature.mutations.to_vec();
            mutations.sort_unstable();
            assert_eq!(sorted, mutations, "{}: rules and mutations", feature.name);
        }
    }

    /// A feature whose rules are not loaded yet leaves only its own rows unchanged.
    #[test]
    fn rules_apply_only_when_their_feature_is_loaded() {
        let m = sync::Mutation {
            client_id: "device".to_owned(),
            seq: 1,
            mutation_id: uuid::Uuid::nil(),
            name: report::SAVE_CATEGORY.to_owned(),
            args: serde_json::json!({
                "id": "c1", "name": "设施维修", "respond_hours": 24, "resolve_hours": 72, "position": 1
            }),
            created_at: 1_700_000_000_000,
        };
        let mut first_screens = sync::View::default();
        assert!(!sync::feature::apply(
            &[notice::RULES, directory::RULES],
            &m,
            &mut first_screens
        ));
        assert!(first_screens.get(report::CATEGORIES, "c1").is_none());

        let mut everything = sync::View::default();
        let rules: Vec<Rules> = all_rules().collect();
        assert!(sync::feature::apply(&rules, &m, &mut everything));
        assert_eq!(
            everything.get(report::CATEGORIES, "c1").unwrap()["name"],
            "设施维修"
        );
    }

    #[test]
    fn names_belong_to_one_feature() {
        let mut features = BTreeSet::new();
        let mut mutations = BTreeSet::new();
        let mut stores = BTreeSet::new();
        for (feature, _) in FEATURES {
            assert!(features.insert(feature.name), "feature {}", feature.name);
            for m in feature.mutations {
                assert!(mutations.insert(*m), "mutation {m} in two features");
            }
            for c in feature.collections {
                assert!(stores.insert(c.name), "collection {} twice", c.name);
                assert!(c.since_schema >= 1, "{}", c.name);
            }
        }
    }
}
