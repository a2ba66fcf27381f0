//! App-wide state, each piece provided once at the top of the app.

pub mod directory;
pub mod session;
pub mod sync;
pub mod volunteer;
