//! The pure core of 邻里: domain types, validation and the wire protocol.
//!
//! Nothing here touches a browser or a database, so the same rules run on the
//! server, in the app (compiled to wasm32) and in fast native tests.

pub mod account;
pub mod blob;
pub mod community;
pub mod directory;
pub mod error;
pub mod health;
pub mod notice;
pub mod report;
pub mod search;
pub mod sync;
pub mod time;
pub mod validate;
pub mod volunteer;

/// Milliseconds since the Unix epoch (UTC). Used for every timestamp on the wire.
pub type Millis = i64;
