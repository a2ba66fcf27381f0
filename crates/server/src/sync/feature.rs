//! The shape in which a feature plugs into the server. The engine knows this shape and
//! no feature: each feature folder describes itself with a [`Feature`], and the
//! registry (`crate::features::FEATURES`) lists every one of them once.

use std::future::Future;
use std::pin::Pin;

use linli_core::sync::{Change, Mutation};
use utoipa_axum::router::OpenApiRouter;

use super::apply::{Applied, Ctx};
use super::pull::{Viewer, Window};
use crate::db;
use crate::state::AppState;

/// A future that can move between threads, boxed so that handlers fit in one table.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Applies one mutation inside the caller's transaction.
pub type ApplyFn =
    for<'a> fn(&'a mut db::Conn, &'a Ctx<'a>, &'a Mutation) -> BoxFuture<'a, Applied>;

/// One collection's changes in a pull's window, as the viewer may see them.
pub type ChangesFn = for<'a> fn(
    &'a mut db::Conn,
    &'a Viewer<'a>,
    &'a Window,
) -> BoxFuture<'a, sqlx::Result<Vec<Change>>>;

/// Gives every community what the feature needs in the database. Idempotent: run at
/// start-up and whenever a community is created.
pub type SetupFn = for<'a> fn(&'a db::Pool) -> BoxFuture<'a, sqlx::Result<()>>;

/// The features the server runs, for the sync routes and for the per-community setup of
/// the route that creates a community (the server puts it beside its routes as an extension).
#[derive(Clone, Copy)]
pub struct Setups(pub &'static [Feature]);

impl Setups {
    /// Gives every community what each feature needs (idempotent).
    pub async fn run(self, pool: &db::Pool) -> sqlx::Result<()> {
        for setup in self.0.iter().filter_map(|f| f.setup) {
            setup(pool).await?;
        }
        Ok(())
    }
}

/// What applies the mutations of one name.
pub struct Handler {
    pub mutation: &'static str,
    pub apply: ApplyFn,
}

/// What fills one synced collection.
pub struct Source {
    pub collection: &'static str,
    pub changes: ChangesFn,
}

/// One feature as the server runs it: the core's description of it (its collections and
/// mutations), a handler for each mutation, a source for each collection, its own REST
/// routes (each described by its handler, `openapi`) and what each community needs set up
/// for it.
pub struct Feature {
    pub core: &'static linli_core::sync::Feature,
    pub handlers: &'static [Handler],
    pub sources: &'static [Source],
    pub routes: fn() -> OpenApiRouter<AppState>,
    pub setup: Option<SetupFn>,
}

/// `handler!(NAME => path::to::async_fn)`: a [`Handler`] for an
/// `async fn(&mut db::Conn, &Ctx<'_>, &Mutation) -> Applied`.
macro_rules! handler {
    ($mutation:expr => $apply:path) => {
        $crate::sync::Handler {
            mutation: $mutation,
            apply: |tx, ctx, m| Box::pin($apply(tx, ctx, m)),
        }
    };
}
pub(crate) use handler;

/// `source!(COLLECTION => path::to::async_fn)`: a [`Source`] for an
/// `async fn(&mut db::Conn, &Viewer<'_>, &Window) -> sqlx::Result<Vec<Change>>`.
macro_rules! source {
    ($collection:expr => $changes:path) => {
        $crate::sync::Source {
            collection: $collection,
            changes: |tx, viewer, window| Box::pin($changes(tx, viewer, window)),
        }
    };
}
pub(crate) use source;
