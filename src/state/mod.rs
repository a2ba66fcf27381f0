//! App-wide state, each piece provided once at the top of the app.

pub mod app_update;
pub mod community;
pub mod directory;
pub mod elder_mode;
pub mod install;
pub mod reports;
pub mod session;
pub mod sync;
pub mod synced;
pub mod volunteer;
