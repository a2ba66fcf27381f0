//! The routes that belong to no feature: health, the list of communities, photos.

pub mod blobs;
pub mod communities;
pub mod health;
