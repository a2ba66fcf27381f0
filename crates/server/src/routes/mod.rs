pub mod accounts;
pub mod communities;
pub mod health;
