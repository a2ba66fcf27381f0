//! App-wide state, each piece provided once at the top of the app.

pub mod community;
pub mod directory;
pub mod elder_mode;
pub mod reports;
pub mod session;
pub mod sync;
pub mod volunteer;
