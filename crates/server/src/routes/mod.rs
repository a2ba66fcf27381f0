pub mod accounts;
pub mod communities;
pub mod health;
pub mod sync;
