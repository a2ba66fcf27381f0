pub mod accounts;
pub mod blobs;
pub mod communities;
pub mod health;
pub mod reports;
pub mod sync;
pub mod volunteer;
