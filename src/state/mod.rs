//! App-wide state, each piece provided once at the top of the app, and the write hook
//! every form records or sends through. A feature's own rows are read in its `state.rs`.

pub mod app_update;
pub mod community;
pub mod elder_mode;
pub mod install;
pub mod session;
pub mod sync;
pub mod write;
