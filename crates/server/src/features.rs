//! The registry: every feature the server runs, once. Adding a feature is its folder
//! and one line here (and its migration).

use crate::db::Pool;
use crate::sync::{Feature, Setups};
use crate::{
    accounts, admin, aid, care, deliberation, directory, inbox, notices, reports, signup, volunteer,
};

/// Every feature, once.
pub const FEATURES: &[Feature] = &[
    notices::FEATURE,
    directory::FEATURE,
    accounts::FEATURE,
    admin::FEATURE,
    inbox::FEATURE,
    volunteer::FEATURE,
    reports::FEATURE,
    care::FEATURE,
    deliberation::FEATURE,
    aid::FEATURE,
    signup::FEATURE,
];

/// Gives every community what each feature needs (idempotent): run at start-up, after
/// the migrations, and whenever a community is created.
pub async fn setup(pool: &Pool) -> sqlx::Result<()> {
    Setups(FEATURES).run(pool).await
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// How often each name occurs.
    fn counts<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
        let mut counts = BTreeMap::new();
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
        counts
    }

    #[test]
    fn each_core_feature_runs_once() {
        let served = counts(FEATURES.iter().map(|f| f.core.name));
        let described = counts(linli_core::FEATURES.iter().map(|(f, _)| f.name));
        assert_eq!(served, described);
    }

    #[test]
    fn each_mutation_has_exactly_one_handler_in_its_feature() {
        let handled = counts(FEATURES.iter().flat_map(|f| f.handlers).map(|h| h.mutation));
        let mutations = counts(
            linli_core::FEATURES
                .iter()
                .flat_map(|(f, _)| f.mutations.iter().copied()),
        );
        assert_eq!(handled, mutations);
        for feature in FEATURES {
            for h in feature.handlers {
                assert!(
                    feature.core.mutations.contains(&h.mutation),
                    "{} handles {}",
                    feature.core.name,
                    h.mutation
                );
            }
        }
    }

    #[test]
    fn each_collection_has_exactly_one_source_in_its_feature() {
        let sourced = counts(
            FEATURES
                .iter()
                .flat_map(|f| f.sources)
                .map(|s| s.collection),
        );
        let collections = counts(linli_core::collections().map(|c| c.name));
        assert_eq!(sourced, collections);
        for feature in FEATURES {
            for s in feature.sources {
                assert!(
                    feature
                        .core
                        .collections
                        .iter()
                        .any(|c| c.name == s.collection),
                    "{} fills {}",
                    feature.core.name,
                    s.collection
                );
            }
        }
    }
}
