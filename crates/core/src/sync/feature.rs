//! The shape in which a feature plugs into sync. The engine knows this shape and no
//! feature: each feature module describes itself with a [`Feature`] and its [`Rule`]s,
//! and the crate's registry (`crate::FEATURES`) lists every feature once.

use super::protocol::Mutation;
use super::replica::View;

/// A synced collection: rows the server sends and the device keeps in one object store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collection {
    pub name: &'static str,
    /// The version of the device's storage schema that added this collection's store.
    /// Devices upgrade through every version in order, so a landed number never changes.
    pub since_schema: u32,
}

/// What one feature brings to sync: the collections it fills and the mutations it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    pub name: &'static str,
    pub collections: &'static [Collection],
    pub mutations: &'static [&'static str],
}

/// How one mutation changes what the person sees before the server decides, done as the
/// server is expected to do it. A rule sets rows rather than incrementing them: an applied
/// mutation is still overlaid until the pull that carries its effects. Arguments that do not
/// parse change nothing; the server will refuse them.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub mutation: &'static str,
    pub apply: fn(&Mutation, &mut View),
}

/// A feature's rules, one per mutation.
pub type Rules = &'static [Rule];

/// Applies `m` by the rule for its name among `rules`. Returns false when none is known
/// (its feature's rules are not loaded yet, or the name is unknown): the view is unchanged.
pub fn apply(rules: &[Rules], m: &Mutation, view: &mut View) -> bool {
    match rules
        .iter()
        .flat_map(|r| r.iter())
        .find(|r| r.mutation == m.name)
    {
        Some(rule) => {
            (rule.apply)(m, view);
            true
        }
        None => false,
    }
}
